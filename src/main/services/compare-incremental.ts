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
import { sortUnplaced, type UnplacedFigure } from '../../shared/compare-unplaced'
import type { DocumentRecord, Indicator } from '../../shared/model'

/** Everything a matrix is computed from: per-document figure arrays, replaced (never mutated) when their file changes. */
export interface MatrixInputs {
  arrays: ReadonlyArray<readonly FigureAnnotation[]>
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
export function touchedGroups(before: readonly FigureAnnotation[], after: readonly FigureAnnotation[], into: Set<string>): void {
  const old = byGroup(before)
  const now = byGroup(after)
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

function unplacedTied(a: UnplacedFigure, b: UnplacedFigure): boolean {
  return a.documentYear === b.documentYear && a.documentTitle === b.documentTitle && a.start === b.start && a.reason === b.reason
}

function unplacedGroup(figure: UnplacedFigure): string {
  return figure.indicator ?? ''
}

export function computeMatrix(inputs: MatrixInputs, annotations: readonly FigureAnnotation[]): CompareResult {
  return compareAcrossYears({ annotations, documents: inputs.documents, indicators: inputs.indicators, tolerancePercent: inputs.tolerancePercent, filters: inputs.filters })
}

/** One array of every document's figures; Array.prototype.flat takes three times as long. */
export function concatenated<T>(arrays: ReadonlyArray<readonly T[]>, keep?: (item: T) => boolean): T[] {
  if (keep) {
    const kept: T[] = []
    for (const array of arrays) for (const item of array) if (keep(item)) kept.push(item)
    return kept
  }
  let total = 0
  for (const array of arrays) total += array.length
  const all = new Array<T>(total)
  let at = 0
  for (const array of arrays) for (const item of array) all[at++] = item
  return all
}

/** A matrix and what it was computed from, with the years each row contributes (known once asked). */
export interface KeptMatrix {
  inputs: MatrixInputs
  result: CompareResult
}

/**
 * The matrix for `next`, spliced from `kept`, or null when it must be computed in full: the
 * documents, the tolerance or the filters changed, or the splice met an order it cannot reproduce.
 */
export function splicedMatrix(kept: KeptMatrix, next: MatrixInputs): CompareResult | null {
  const before = kept.inputs
  if (before.documents !== next.documents || before.tolerancePercent !== next.tolerancePercent || before.arrays.length !== next.arrays.length) return null
  if (JSON.stringify(before.filters) !== JSON.stringify(next.filters)) return null
  const touched = new Set<string>()
  if (before.indicators !== next.indicators) changedIndicators(before.indicators, next.indicators, touched)
  for (let at = 0; at < next.arrays.length; at++) {
    if (before.arrays[at] !== next.arrays[at]) touchedGroups(before.arrays[at], next.arrays[at], touched)
  }
  const old = kept.result
  if (touched.size === 0) return { ...old }
  const part = computeMatrix(next, concatenated(next.arrays, (figure) => touched.has(groupOf(figure))))

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
  if (part.unplaced.length > 0 || unplaced.some((figure) => touched.has(unplacedGroup(figure)))) {
    unplaced = sortUnplaced([...unplaced.filter((figure) => !touched.has(unplacedGroup(figure))), ...part.unplaced])
    // Recomputed figures keep the engine's order among themselves (the same figures in the same
    // order); only a tie between a recomputed one and a kept one of another group is in doubt.
    const fresh = new Set(part.unplaced)
    for (let at = 1; at < unplaced.length; at++) {
      const [a, b] = [unplaced[at - 1], unplaced[at]]
      if (fresh.has(a) !== fresh.has(b) && unplacedTied(a, b) && unplacedGroup(a) !== unplacedGroup(b)) return null
    }
  }

  const years = new Set<number>()
  for (const row of rows) for (const year of yearsOf(row)) years.add(year)
  return { ...old, rows, unplaced, years: [...years].sort((a, b) => a - b), latestDocumentYear: part.latestDocumentYear }
}

/** The years a row has cells for, kept per row: reading a row's cells makes its figure lists. */
const rowYears = new WeakMap<CompareRow, readonly number[]>()
function yearsOf(row: CompareRow): readonly number[] {
  let years = rowYears.get(row)
  if (!years) {
    years = row.cells.map((cell) => cell.year)
    rowYears.set(row, years)
  }
  return years
}
