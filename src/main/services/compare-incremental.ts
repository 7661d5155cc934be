// Compare made incremental (issue 13): after an edit, the rows of the indicators it touches are
// computed again by the one engine (compareAcrossYears over the figures of those indicators only)
// and spliced into the matrix kept from before; every other row stays as it was.
//
// What makes this exact: every part of a row (its cells, statuses, unit, warnings, whether a status
// filter keeps it) depends only on the figures of its own indicator, in the order the workspace holds
// them, on the documents and on the codebook entry of that indicator. The unplaced list is the union
// of each indicator's own (figures without an indicator form a group of their own). What is not
// local — a change of the documents (their years decide "no evidence"), the tolerance, the filters —
// gives a full computation. Where the engine's order could not be reproduced without guessing (two
// rows of the same name, two unplaced figures the engine's order leaves tied), the splice gives up
// and the matrix is computed in full; the equivalence test (tests/unit/compare-index.test.ts) checks
// every spliced matrix against a full one.
import { compareAcrossYears, type CompareFilters, type CompareResult, type CompareRow, type FigureAnnotation } from '../../shared/compare'
import { cellYearsOf } from '../../shared/compare-cells'
import type { UnplacedFigure } from '../../shared/compare-unplaced'
import { splicedUnplaced, unplacedGroupCounts } from '../../shared/compare-unplaced-list'
import { pickedColumns, type FigureColumns } from '../../shared/figure-columns'
import type { DocumentRecord, Indicator } from '../../shared/model'

/** Everything a matrix is computed from: per-document figure columns, replaced (never mutated) when their file changes. */
export interface MatrixInputs {
  arrays: ReadonlyArray<FigureColumns>
  documents: readonly DocumentRecord[]
  indicators: readonly Indicator[]
  tolerancePercent: number
  filters: CompareFilters
}

/** A figure's group: its indicator key, or '' for a figure without one (the unplaced list's "no indicator"). */
function groupOf(figure: FigureAnnotation): string {
  return figure.attributes.indicator || ''
}

function sameAttributes(a: FigureAnnotation['attributes'], b: FigureAnnotation['attributes']): boolean {
  if (a === b) return true
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  for (const key of keys) {
    const value = (a as Record<string, unknown>)[key]
    if (value !== (b as Record<string, unknown>)[key] || (typeof value === 'object' && value !== null)) return false
  }
  return true
}

function sameFigure(a: FigureAnnotation, b: FigureAnnotation): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.documentId === b.documentId &&
      a.start === b.start &&
      a.quote === b.quote &&
      a.label === b.label &&
      a.status === b.status &&
      sameAttributes(a.attributes, b.attributes))
  )
}

/** Each group's figures of one document, in the document's order. */
function byGroup(figures: readonly FigureAnnotation[]): Map<string, FigureAnnotation[]> {
  const groups = new Map<string, FigureAnnotation[]>()
  for (const figure of figures) {
    const group = groupOf(figure)
    const list = groups.get(group)
    if (list) list.push(figure)
    else groups.set(group, [figure])
  }
  return groups
}

/**
 * The groups whose figures in this document differ between two versions of its array: a figure
 * added, removed, changed, or moved within its group (order breaks ties between figures of one document).
 */
export function touchedGroups(before: FigureColumns, after: FigureColumns, into: Set<string>): void {
  const old = byGroup(before.all())
  const now = byGroup(after.all())
  for (const [group, figures] of now) {
    const previous = old.get(group)
    if (!previous || previous.length !== figures.length || figures.some((figure, at) => !sameFigure(figure, previous[at]))) into.add(group)
  }
  for (const group of old.keys()) if (!now.has(group)) into.add(group)
}

/** The keys whose codebook entry, as the engine reads it (name, unit, direction, presence), differs. */
function changedIndicators(before: readonly Indicator[], after: readonly Indicator[], into: Set<string>): void {
  const old = new Map(before.map((indicator) => [indicator.key, indicator]))
  const now = new Map(after.map((indicator) => [indicator.key, indicator]))
  for (const [key, indicator] of now) {
    const previous = old.get(key)
    if (!previous || previous.name !== indicator.name || previous.unit !== indicator.unit || previous.higherIsBetter !== indicator.higherIsBetter) into.add(key)
  }
  for (const key of old.keys()) if (!now.has(key)) into.add(key)
}

