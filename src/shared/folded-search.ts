// Search that folds script and width (繁→简 with OpenCC's dictionaries, NFKC, lower case) and
// maps every hit back to exact offsets in the original text (UTF-16 code units), so a hit can
// be highlighted or annotated where it is (DESIGN §6).
//
// Folding goes one cluster at a time — a character with the combining marks after it — so the
// folded text comes with a map from each folded unit to the cluster it came from, whatever the
// lengths: NFKC expands ㈠ to "(一)" and ㎡ to "m2", composes e + U+0301 into é, and a
// supplementary character (𠀀) is two units. Zero-width characters (U+200B–U+200D, U+2060,
// U+FEFF) and the soft hyphen fold to nothing, so 高新\u200b技术 still matches 高新技术.
//
// Characters are converted one by one, not by OpenCC's phrase tables: both the document and the
// query go through the same function, so matching is consistent, and the per-character results
// are cached in typed tables, which is what makes folding 20 MB take well under a second.
// Pure: no Node, no DOM.
import { foldForMatching } from './fold'

// ---------------------------------------------------------------------------------------------
// Per-character tables (filled on first sight of each UTF-16 unit)

const CLASSIFIED = 1
/** Folds to one unit, stored in `simpleFold`. */
const SIMPLE = 2
/** A combining mark: belongs to the character before it. */
const MARK = 4
/** Invisible; folds to nothing. */
const IGNORABLE = 8
const HIGH_SURROGATE = 16

const unitInfo = new Uint8Array(0x10000)
const simpleFold = new Uint16Array(0x10000)
/** Folds of characters that do not fold to one unit (and of all supplementary characters). */
const complexFold = new Map<number, string>()

const ignorable = new Set([0x00ad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff])

function classify(unit: number): number {
  let info = CLASSIFIED
  if (unit >= 0xd800 && unit <= 0xdbff) {
    info |= HIGH_SURROGATE
  } else if (ignorable.has(unit)) {
    info |= IGNORABLE
  } else {
    const ch = String.fromCharCode(unit)
    if (/\p{M}/u.test(ch)) info |= MARK
    // A lone low surrogate stays as it is (the normalizer would not keep it intact).
    const folded = unit >= 0xdc00 && unit <= 0xdfff ? ch : foldForMatching(ch)
    if (folded.length === 1) {
      info |= SIMPLE
      simpleFold[unit] = folded.charCodeAt(0)
    } else {
      complexFold.set(unit, folded)
    }
  }
  unitInfo[unit] = info
  return info
}

function foldCodePoint(codePoint: number): string {
  let folded = complexFold.get(codePoint)
  if (folded === undefined) {
    folded = foldForMatching(String.fromCodePoint(codePoint))
    complexFold.set(codePoint, folded)
  }
  return folded
}

const infoOf = (unit: number): number => unitInfo[unit] || classify(unit)

const isIgnorableUnit = (unit: number): boolean => (infoOf(unit) & IGNORABLE) !== 0

// ---------------------------------------------------------------------------------------------
// Folding with an offset map

export interface FoldedText {
  folded: string
  /**
   * For each unit of `folded`, the offset in the original text of the character (with its
   * combining marks) it came from; one more entry at the end holds the original length.
   * Non-decreasing; equal for the units of one expansion (㈠ → "(一)").
   */
  toOriginal: Int32Array
}

