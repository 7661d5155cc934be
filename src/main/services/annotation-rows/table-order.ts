// Sorting two million rows in the time of a click: every sort key becomes a small integer rank
// (distinct values sorted once, natively or with the collator), then the rows are ordered by a
// stable counting sort on that rank. Ties keep the table's natural order (document, then file).
// Quotes, too many distinct texts to rank first, are ordered by a radix sort over their code
// units read in place (orderSpans).

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

/**
 * Texts read in place: position `at` is texts[text[at]] from start[at] to end[at]. The table's
 * quotes are one string per document, so sorting them slices nothing.
 */
export interface TextSpans {
  texts: readonly string[]
  text: Uint32Array
  start: Uint32Array
  end: Uint32Array
}

/** Three code units make one key: each unit + 1 in base 65537, 0 where the text has ended. */
const UNITS_PER_KEY = 3
const UNIT_VALUES = 65537
/** Groups this small are ordered by insertion, comparing texts, instead of key by key. */
const SMALL_GROUP = 16
/**
 * Groups up to this size, from this depth on, are first checked for being one text and its
 * beginnings (orderChain). Earlier, texts that begin alike are seldom that; larger groups seldom.
 */
const CHAIN_MAX = 512
const CHAIN_FROM = 6
/** Rests longer than this that must equal the longest text's are compared natively (a slice). */
const UNITS_IN_LOOP = 32
/** Units compared one by one before the rests of two texts are compared natively (a slice each). */
const UNITS_IN_PLACE = 16

/**
 * Positions 0…n-1 of `spans` reordered in UTF-16 code-unit order (JavaScript's own string order),
 * ties in position order, descending reversing the texts' order but not the ties'; an empty text
 * is the smallest. An MSD radix sort: the rows are first spread by their first code unit (a
 * counting sort, the texts read in memory order), then each group of texts that begin alike is
 * split three ways on its next three code units (a multikey quicksort), read in place, only the
 * middle part going on three units deeper; small groups are finished by insertion. Quotes repeat
 * (the same passage annotated in several documents) and begin one another (spans of one passage
 * of different lengths): a group that is one text and its beginnings is ordered by length at once
 * (orderChain) instead of three units at a time to its end.
 */