// The engine's row order: indicators of the codebook first, then by name in Chinese collation.
// Checked, not assumed: a splice whose neighbours do not compare strictly gives a full computation.
const byName = new Intl.Collator('zh-CN')
function rowOrder(a: CompareRow, b: CompareRow): number {
  return a.inCodebook === b.inCodebook ? byName.compare(a.name, b.name) : a.inCodebook ? -1 : 1
}

export function computeMatrix(inputs: MatrixInputs, figures: readonly FigureColumns[]): CompareResult {
  return compareAcrossYears({ figures, documents: inputs.documents, indicators: inputs.indicators, tolerancePercent: inputs.tolerancePercent, filters: inputs.filters })
}

/** One group's figures: where each is, as its document's place in the arrays and its own place in the document. */
interface GroupList {
  documents: number[]
  figures: number[]
}

/**
 * Every group's figures in the workspace's order (document by document, each in its file's order),
 * so that an edit's figures are found without a pass over millions: kept beside a matrix, and
 * moved along with each edit by replacing the edited documents' stretches. Figures are kept as
 * places in the columns, not as objects: only an edit's groups become annotations.
 */
export class FigureGroups {
  private readonly lists = new Map<string, GroupList>()
  /** How many documents' figures the lists hold: they are filled a few documents at a time. */
  private filled = 0

  constructor(
    /** The columns the lists point into (once filled). */
    public arrays: ReadonlyArray<FigureColumns>,
  ) {}

  private listOf(group: string): GroupList {
    let list = this.lists.get(group)
    if (!list) {
      list = { documents: [], figures: [] }
      this.lists.set(group, list)
    }
    return list
  }

  /**
   * Files the figures of up to `documents` more documents; true once every one is filed. Main fills
   * the lists between requests; an edit before then finishes them.
   */
  fill(documents = Infinity): boolean {
    const end = Math.min(this.arrays.length, this.filled + documents)
    for (; this.filled < end; this.filled++) {
      const columns = this.arrays[this.filled]
      let lastGroup: string | undefined
      let list: GroupList | undefined
      for (let at = 0; at < columns.size; at++) {
        const group = columns.indicator(at) || ''
        if (group !== lastGroup) {
          lastGroup = group
          list = this.listOf(group)
        }
        list!.documents.push(this.filled)
        list!.figures.push(at)
      }
    }
    return this.filled === this.arrays.length
  }

  /** The first position in `list` whose document comes at or after document `at` (after it, with `after`). */
  private boundary(list: GroupList, at: number, after: boolean): number {
    let low = 0
    let high = list.documents.length
    while (low < high) {
      const middle = (low + high) >>> 1
      const position = list.documents[middle]
      if (position < at || (after && position === at)) low = middle + 1
      else high = middle
    }
    return low
  }

  /** Document `at` now holds `columns`. */
  replace(at: number, columns: FigureColumns): void {
    this.fill()
    const before = this.arrays[at]
    const now = new Map<string, number[]>()
    for (let n = 0; n < columns.size; n++) {
      const group = columns.indicator(n) || ''
      const figures = now.get(group)
      if (figures) figures.push(n)
      else now.set(group, [n])
    }
    const groups = new Set(now.keys())
    for (let n = 0; n < before.size; n++) groups.add(before.indicator(n) || '')
    for (const group of groups) {
      const list = this.listOf(group)
      const from = this.boundary(list, at, false)
      const count = this.boundary(list, at, true) - from
      const figures = now.get(group) ?? []
      list.documents.splice(from, count, ...figures.map(() => at))
      list.figures.splice(from, count, ...figures)
      if (list.documents.length === 0) this.lists.delete(group)
    }
  }

  /**
   * The figures of these groups in the workspace's order, as the engine's input: what it would read
   * of them in a full pass. Columns picked from each document's, so no figure is made.
   */
  figuresOf(groups: ReadonlySet<string>): FigureColumns[] {
    this.fill()
    const places: Array<[document: number, figure: number]> = []
    for (const group of groups) {
      const list = this.lists.get(group)
      if (list) for (let n = 0; n < list.documents.length; n++) places.push([list.documents[n], list.figures[n]])
    }
    // A document holding several of the groups gives its figures of them in its own order.
    if (groups.size > 1) places.sort((a, b) => a[0] - b[0] || a[1] - b[1])
    const picks: Array<{ columns: FigureColumns; indices: number[] }> = []
    for (let from = 0; from < places.length; ) {
      const document = places[from][0]
      let to = from
      const indices: number[] = []
      while (to < places.length && places[to][0] === document) indices.push(places[to++][1])
      picks.push({ columns: this.arrays[document], indices })
      from = to
    }
    return pickedColumns(picks)
  }
}