export function foldWithMap(text: string): FoldedText {
  const n = text.length
  let out = new Uint16Array(n + 16)
  let map = new Int32Array(n + 17)
  let length = 0

  const push = (unit: number, origin: number): void => {
    if (length + 1 >= out.length) {
      const biggerOut = new Uint16Array(out.length * 2)
      biggerOut.set(out)
      out = biggerOut
      const biggerMap = new Int32Array(map.length * 2)
      biggerMap.set(map)
      map = biggerMap
    }
    out[length] = unit
    map[length] = origin
    length++
  }

  let i = 0
  while (i < n) {
    const unit = text.charCodeAt(i)
    const info = infoOf(unit)
    if (info & IGNORABLE) {
      i++
      continue
    }
    let baseEnd = i + 1
    let codePoint = unit
    if (info & HIGH_SURROGATE) {
      const low = i + 1 < n ? text.charCodeAt(i + 1) : 0
      if (low >= 0xdc00 && low <= 0xdfff) {
        baseEnd = i + 2
        codePoint = (unit - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000
      }
    }
    // The cluster: the character and the combining marks (and invisibles) after it.
    let end = baseEnd
    while (end < n && infoOf(text.charCodeAt(end)) & (MARK | IGNORABLE)) end++
    if (end === baseEnd && info & SIMPLE) {
      push(simpleFold[unit], i)
    } else {
      let folded: string
      if (end === baseEnd) {
        folded = codePoint === unit && info & HIGH_SURROGATE ? text[i] : foldCodePoint(codePoint)
      } else {
        let cluster = ''
        for (let k = i; k < end; k++) if (!isIgnorableUnit(text.charCodeAt(k))) cluster += text[k]
        folded = foldForMatching(cluster)
      }
      for (let k = 0; k < folded.length; k++) push(folded.charCodeAt(k), i)
    }
    i = end
  }
  map[length] = n

  let folded = ''
  const chunk = 8192
  for (let k = 0; k < length; k += chunk) {
    folded += String.fromCharCode.apply(null, out.subarray(k, Math.min(length, k + chunk)) as unknown as number[])
  }
  return { folded, toOriginal: map.slice(0, length + 1) }
}

/** The folded form of a query (or any text) without its map. */
export function foldQuery(query: string): string {
  return foldWithMap(query).folded
}

// ---------------------------------------------------------------------------------------------
// A compact map for prepared documents
//
// A full map costs four bytes per character (80 MB for a 20-million-character workspace). Most
// of it is "folded unit i comes from original unit i + d", so a prepared document keeps runs:
// from folded offset foldedStart[r] on, original = originalStart[r] + step[r] × (i − foldedStart[r]),
// with step 1 (one to one) or 0 (the units of one expansion). A plain Chinese document is one run.

interface RunMap {
  foldedStart: Int32Array
  originalStart: Int32Array
  step: Uint8Array
}

function compressMap(toOriginal: Int32Array): RunMap {
  const foldedStart: number[] = []
  const originalStart: number[] = []
  const step: number[] = []
  const n = toOriginal.length
  let i = 0
  while (i < n) {
    const diff = i + 1 < n ? toOriginal[i + 1] - toOriginal[i] : 1
    const runStep = diff === 0 ? 0 : 1
    let j = i + 1
    if (diff === 0 || diff === 1) {
      while (j < n && toOriginal[j] - toOriginal[j - 1] === runStep) j++
    }
    foldedStart.push(i)
    originalStart.push(toOriginal[i])
    step.push(runStep)
    i = j
  }
  return { foldedStart: Int32Array.from(foldedStart), originalStart: Int32Array.from(originalStart), step: Uint8Array.from(step) }
}

function runIndex(map: RunMap, i: number): number {
  let low = 0
  let high = map.foldedStart.length - 1
  while (low < high) {
    const mid = (low + high + 1) >> 1
    if (map.foldedStart[mid] <= i) low = mid
    else high = mid - 1
  }
  return low
}

function originalAt(map: RunMap, i: number): number {
  const r = runIndex(map, i)
  return map.originalStart[r] + map.step[r] * (i - map.foldedStart[r])
}

// ---------------------------------------------------------------------------------------------
// Search

/** A document folded once, to be searched many times. */
export interface PreparedText {
  readonly text: string
  readonly folded: string
  readonly map: RunMap
}

export function prepareSearch(text: string): PreparedText {
  const { folded, toOriginal } = foldWithMap(text)
  return { text, folded, map: compressMap(toOriginal) }
}

export interface SearchOptions {
  /** Hits to return (default 100); `total` counts them all. */
  limit?: number
  /** Hits to skip, for paging (default 0). */
  offset?: number
  /** UTF-16 units of text to return before and after each hit (default 20). */
  context?: number
}

export interface SearchHit {
  /** UTF-16 offsets into the original text: text.slice(start, end) is the match as written. */
  start: number
  end: number
  before: string
  match: string
  after: string
}

export interface SearchResult {
  total: number
  hits: SearchHit[]
}

/** The original range of the folded range [foldedStart, foldedEnd): whole characters. */
function originalRange(prepared: PreparedText, foldedStart: number, foldedEnd: number): [number, number] {
  const { map, text } = prepared
  const start = originalAt(map, foldedStart)
  const last = originalAt(map, foldedEnd - 1)
  // The end is where the next character starts; when foldedEnd falls inside an expansion
  // (a query "一" in ㈠ → "(一)"), the hit takes the whole character that expanded.
  let end = originalAt(map, foldedEnd)
  for (let j = foldedEnd + 1; end <= last; j++) end = originalAt(map, j)
  // Invisible characters after the last matched one are not part of the match.
  while (end > start && isIgnorableUnit(text.charCodeAt(end - 1))) end--
  return [start, end]
}

const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff
const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff

function contextAround(text: string, start: number, end: number, context: number): { before: string; after: string } {
  let from = Math.max(0, start - context)
  if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from++
  let to = Math.min(text.length, end + context)
  if (to < text.length && isHighSurrogate(text.charCodeAt(to - 1))) to--
  return { before: text.slice(from, start), after: text.slice(end, to) }
}

function optionsOf(options: SearchOptions): { limit: number; offset: number; context: number } {
  const whole = (value: number | undefined, fallback: number): number =>
    value === undefined || !Number.isFinite(value) ? fallback : Math.max(0, Math.floor(value))
  return { limit: whole(options.limit, 100), offset: whole(options.offset, 0), context: whole(options.context, 20) }
}

/** Visits every non-overlapping occurrence of `needle`, left to right; stops when told to. */
function forEachOccurrence(haystack: string, needle: string, visit: (index: number) => void): void {
  let from = 0
  for (;;) {
    const index = haystack.indexOf(needle, from)
    if (index === -1) return
    visit(index)
    from = index + needle.length
  }
}

function hitAt(prepared: PreparedText, foldedIndex: number, foldedLength: number, context: number): SearchHit {
  const [start, end] = originalRange(prepared, foldedIndex, foldedIndex + foldedLength)
  return { start, end, match: prepared.text.slice(start, end), ...contextAround(prepared.text, start, end, context) }
}

/**
 * Every occurrence of `query` in the text, folded on both sides; non-overlapping, in text order.
 * Pass a `prepareSearch` result to fold a document once and search it many times.
 */
export function searchFolded(source: string | PreparedText, query: string, options: SearchOptions = {}): SearchResult {
  const prepared = typeof source === 'string' ? prepareSearch(source) : source
  const needle = foldQuery(query)
  if (needle === '') return { total: 0, hits: [] }
  const { limit, offset, context } = optionsOf(options)
  const hits: SearchHit[] = []
  let total = 0
  forEachOccurrence(prepared.folded, needle, (index) => {
    if (total >= offset && hits.length < limit) hits.push(hitAt(prepared, index, needle.length, context))
    total++
  })
  return { total, hits }
}

/** One search over many prepared documents (the workspace), paged across all of them. */
export function searchDocuments<Id>(
  documents: Iterable<{ id: Id; prepared: PreparedText }>,
  query: string,
  options: SearchOptions = {},
): { total: number; hits: Array<SearchHit & { documentId: Id }> } {
  const needle = foldQuery(query)
  if (needle === '') return { total: 0, hits: [] }
  const { limit, offset, context } = optionsOf(options)
  const hits: Array<SearchHit & { documentId: Id }> = []
  let total = 0
  for (const { id, prepared } of documents) {
    forEachOccurrence(prepared.folded, needle, (index) => {
      if (total >= offset && hits.length < limit) {
        hits.push({ documentId: id, ...hitAt(prepared, index, needle.length, context) })
      }
      total++
    })
  }
  return { total, hits }
}
