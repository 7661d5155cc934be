// Targets against actuals across years (DESIGN §7). Pure, so the compare view, the exports and
// the CLI all show the same statuses; main computes it once per request over every annotation.
//
// Values are brought to the indicator's unit before any comparison: 万/亿 magnitudes are folded
// in (1.1万家 = 11000 家, 0.1万亿元 = 1000 亿元), but a figure whose base unit differs (a change in
// 个百分点 for an indicator measured in %) is kept apart and never compared.
//
// The engine is in parts: compare-units.ts (units and scaling), compare-verdict.ts (met or not),
// compare-cells.ts (figures into cells, judged), compare-unplaced.ts (what has no cell, and why);
// this module puts them together and makes the figures that travel. Others import from here.
import type { FigureAnnotation, UnplacedFigure } from './compare-unplaced'
import type { FigureColumns } from './figure-columns'
import { REASON_CODES, sortedEntries, unplacedArray, UnplacedList } from './compare-unplaced-list'
import { collectCells, FigureLists, MatrixRow, observationSources, selectionOf, type Collected, type EngineInput, type Selection } from './compare-cells'
import { figureColumnsForEngine, FigureInput } from './figure-columns'
import type { Indicator } from './model'
import type { CompareCellView, CompareInput, CompareResult, CompareRow, CompareRowView, FigureView, ObservationSource } from './compare-model'
import { conversionFactor, scaled } from './compare-units'
import { meetsTarget } from './compare-verdict'
export { compareStatuses, type CompareStatus } from './compare-types'
export { unplacedReasons, type FigureAnnotation, type UnplacedFigure, type UnplacedReason } from './compare-unplaced'
export type {
  CompareCell,
  CompareCellView,
  CompareFilters,
  CompareInput,
  CompareResult,
  CompareRow,
  CompareRowView,
  FigureView,
  ObservationKind,
  ObservationSource,
} from './compare-model'
export { conversionFactor, parseUnit } from './compare-units'
export { meetsTarget } from './compare-verdict'

/** The tolerance for ≈ targets when the workspace sets none: 5% of the target value. */
export const DEFAULT_APPROX_TOLERANCE_PERCENT = 5

const byName = new Intl.Collator('zh-CN')

/**
 * Each codebook name's place in the collator's order (equal names share one), worked out once
 * per codebook: thousands of rows sorted through the collator compared names some 60,000 times
 * (5–10 ms for 5,000 indicators arriving in no order), a sort by rank compares integers.
 */
let rankedCodebook: { names: readonly string[]; rank: ReadonlyMap<string, number> } | null = null

function codebookNameRanks(indicators: readonly Indicator[]): ReadonlyMap<string, number> {
  const cached = rankedCodebook
  if (cached && cached.names.length === indicators.length && indicators.every((indicator, i) => indicator.name === cached.names[i])) return cached.rank
  const names = indicators.map((indicator) => indicator.name)
  const ordered = [...new Set(names)].sort(byName.compare)
  const rank = new Map<string, number>()
  let place = 0
  for (let i = 0; i < ordered.length; i++) {
    if (i > 0 && byName.compare(ordered[i - 1], ordered[i]) !== 0) place++
    rank.set(ordered[i], place)
  }
  rankedCodebook = { names, rank }
  return rank
}

/** Codebook indicators first, by name; then keys the codebook lacks, by key. Stable: equal names keep their order. */
function sortRows(rows: CompareRow[], indicators: readonly Indicator[]): void {
  const rank = codebookNameRanks(indicators)
  const placeOf = (row: CompareRow) => rank.get(row.name) ?? 0
  rows.sort((a, b) => (a.inCodebook === b.inCodebook ? (a.inCodebook ? placeOf(a) - placeOf(b) : byName.compare(a.name, b.name)) : a.inCodebook ? -1 : 1))
}