function orderSpans(spans: TextSpans, desc: boolean): Uint32Array {
  const { texts, text, start, end } = spans
  const count = text.length
  // Rows spread by their first code unit (a counting sort): far cheaper than splitting two
  // million rows key by key, and the groups it leaves are small. The first three code units of
  // every text are read in the rows' own order, which is the texts' order in memory.
  const groupOf = (key: number) => (desc ? UNIT_VALUES - 1 - Math.floor(key / UNIT_VALUES ** 2) : Math.floor(key / UNIT_VALUES ** 2))
  const firstKeys = new Float64Array(count)
  const groupStarts = new Uint32Array(UNIT_VALUES + 1)
  for (let at = 0; at < count; at++) {
    const key = keyAt(texts[text[at]], start[at], end[at])
    firstKeys[at] = key
    groupStarts[groupOf(key) + 1]++
  }
  for (let group = 0; group < UNIT_VALUES; group++) groupStarts[group + 1] += groupStarts[group]
  const order = new Uint32Array(count)
  // The key of order[slot] at the group's depth, moved along with it while the group is split.
  const keys = new Float64Array(count)
  const sign = desc ? -1 : 1
  const next = groupStarts.slice(0, UNIT_VALUES)
  // Each row's span, in slot order too, so that a group reads its spans in memory order.
  const slotText = new Uint32Array(count)
  const slotStart = new Uint32Array(count)
  const slotEnd = new Uint32Array(count)
  for (let at = 0; at < count; at++) {
    const slot = next[groupOf(firstKeys[at])]++
    order[slot] = at
    keys[slot] = sign * firstKeys[at]
    slotText[slot] = text[at]
    slotStart[slot] = start[at]
    slotEnd[slot] = end[at]
  }
  const bySlot: TextSpans = { texts, text: slotText, start: slotStart, end: slotEnd }
  // Groups still to order: first slot, end slot, depth (code units all its texts share), whether
  // keys hold the units at that depth, and the depth from which it is checked for being a chain.
  const stack: number[] = []
  const scratch = new Float64Array(Math.min(count, CHAIN_MAX))
  for (let group = 0; group < UNIT_VALUES; group++) if (groupStarts[group + 1] - groupStarts[group] > 1) stack.push(groupStarts[group], groupStarts[group + 1], 0, 1, CHAIN_FROM)
  while (stack.length > 0) {
    let checkFrom = stack.pop()!
    const keysReady = stack.pop()!
    const depth = stack.pop()!
    const high = stack.pop()!
    const low = stack.pop()!
    if (high - low < 2) continue
    if (high - low <= SMALL_GROUP) {
      sortSmallGroup(spans, order, low, high, depth, desc)
      continue
    }
    if (depth >= checkFrom && high - low <= CHAIN_MAX) {
      if (orderChain(bySlot, order, low, high, depth, desc, scratch)) continue
      // Checked again only twice as deep: texts that part late cost a few checks, not one per key.
      checkFrom = 2 * depth + UNITS_PER_KEY
    }
    if (!keysReady) {
      for (let slot = low; slot < high; slot++) {
        keys[slot] = sign * keyAt(texts[slotText[slot]], slotStart[slot] + depth, slotEnd[slot])
      }
    }
    const pivot = medianOfThree(keys[low], keys[(low + high) >>> 1], keys[high - 1])
    // Three ways: [low, less) below the pivot, [less, more) equal to it, [more, high) above.
    let less = low
    let more = high
    let slot = low
    while (slot < more) {
      const key = keys[slot]
      if (key < pivot) {
        swap(order, keys, bySlot, slot++, less++)
      } else if (key > pivot) {
        swap(order, keys, bySlot, slot, --more)
      } else slot++
    }
    stack.push(low, less, depth, 1, checkFrom, more, high, depth, 1, checkFrom)
    // The equal part: texts that have ended within these units are equal; ties in position order.
    if ((sign * pivot) % UNIT_VALUES === 0) order.subarray(less, more).sort()
    else if (less > low || more < high || depth < checkFrom) stack.push(less, more, depth + UNITS_PER_KEY, 0, checkFrom)
    // A large group whose keys all agree (too large for orderChain): one text many times is ended at once.
    else if (isOneText(bySlot, low, high, depth)) order.subarray(low, high).sort()
    else stack.push(less, more, depth + UNITS_PER_KEY, 0, 2 * depth + UNITS_PER_KEY)
  }
  return order
}

/** `refs` ordered by their texts (spans.text[at] etc. belong to refs[at]), as orderSpans orders positions. */
export function sortByText(refs: Uint32Array, spans: TextSpans, desc: boolean): Uint32Array {
  const order = orderSpans(spans, desc)
  for (let at = 0; at < order.length; at++) order[at] = refs[order[at]]
  return order
}

/** Whether the texts at slots low…high (bySlot: spans in slot order), which agree before `depth`, are one text. */
function isOneText(bySlot: TextSpans, low: number, high: number, depth: number): boolean {
  const { texts, text, start, end } = bySlot
  const length = end[low] - start[low]
  for (let slot = low + 1; slot < high; slot++) if (end[slot] - start[slot] !== length) return false
  const rest = texts[text[low]].slice(start[low] + depth, end[low])
  for (let slot = low + 1; slot < high; slot++) if (texts[text[slot]].slice(start[slot] + depth, end[slot]) !== rest) return false
  return true
}

/** The key of text[from, until): its first three code units (one test of the length, then straight reads). */
function keyAt(text: string, from: number, until: number): number {
  if (until - from >= 3) return ((text.charCodeAt(from) + 1) * UNIT_VALUES + text.charCodeAt(from + 1) + 1) * UNIT_VALUES + text.charCodeAt(from + 2) + 1
  if (until - from === 2) return ((text.charCodeAt(from) + 1) * UNIT_VALUES + text.charCodeAt(from + 1) + 1) * UNIT_VALUES
  if (until - from === 1) return (text.charCodeAt(from) + 1) * UNIT_VALUES * UNIT_VALUES
  return 0
}