/** A matrix and what it was computed from, with its figures by group once they are needed. */
export interface KeptMatrix {
  inputs: MatrixInputs
  result: CompareResult
  groups?: FigureGroups
  /** How many unplaced figures each group has, so that an edit that changes none of them passes the list by. */
  unplacedCounts?: ReadonlyMap<string, number>
}

export function unplacedCounts(unplaced: readonly UnplacedFigure[]): Map<string, number> {
  return unplacedGroupCounts(unplaced)
}

/**
 * The matrix for `next`, spliced from `kept`, or null when it must be computed in full: the
 * documents, the tolerance or the filters changed, or the splice met an order it cannot reproduce.
 */
export function splicedMatrix(kept: KeptMatrix, next: MatrixInputs): KeptMatrix | null {
  const before = kept.inputs
  if (before.documents !== next.documents || before.tolerancePercent !== next.tolerancePercent || before.arrays.length !== next.arrays.length) return null
  if (JSON.stringify(before.filters) !== JSON.stringify(next.filters)) return null
  const touched = new Set<string>()
  if (before.indicators !== next.indicators) changedIndicators(before.indicators, next.indicators, touched)
  const changed: number[] = []
  for (let at = 0; at < next.arrays.length; at++) {
    if (before.arrays[at] === next.arrays[at]) continue
    changed.push(at)
    touchedGroups(before.arrays[at], next.arrays[at], touched)
  }
  // The groups move along with the arrays (kept from the matrix before, which no one reads again).
  const groups = kept.groups && kept.groups.arrays === before.arrays ? kept.groups : new FigureGroups(before.arrays)
  for (const at of changed) groups.replace(at, next.arrays[at])
  groups.arrays = next.arrays
  const old = kept.result
  if (touched.size === 0) return { inputs: next, result: { ...old }, groups, unplacedCounts: kept.unplacedCounts }
  const part = computeMatrix(next, groups.figuresOf(touched))

  // Rows: the untouched ones as they were, each recomputed one put where the engine's order puts it.
  const rows = old.rows.filter((row) => !touched.has(row.key))
  for (const row of part.rows) {
    let low = 0
    let high = rows.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (rowOrder(rows[middle], row) < 0) low = middle + 1
      else high = middle
    }
    if ((low < rows.length && rowOrder(rows[low], row) === 0) || (low > 0 && rowOrder(rows[low - 1], row) >= 0)) return null
    rows.splice(low, 0, row)
  }

  // Unplaced: the untouched groups' as they were, merged with the recomputed ones (two sorted runs:
  // the engine's sort merges them in one pass), unless a tie leaves the engine's order in doubt.
  let unplaced = old.unplaced
  const counts = kept.unplacedCounts ?? unplacedCounts(old.unplaced)
  let untouched = true
  for (const group of touched) if (counts.has(group)) untouched = false
  const nextCounts = new Map(counts)
  for (const group of touched) nextCounts.delete(group)
  for (const [group, count] of unplacedCounts(part.unplaced)) nextCounts.set(group, count)
  if (part.unplaced.length > 0 || !untouched) {
    const spliced = splicedUnplaced(unplaced, touched, part.unplaced)
    if (!spliced) return null
    unplaced = spliced
  }

  const years = new Set<number>()
  for (const row of rows) for (const year of yearsOf(row)) years.add(year)
  return { inputs: next, result: { ...old, rows, unplaced, years: [...years].sort((a, b) => a - b), latestDocumentYear: part.latestDocumentYear }, groups, unplacedCounts: nextCounts }
}

/** The years a row has cells for, kept per row: reading a row's cells makes its figure lists. */
const rowYears = new WeakMap<CompareRow, readonly number[]>()
function yearsOf(row: CompareRow): readonly number[] {
  let years = rowYears.get(row)
  if (!years) {
    years = cellYearsOf(row)
    rowYears.set(row, years)
  }
  return years
}
