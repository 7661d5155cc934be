// The unplaced list without an object per entry until one is read (issue 13). In a large workspace
// half the figures can lack a field the matrix needs (670,000 of the big bench's 1.34 M): made as
// objects, each with its quote and id, they were most of a first opening's time, though the view
// shows 200 of them. Here the list is its entries' places in the engine's figure columns, sorted
// by what the order needs (document year and title, start, reason: no quote, no id); an entry
// becomes an UnplacedFigure when it is read. It is handed out as an array (a Proxy over the list)
// so that every reader — the page, the command line, the tests — reads it as before.
import type { FigureInput } from './figure-columns'
import type { ObservationSource } from './compare-model'
import { unplacedFigure, type UnplacedFigure, type UnplacedReason } from './compare-unplaced'
import { lazyArray } from './lazy-array'

/** The order of reasons among figures of one place (as sortUnplaced orders them). */
export const REASON_CODES: readonly UnplacedReason[] = ['no-year', 'no-indicator', 'no-value', 'unit-mismatch']

const byTitle = new Intl.Collator()

/** What the list's order reads of an entry. */
interface EntryKey {
  documentYear: number | null
  documentTitle: string
  start: number
  reason: UnplacedReason
}

/** The order of sortUnplaced: newest document first, then by title, by place in the text, by reason. */
export function compareEntries(a: EntryKey, b: EntryKey): number {
  return (
    (b.documentYear ?? -Infinity) - (a.documentYear ?? -Infinity) ||
    (a.documentTitle === b.documentTitle ? 0 : byTitle.compare(a.documentTitle, b.documentTitle)) ||
    a.start - b.start ||
    REASON_CODES.indexOf(a.reason) - REASON_CODES.indexOf(b.reason)
  )
}

/** The engine's unplaced figures, in the engine's columns, sorted. */
export class UnplacedEntries {
  constructor(
    private readonly input: FigureInput,
    private readonly sources: ReadonlyMap<string, ObservationSource>,
    /** Each entry's figure, by its number in `input`. */
    private readonly figures: Int32Array,
    private readonly reasons: Uint8Array,
    /** The indicator's unit of an entry whose unit could not be converted, by entry. */
    private readonly indicatorUnits: ReadonlyMap<number, string>,
    /** Each entry's set in `input` and its place there, so that reading its group or order finds it at once. */
    private readonly setNumbers: Int32Array,
    private readonly indexes: Int32Array,
  ) {}

  get length(): number {
    return this.figures.length
  }

  /** Entry `at` as an UnplacedFigure, made as it is read (see lazy-array.ts). */
  entry(at: number): UnplacedFigure {
    const figure = this.input.figure(this.figures[at])
    return unplacedFigure(figure, REASON_CODES[this.reasons[at]], this.sources.get(figure.documentId), this.indicatorUnits.get(at) ?? null)
  }

  /** The entry's group (its indicator, '' for none), without making it. */
  group(at: number): string {
    return this.input.sets[this.setNumbers[at]].indicator(this.indexes[at]) || ''
  }

  /** What the order reads of entry `at`, without making it. */
  key(at: number): EntryKey {
    const set = this.input.sets[this.setNumbers[at]]
    const index = this.indexes[at]
    const source = this.sources.get(set.documentId)
    return { documentYear: source?.year ?? null, documentTitle: source?.title ?? set.documentId, start: set.startOf(index), reason: REASON_CODES[this.reasons[at]] }
  }

}

/**
 * Unplaced figures found by the engine in their columns (figure numbers with reasons, in the
 * engine's order of finding them), sorted as sortUnplaced sorts: a stable sort on the document's
 * rank (its year and title, worked out once per document), the start and the reason.
 */