export function compareAcrossYears(input: CompareInput): CompareResult {
  const tolerancePercent = input.tolerancePercent ?? DEFAULT_APPROX_TOLERANCE_PERCENT
  const filters = input.filters ?? {}
  const statuses = filters.statuses && filters.statuses.length > 0 ? new Set(filters.statuses) : null

  const { sources, latestDocumentYear } = observationSources(input.documents)
  const judging = { latestDocumentYear, tolerancePercent }
  const selection = selectionOf(filters)
  const skipped: number[] = []
  // Filters by label, document type or issuer choose which figures are shown, never the verdict:
  // a targets-only view must not call a met target "no evidence" because it hides the actual.
  const hidesFigures = (filters.labels?.length ?? 0) > 0 || (filters.docTypes?.length ?? 0) > 0 || (filters.issuers?.length ?? 0) > 0
  // Annotation arrays come into the engine as columns too: one engine for both.
  const engine: EngineInput = { figures: new FigureInput(input.figures ?? figureColumnsForEngine(input.annotations ?? [])), indicators: input.indicators }
  const shown = collectCells(engine, sources, selection, hidesFigures ? null : judging, skipped)
  const { builds, figures } = shown
  // Taken now: a second collection reuses the engine's arrays of numbers (see FigureStore).
  const unplaced = unplacedOf(engine.figures, skipped, shown, sources, selection)
  if (hidesFigures) {
    const judged = collectCells(engine, sources, selectionOf({ yearFrom: filters.yearFrom, yearTo: filters.yearTo, indicatorKeys: filters.indicatorKeys }), judging)
    for (const build of builds) {
      const at = judged.rowOf.get(build.row.key)
      const verdicts = at === undefined ? undefined : judged.builds[at].cells
      for (const cell of build.cells) {
        const verdict = verdicts?.find((judgedCell) => judgedCell.year === cell.year)
        cell.status = verdict?.status ?? null
        cell.conflict = verdict?.conflict ?? false
      }
    }
  }

  const years = new Set<number>()
  const rows: CompareRow[] = []
  const lists = new FigureLists(figures)
  for (const build of builds) {
    if (statuses && !build.cells.some((cell) => cell.status !== null && statuses.has(cell.status))) continue
    for (const cell of build.cells) years.add(cell.year)
    const { row } = build
    rows.push(new MatrixRow(row.key, row.name, row.unit, row.higherIsBetter, row.inCodebook, build.cells, lists))
  }
  sortRows(rows, input.indicators)
  return { rows, years: [...years].sort((a, b) => a - b), latestDocumentYear, tolerancePercent, sources, unplaced }
}

const NO_YEAR = REASON_CODES.indexOf('no-year')
const NO_INDICATOR = REASON_CODES.indexOf('no-indicator')
const NO_VALUE = REASON_CODES.indexOf('no-value')
const UNIT_MISMATCH = REASON_CODES.indexOf('unit-mismatch')

/**
 * The skipped figures the filters keep, and the placed ones whose unit could not be converted,
 * sorted; read from the columns, each made into an UnplacedFigure only when read (see
 * compare-unplaced-list.ts).
 */
function unplacedOf(
  input: FigureInput,
  skipped: readonly number[],
  { builds, figures }: Collected,
  sources: ReadonlyMap<string, ObservationSource>,
  { docTypes, issuers, keys, yearFrom, yearTo }: Selection,
): UnplacedFigure[] {
  const found = { figures: [] as number[], setNumbers: [] as number[], indexes: [] as number[], reasons: [] as number[], indicatorUnits: new Map<number, string>() }
  const { sets, offsets } = input
  // The skipped come in the input's order: the set of each is found by moving on, not by searching.
  let setNumber = -1
  let set: FigureColumns | undefined
  let sourceKept = false
  for (const at of skipped) {
    if (setNumber < 0 || at >= offsets[setNumber + 1]) {
      while (at >= offsets[setNumber + 1]) setNumber++
      set = sets[setNumber]
      const source = sources.get(set.documentId)
      sourceKept = source !== undefined && (!docTypes || docTypes.has(source.docType)) && (!issuers || issuers.has(source.issuerKey))
    }
    if (!sourceKept) continue
    const index = at - offsets[setNumber]
    const indicator = set!.indicator(index)
    const year = Number.isNaN(set!.periodYears[index]) ? set!.deadlineYears[index] : set!.periodYears[index]
    if (!Number.isNaN(year) && (year < yearFrom || year > yearTo)) continue
    if (keys && indicator && !keys.has(indicator)) continue
    // The first field the matrix needs that the figure lacks (as missingField tells it).
    const reason = indicator === undefined || indicator === '' ? NO_INDICATOR : Number.isNaN(set!.values[index]) ? NO_VALUE : Number.isNaN(year) ? NO_YEAR : -1
    if (reason < 0) continue
    found.figures.push(at)
    found.setNumbers.push(setNumber)
    found.indexes.push(index)
    found.reasons.push(reason)
  }
  for (const build of builds) {
    for (const cell of build.cells) {
      if (!cell.unitMismatch) continue
      for (const head of [cell.targets, cell.actuals]) {
        for (let at = head; at >= 0; at = figures.next[at]) {
          if (!Number.isNaN(figures.value[at])) continue
          const { index, setNumber } = input.locate(figures.source[at])
          found.indicatorUnits.set(found.figures.length, build.row.unit)
          found.figures.push(figures.source[at])
          found.setNumbers.push(setNumber)
          found.indexes.push(index)
          found.reasons.push(UNIT_MISMATCH)
        }
      }
    }
  }
  return unplacedArray(UnplacedList.of(sortedEntries(input, sources, found)))
}

