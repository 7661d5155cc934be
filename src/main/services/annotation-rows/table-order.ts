// Sorting two million rows in the time of a click: every sort key becomes a small integer rank
// (distinct values sorted once, natively or with the collator), then the rows are ordered by a
// stable counting sort on that rank. Ties keep the table's natural order (document, then file).

/** Where a row with no value goes: after every value, in either direction. */
export const NO_VALUE = -1

/**
 * `refs` reordered by `keys` (one per ref, NO_VALUE for none) in `bucketCount` buckets 0..n-1,
 * stably; descending reverses the buckets but keeps rows without a value last.
 */
export function countingSort(refs: Uint32Array, keys: Int32Array, bucketCount: number, desc: boolean): Uint32Array {
  const counts = new Uint32Array(bucketCount + 1)
  const bucketOf = (key: number) => (key === NO_VALUE ? bucketCount : desc ? bucketCount - 1 - key : key)
  for (let at = 0; at < refs.length; at++) counts[bucketOf(keys[at])]++
  let sum = 0
  for (let bucket = 0; bucket <= bucketCount; bucket++) {
    const count = counts[bucket]
    counts[bucket] = sum
    sum += count
  }
  const sorted = new Uint32Array(refs.length)
  for (let at = 0; at < refs.length; at++) sorted[counts[bucketOf(keys[at])]++] = refs[at]
  return sorted
}

/** Ranks of numbers (NaN: no value): equal numbers share a rank. */
export function numberRanks(values: Float64Array): { keys: Int32Array; buckets: number } {
  const present = values.filter((value) => !Number.isNaN(value)).sort()
  let distinct = 0
  for (let at = 0; at < present.length; at++) if (at === 0 || present[at] !== present[at - 1]) present[distinct++] = present[at]
  const unique = present.subarray(0, distinct)
  const keys = new Int32Array(values.length)
  for (let at = 0; at < values.length; at++) keys[at] = Number.isNaN(values[at]) ? NO_VALUE : lowerBound(unique, values[at])
  return { keys, buckets: distinct }
}

function lowerBound(sorted: Float64Array, value: number): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (sorted[middle] < value) low = middle + 1
    else high = middle
  }
  return low
}

/** Ranks of a set of strings (by code), with the collator; the empty string has no value. */
export function stringRanks(codes: readonly number[], textOf: (code: number) => string, collator: Intl.Collator): { ranks: Map<number, number>; buckets: number } {
  const named = codes.map((code) => ({ code, text: textOf(code) })).filter((entry) => entry.text !== '')
  named.sort((a, b) => collator.compare(a.text, b.text))
  const ranks = new Map<number, number>()
  let rank = -1
  for (let at = 0; at < named.length; at++) {
    if (at === 0 || collator.compare(named[at - 1].text, named[at].text) !== 0) rank++
    ranks.set(named[at].code, rank)
  }
  return { ranks, buckets: rank + 1 }
}

/** The first three UTF-16 code units of text[start, end) as one number, in their order. */
export function packedHead(text: string, start: number, end: number): number {
  const unit = (at: number) => (at < end ? text.charCodeAt(at) : 0)
  return unit(start) * 2 ** 32 + unit(start + 1) * 2 ** 16 + unit(start + 2)
}

/**
 * Rows ordered by a text nobody ranks in advance (the quote: two million distinct strings),
 * in UTF-16 code-unit order: first by the first three code units packed into one number
 * (a native numeric sort), then each run of equal beginnings by the whole text.
 */
export function sortByText(refs: Uint32Array, headOf: (at: number) => number, textOf: (ref: number) => string, desc: boolean): Uint32Array {
  const heads = new Float64Array(refs.length)
  for (let at = 0; at < refs.length; at++) heads[at] = headOf(at)
  const { keys, buckets } = numberRanks(heads)
  const positions = countingSort(Uint32Array.from({ length: refs.length }, (_, at) => at), keys, buckets, desc)
  // Runs of rows whose texts begin alike: ordered by the whole text, stably.
  let runStart = 0
  for (let at = 1; at <= positions.length; at++) {
    if (at < positions.length && heads[positions[at]] === heads[positions[runStart]]) continue
    if (at - runStart > 1) {
      const run = Array.from(positions.subarray(runStart, at), (position) => ({ position, text: textOf(refs[position]) }))
      run.sort((a, b) => (a.text === b.text ? 0 : (a.text < b.text) !== desc ? -1 : 1))
      for (let k = 0; k < run.length; k++) positions[runStart + k] = run[k].position
    }
    runStart = at
  }
  return positions.map((position) => refs[position])
}