/** Swaps two slots: the row, its key and its span. */
function swap(order: Uint32Array, keys: Float64Array, bySlot: TextSpans, a: number, b: number): void {
  const at = order[a]
  order[a] = order[b]
  order[b] = at
  const key = keys[a]
  keys[a] = keys[b]
  keys[b] = key
  const { text, start, end } = bySlot
  const t = text[a]
  text[a] = text[b]
  text[b] = t
  const s = start[a]
  start[a] = start[b]
  start[b] = s
  const e = end[a]
  end[a] = end[b]
  end[b] = e
}

function medianOfThree(a: number, b: number, c: number): number {
  if (a < b) return b < c ? b : a < c ? c : a
  return a < c ? a : b < c ? c : b
}

/**
 * Orders the texts at order[low…high), which share their first `depth` units, when each is a
 * beginning of the longest (or equal to it): by length, equal lengths (equal texts) in position
 * order. False, having changed nothing, when one is not. `bySlot` holds the spans in slot order
 * (bySlot.text[slot] belongs to order[slot]); the group is finished, so they are left as they are.
 */
function orderChain(bySlot: TextSpans, order: Uint32Array, low: number, high: number, depth: number, desc: boolean, scratch: Float64Array): boolean {
  const { texts, text, start, end } = bySlot
  let longest = low
  let longLength = end[low] - start[low]
  for (let slot = low + 1; slot < high; slot++) {
    if (end[slot] - start[slot] > longLength) {
      longest = slot
      longLength = end[slot] - start[slot]
    }
  }
  if (longLength >= 2 ** 21) return false
  const longText = texts[text[longest]]
  const longFrom = start[longest] + depth
  let longRest: string | undefined
  for (let slot = low; slot < high; slot++) {
    const at = order[slot]
    const source = texts[text[slot]]
    const from = start[slot] + depth
    const until = end[slot]
    if (until - from === longLength - depth && until - from > UNITS_IN_LOOP) {
      longRest ??= longText.slice(longFrom, longFrom + longLength - depth)
      if (source.slice(from, until) !== longRest) return false
    } else {
      const offset = longFrom - from
      for (let unit = from; unit < until; unit++) if (source.charCodeAt(unit) !== longText.charCodeAt(unit + offset)) return false
    }
    const length = until - start[slot]
    scratch[slot - low] = (desc ? longLength - length : length) * 2 ** 32 + at
  }
  const ranked = scratch.subarray(0, high - low).sort()
  for (let k = 0; k < ranked.length; k++) order[low + k] = ranked[k] % 2 ** 32
  return true
}

/** A few texts that agree before `depth`, ordered by insertion, ties in position order. */
function sortSmallGroup(spans: TextSpans, order: Uint32Array, low: number, high: number, depth: number, desc: boolean): void {
  for (let slot = low + 1; slot < high; slot++) {
    const moving = order[slot]
    let to = slot
    while (to > low) {
      const other = order[to - 1]
      const sign = compareSpans(spans, moving, other, depth)
      if (!(desc ? sign > 0 : sign < 0) && !(sign === 0 && moving < other)) break
      order[to] = other
      to--
    }
    order[to] = moving
  }
}

/** How the texts at positions a and b compare from `depth` on: in place for their first units, natively past them. */
function compareSpans(spans: TextSpans, a: number, b: number, depth: number): number {
  const { texts, text, start, end } = spans
  const textA = texts[text[a]]
  const textB = texts[text[b]]
  let unitA = start[a] + depth
  let unitB = start[b] + depth
  const endA = end[a]
  const endB = end[b]
  for (let step = 0; step < UNITS_IN_PLACE; step++) {
    if (unitA === endA || unitB === endB) return (endA - unitA) - (endB - unitB)
    const difference = textA.charCodeAt(unitA) - textB.charCodeAt(unitB)
    if (difference !== 0) return difference
    unitA++
    unitB++
  }
  const restA = textA.slice(unitA, endA)
  const restB = textB.slice(unitB, endB)
  return restA === restB ? 0 : restA < restB ? -1 : 1
}