export function sortedEntries(
  input: FigureInput,
  sources: ReadonlyMap<string, ObservationSource>,
  found: { figures: number[]; setNumbers: number[]; indexes: number[]; reasons: number[]; indicatorUnits: Map<number, string> },
): UnplacedEntries {
  const count = found.figures.length
  // Each document's place in the order, equal for documents the order does not tell apart.
  const rankOfSet = new Int32Array(input.sets.length)
  const present = [...new Set(found.setNumbers)]
  const keyOf = (setNumber: number) => {
    const documentId = input.sets[setNumber].documentId
    const source = sources.get(documentId)
    return { setNumber, documentYear: source?.year ?? null, documentTitle: source?.title ?? documentId }
  }
  const ordered = present.map(keyOf)
  const byDocument = (a: (typeof ordered)[number], b: (typeof ordered)[number]) =>
    (b.documentYear ?? -Infinity) - (a.documentYear ?? -Infinity) || (a.documentTitle === b.documentTitle ? 0 : byTitle.compare(a.documentTitle, b.documentTitle))
  ordered.sort(byDocument)
  let rank = 0
  for (let n = 0; n < ordered.length; n++) {
    if (n > 0 && byDocument(ordered[n - 1], ordered[n]) !== 0) rank++
    rankOfSet[ordered[n].setNumber] = rank
  }
  const ranks = new Int32Array(count)
  const starts = new Float64Array(count)
  // Grown by push: an array made at its full length of hundreds of thousands is a slow dictionary in V8.
  const order: number[] = []
  for (let n = 0; n < count; n++) {
    ranks[n] = rankOfSet[found.setNumbers[n]]
    starts[n] = input.sets[found.setNumbers[n]].startOf(found.indexes[n])
    order.push(n)
  }
  const reasons = found.reasons
  // Stable: entries the order ties keep the order the engine found them in, as sortUnplaced keeps it.
  order.sort((a, b) => ranks[a] - ranks[b] || starts[a] - starts[b] || reasons[a] - reasons[b])
  const figures = new Int32Array(count)
  const sortedReasons = new Uint8Array(count)
  const sortedSets = new Int32Array(count)
  const sortedIndexes = new Int32Array(count)
  const indicatorUnits = new Map<number, string>()
  for (let n = 0; n < count; n++) {
    const from = order[n]
    figures[n] = found.figures[from]
    sortedSets[n] = found.setNumbers[from]
    sortedIndexes[n] = found.indexes[from]
    sortedReasons[n] = reasons[from]
    const unit = found.indicatorUnits.get(from)
    if (unit !== undefined) indicatorUnits.set(n, unit)
  }
  return new UnplacedEntries(input, sources, figures, sortedReasons, indicatorUnits, sortedSets, sortedIndexes)
}

/** 0, 1, … count - 1. */
function counting(count: number): Int32Array {
  const numbers = new Int32Array(count)
  for (let n = 0; n < count; n++) numbers[n] = n
  return numbers
}

/**
 * An unplaced list: entries of the engine's lists (`slots` ≥ 0: [list, entry] pairs in `lists`),
 * or figures made already (a splice's recomputed ones). Read as an array through `unplacedArray`.
 */
export class UnplacedList {
  constructor(
    readonly lists: readonly UnplacedEntries[],
    /** Per slot: the list it is from (-1: from `figures`) and its entry there (or its place in `figures`). */
    readonly listOf: Int32Array,
    readonly entryOf: Int32Array,
    readonly figures: readonly UnplacedFigure[],
  ) {}

  static of(entries: UnplacedEntries): UnplacedList {
    return new UnplacedList([entries], new Int32Array(entries.length), counting(entries.length), [])
  }

  static ofFigures(figures: readonly UnplacedFigure[]): UnplacedList {
    return new UnplacedList([], new Int32Array(figures.length).fill(-1), counting(figures.length), figures)
  }

  get length(): number {
    return this.listOf.length
  }

  at(slot: number): UnplacedFigure {
    const list = this.listOf[slot]
    return list < 0 ? this.figures[this.entryOf[slot]] : this.lists[list].entry(this.entryOf[slot])
  }

  group(slot: number): string {
    const list = this.listOf[slot]
    return list < 0 ? this.figures[this.entryOf[slot]].indicator ?? '' : this.lists[list].group(this.entryOf[slot])
  }