/** An annotation of a row as a figure in the row's unit, with its document. */
export function figureView(annotation: FigureAnnotation, row: Pick<CompareRow, 'unit'>, sources: ReadonlyMap<string, ObservationSource>): FigureView {
  const attributes = annotation.attributes
  const writtenValue = attributes.value ?? Number.NaN
  const factor = conversionFactor(attributes.unit ?? '', row.unit)
  const source = sources.get(annotation.documentId)
  return {
    annotationId: annotation.id,
    documentId: annotation.documentId,
    kind: annotation.label === 'target' ? 'target' : 'actual',
    periodYear: attributes.periodYear ?? attributes.deadlineYear ?? 0,
    value: factor === null ? null : scaled(writtenValue, factor),
    valueMax: factor === null || attributes.valueMax === undefined ? null : scaled(attributes.valueMax, factor),
    comparator: attributes.comparator ?? '=',
    writtenValue,
    writtenValueMax: attributes.valueMax ?? null,
    writtenUnit: attributes.unit ?? '',
    documentYear: source?.year ?? null,
    docType: source?.docType ?? 'other',
    issuer: source?.issuer ?? null,
    documentTitle: source?.title ?? annotation.documentId,
    quote: annotation.quote,
  }
}

/** A row with its figures made into FigureViews: what the renderer, the exports and the CLI get. */
export function rowView(row: CompareRow, sources: ReadonlyMap<string, ObservationSource>): CompareRowView {
  const view = (annotation: FigureAnnotation) => figureView(annotation, row, sources)
  return {
    ...row,
    cells: row.cells.map((cell) => ({ ...cell, targets: cell.targets.map(view), actuals: cell.actuals.map(view) })),
  }
}

/**
 * For a target not judged yet (no evidence, not due): an earlier year whose actual already meets
 * one of its targets, newest target first (科技创新企业: 2018's 20万+ reaches the 2020 target set
 * in 2017, though not the raised one). Null when there is none.
 */
export function reachedEarlier(
  row: CompareRowView,
  cell: CompareCellView,
  tolerancePercent: number,
): { year: number; actual: FigureView; target: FigureView } | null {
  if (cell.status !== 'no-evidence' && cell.status !== 'not-due') return null
  for (const target of cell.targets) {
    if (target.value === null) continue
    for (let i = row.cells.length - 1; i >= 0; i--) {
      const earlier = row.cells[i]
      if (earlier.year >= cell.year) continue
      const actual = earlier.actuals.find((candidate) => candidate.value !== null)
      if (actual && meetsTarget(target, actual, row.higherIsBetter, tolerancePercent)) return { year: earlier.year, actual, target }
    }
  }
  return null
}

/** A figure as written in a cell: comparator, value or range, and unit (≥ 850 亿元). */
export function formatFigure(observation: Pick<FigureView, 'comparator' | 'value' | 'valueMax' | 'writtenValue' | 'writtenValueMax' | 'writtenUnit'>, unit: string): string {
  const symbol = { '>': '>', '>=': '≥', '=': '', '≈': '≈', '<=': '≤', '<': '<' }[observation.comparator]
  const converted = observation.value !== null
  const value = converted ? observation.value! : observation.writtenValue
  const max = converted ? observation.valueMax : observation.writtenValueMax
  const shownUnit = converted ? unit : observation.writtenUnit
  const number = (n: number) => String(Number(n.toPrecision(12)))
  const figure = max !== null && max !== value ? `${number(value)}–${number(max)}` : number(value)
  return `${symbol}${symbol ? ' ' : ''}${figure}${shownUnit ? ' ' + shownUnit : ''}`
}