  key(slot: number): EntryKey {
    const list = this.listOf[slot]
    return list < 0 ? this.figures[this.entryOf[slot]] : this.lists[list].key(this.entryOf[slot])
  }
}

const listsOfArrays = new WeakMap<readonly UnplacedFigure[], UnplacedList>()

/** The list behind an array `unplacedArray` gave, or the array's figures as a list. */
export function unplacedListOf(array: readonly UnplacedFigure[]): UnplacedList {
  return listsOfArrays.get(array) ?? UnplacedList.ofFigures(array)
}

/** The list as a read-only array whose entries are made when read (see lazy-array.ts). */
export function unplacedArray(list: UnplacedList): UnplacedFigure[] {
  const array = lazyArray(list.length, (n) => list.at(n))
  listsOfArrays.set(array, list)
  return array
}

/** Entries the order cannot tell apart (their order is the order they were found in). */
function tied(a: EntryKey, b: EntryKey): boolean {
  return a.documentYear === b.documentYear && a.documentTitle === b.documentTitle && a.start === b.start && a.reason === b.reason
}

/**
 * The list without the entries of `touched` groups, with `fresh` (sorted, the touched groups'
 * recomputed entries) merged in as sortUnplaced would sort the two together (stable: on a tie the
 * entry kept comes first). Null when a fresh entry ties with one of another group: which came first
 * in a full computation depends on where each was found, which the splice cannot tell. No entry is
 * made: the order reads their places in the columns.
 */
export function splicedUnplaced(before: readonly UnplacedFigure[], touched: ReadonlySet<string>, freshArray: readonly UnplacedFigure[]): UnplacedFigure[] | null {
  const list = unplacedListOf(before)
  const fresh = unplacedListOf(freshArray)
  // Where each fresh entry goes among all the kept list's (those of touched groups, left out
  // below, do not change where): before the first entry it sorts before, after its ties.
  const insertAt = new Int32Array(fresh.length)
  for (let n = 0; n < fresh.length; n++) {
    const key = fresh.key(n)
    let low = n > 0 ? insertAt[n - 1] : 0
    let high = list.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (compareEntries(key, list.key(middle)) < 0) high = middle
      else low = middle + 1
    }
    insertAt[n] = low
  }
  // The fresh list's own lists and figures come after the kept list's.
  const lists = [...list.lists, ...fresh.lists]
  const figures = [...list.figures, ...fresh.figures]
  const listOf: number[] = []
  const entryOf: number[] = []
  const freshSlots: number[] = []
  let next = 0
  const takeFresh = () => {
    freshSlots.push(listOf.length)
    const from = fresh.listOf[next]
    listOf.push(from < 0 ? -1 : from + list.lists.length)
    entryOf.push(from < 0 ? fresh.entryOf[next] + list.figures.length : fresh.entryOf[next])
    next++
  }
  for (let slot = 0; slot < list.length; slot++) {
    while (next < fresh.length && insertAt[next] === slot) takeFresh()
    if (touched.has(list.group(slot))) continue
    listOf.push(list.listOf[slot])
    entryOf.push(list.entryOf[slot])
  }
  while (next < fresh.length) takeFresh()
  const spliced = new UnplacedList(lists, Int32Array.from(listOf), Int32Array.from(entryOf), figures)
  for (const slot of freshSlots) {
    for (const other of [slot - 1, slot + 1]) {
      if (other < 0 || other >= spliced.length) continue
      if (tied(spliced.key(slot), spliced.key(other)) && spliced.group(slot) !== spliced.group(other)) return null
    }
  }
  return unplacedArray(spliced)
}

/** How many entries each group has, without making them. */
export function unplacedGroupCounts(unplaced: readonly UnplacedFigure[]): Map<string, number> {
  const list = unplacedListOf(unplaced)
  const counts = new Map<string, number>()
  for (let slot = 0; slot < list.length; slot++) {
    const group = list.group(slot)
    counts.set(group, (counts.get(group) ?? 0) + 1)
  }
  return counts
}
