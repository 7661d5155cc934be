// The compare engine's core: figures gathered into the cells of the indicator × year matrix, each
// cell's targets and actuals newest document first, and each cell judged. Pure.
//
// Built in three passes so that the work per figure touches memory in order (profiled on 200,000
// figures of 5,000 indicators, finding a figure's row and cell was most of the engine's time,
// nearly all of it waiting for memory: the figures of one indicator are spread over every
// document). (1) One pass over the annotations, in their order, keeps each figure's numbers and
// its row in flat typed arrays; (2) a counting sort puts the figures in row order, stable, so each
// row still sees its figures in arrival order; (3) row by row, with only that row's cells at hand,
// each figure is linked into its cell and the cells are judged.
import { foldForMatching } from './fold'
import type { DocumentRecord, Indicator } from './model'
import type { CompareStatus } from './compare-types'
import type { FigureAnnotation } from './compare-unplaced'
import type { CompareCell, CompareFilters, CompareRow, ObservationKind, ObservationSource } from './compare-model'
import { COMPARATOR_CODES, type FigureInput } from './figure-columns'
import { lazyArray } from './lazy-array'
import { conversionFactor, scaled } from './compare-units'
import { EPSILON, meets } from './compare-verdict'

const KIND_BY_LABEL: Record<string, ObservationKind | undefined> = { target: 'target', achievement: 'actual' }

/** '=' when a figure has no comparator. */
const EQUALS = COMPARATOR_CODES.indexOf('=')

/** Bits of FigureStore.flags. */
const ACTUAL = 1
/** The written unit could not be brought to the indicator's (the value is NaN). */
const UNCONVERTIBLE = 2

/** How far `FigureStore.insert` walks a cell's list before the cell is linked by sorting instead. */
const MAX_WALK = 32

/** Each document's recency, worked out once per document object (an edit's rows read 10,000 documents' each time). */
const recencies = new WeakMap<ObservationSource, number>()

/** Orders documents newest first: year, then month and day of the date when it is known. */
function recency(source: ObservationSource): number {
  let known = recencies.get(source)
  if (known === undefined) {
    const date = /^\d{4}-(\d{2})-(\d{2})/.exec(source.date ?? '')
    known = source.year === null ? -Infinity : source.year * 10_000 + (date ? Number(date[1]) * 100 + Number(date[2]) : 0)
    recencies.set(source, known)
  }
  return known
}

/** One object per document, shared by all its figures; and the newest document year. */
export function observationSources(documents: readonly DocumentRecord[]): { sources: Map<string, ObservationSource>; latestDocumentYear: number | null } {
  const sources = new Map<string, ObservationSource>()
  let latestDocumentYear: number | null = null
  for (const doc of documents) {
    const issuerKey = doc.meta.issuer ? foldForMatching(doc.meta.issuer) : ''
    sources.set(doc.id, { documentId: doc.id, year: doc.meta.year, date: doc.meta.date, docType: doc.meta.docType, issuer: doc.meta.issuer, issuerKey, title: doc.title })
    if (doc.meta.year !== null && (latestDocumentYear === null || doc.meta.year > latestDocumentYear)) latestDocumentYear = doc.meta.year
  }
  return { sources, latestDocumentYear }
}

/** Each figure's numbers in flat typed arrays, one index per figure. */
interface FigureNumbers {
  year: Float64Array
  flags: Uint8Array
  recency: Float64Array
  value: Float64Array
  max: Float64Array
  comparator: Uint8Array
}

function figureNumbers(capacity: number): FigureNumbers {
  return {
    year: new Float64Array(capacity),
    flags: new Uint8Array(capacity),
    recency: new Float64Array(capacity),
    value: new Float64Array(capacity),
    max: new Float64Array(capacity),
    comparator: new Uint8Array(capacity),
  }
}

/**
 * The figures as they arrive (pass 1): their numbers, their row, and where each annotation is in
 * the engine's input (an index rather than the annotation: an array of 200,000 references per
 * pass is garbage the collector has to trace, typed arrays are not).
 */
interface ArrivingFigures extends FigureNumbers {
  size: number
  row: Int32Array
  source: Int32Array
}

// The numbers of one computation are needed only while it runs, and the engine runs one
// computation at a time: their arrays are reused by the next, grown when the input grows.
// Allocating them anew each time (about 80 bytes a figure) made V8 collect the whole heap for most
// computations of a large workspace, since it does so whenever memory outside the heap grows by
// some tens of megabytes: on 2,000,000 annotations that cost more than the computation.
let arrivingPool: ArrivingFigures | null = null
let inRowOrderPool: FigureNumbers | null = null

function arrivingFigures(capacity: number): ArrivingFigures {
  if (!arrivingPool || arrivingPool.row.length < capacity) {
    arrivingPool = { ...figureNumbers(capacity), size: 0, row: new Int32Array(capacity), source: new Int32Array(capacity) }
  }
  arrivingPool.size = 0
  return arrivingPool
}

function inRowOrderNumbers(capacity: number): FigureNumbers {
  if (!inRowOrderPool || inRowOrderPool.year.length < capacity) inRowOrderPool = figureNumbers(capacity)
  return inRowOrderPool
}

/**
 * The figures in row order (pass 2), and each cell's figures as a list linked through `next`,
 * newest document first. Building the matrix thus allocates nothing per figure: on 200,000
 * figures, small per-cell arrays and look-ups back into the annotations cost more than everything
 * else together. Within a row, a figure's index grows with its arrival. The numbers are the
 * engine's reused arrays, valid until its next collection; `source` and `next`, which the matrix
 * keeps, are the store's own.
 */
export class FigureStore implements FigureNumbers {
  readonly year: Float64Array
  readonly flags: Uint8Array
  readonly recency: Float64Array
  readonly value: Float64Array
  readonly max: Float64Array
  readonly comparator: Uint8Array
  readonly source: Int32Array
  readonly next: Int32Array

  constructor(
    /** The engine's input: `source` indexes it. */
    readonly input: FigureInput,
    readonly size: number,
  ) {
    const numbers = inRowOrderNumbers(size)
    this.year = numbers.year
    this.flags = numbers.flags
    this.recency = numbers.recency
    this.value = numbers.value
    this.max = numbers.max
    this.comparator = numbers.comparator
    this.source = new Int32Array(size)
    this.next = new Int32Array(size)
  }

  annotation(at: number): FigureAnnotation {
    return this.input.figure(this.source[at])
  }

  /**
   * Links figure `at` into the list starting at `head`, after every figure at least as recent,
   * and returns the new head — or null when that would walk more than MAX_WALK figures. Most cells
   * hold a few figures, and inserting is then cheapest; a cell of tens of thousands (a large
   * workspace) would make inserting O(n²), so such a cell is finished by `relink` instead.
   */
  insert(head: number, at: number): number | null {
    const recency = this.recency[at]
    if (head < 0 || this.recency[head] < recency) {
      this.next[at] = head
      return at
    }
    let before = head
    for (let walked = 0; this.next[before] >= 0 && this.recency[this.next[before]] >= recency; walked++) {
      if (walked === MAX_WALK) return null
      before = this.next[before]
    }
    this.next[at] = this.next[before]
    this.next[before] = at
    return head
  }

  /**
   * The list at `head` plus figures that arrived after it, linked most recent first and in arrival
   * order among equals (what inserting them one by one gives: `at` grows with arrival), in
   * O(n log n); returns the new head.
   */
  relink(head: number, more: number[]): number {
    const all: number[] = []
    for (let at = head; at >= 0; at = this.next[at]) all.push(at)
    all.push(...more)
    const recency = this.recency
    all.sort((a, b) => recency[b] - recency[a] || a - b)
    for (let i = 0; i < all.length; i++) this.next[all[i]] = i + 1 < all.length ? all[i + 1] : -1
    return all.length > 0 ? all[0] : -1
  }

  firstConvertible(head: number): number {
    let at = head
    while (at >= 0 && Number.isNaN(this.value[at])) at = this.next[at]
    return at
  }
}

/**
 * What the matrix keeps of its figures once built: their annotations and the cells' lists, for
 * the rows that are read. The numbers were only needed to judge the cells.
 */
export class FigureLists {
  private readonly input: FigureInput
  private readonly source: Int32Array
  private readonly next: Int32Array

  constructor(figures: FigureStore) {
    this.input = figures.input
    this.source = figures.source
    this.next = figures.next
  }

  /** A cell's list: its figures' numbers taken now, each figure made when read (a page shows a few of thousands). */
  list(head: number, count: number): FigureAnnotation[] {
    const figures = new Int32Array(count)
    let n = 0
    for (let at = head; at >= 0; at = this.next[at]) figures[n++] = this.source[at]
    return lazyArray(count, (n) => this.input.figure(figures[n]))
  }
}

/** A cell while it is built: the heads of its target and actual lists in the FigureStore. */
export interface CellBuild {
  year: number
  targets: number
  actuals: number
  /** Figures that arrived after inserting got too long for this cell (see FigureStore.insert). */
  lateTargets: number[] | null
  lateActuals: number[] | null
  targetCount: number
  actualCount: number
  unitMismatch: boolean
  status: CompareStatus | null
  conflict: boolean
}

export interface RowBuild {
  row: Omit<CompareRow, 'cells'>
  /** Ascending by year. */
  cells: CellBuild[]
}

/** The rows in the order their indicators first appear, and where each key's row is. */
export interface Collected {
  builds: RowBuild[]
  rowOf: Map<string, number>
  figures: FigureStore
}

/**
 * A row of the matrix whose cells become arrays of annotations only when read: statuses are
 * computed for every cell, but a view of 5,000 indicators shows a few dozen rows at a time.
 */
export class MatrixRow implements CompareRow {
  readonly #built: readonly CellBuild[]
  readonly #figures: FigureLists
  #cells: CompareCell[] | null = null

  constructor(
    readonly key: string,
    readonly name: string,
    readonly unit: string,
    readonly higherIsBetter: boolean,
    readonly inCodebook: boolean,
    built: readonly CellBuild[],
    figures: FigureLists,
  ) {
    this.#built = built
    this.#figures = figures
  }

  get cells(): CompareCell[] {
    this.#cells ??= this.#built.map((cell) => ({
      year: cell.year,
      targets: this.#figures.list(cell.targets, cell.targetCount),
      actuals: this.#figures.list(cell.actuals, cell.actualCount),
      status: cell.status,
      conflict: cell.conflict,
      unitMismatch: cell.unitMismatch,
    }))
    return this.#cells
  }

  /** The years of the row's cells, without making their figure lists. */
  get cellYears(): number[] {
    return this.#built.map((cell) => cell.year)
  }

  /** Own properties for JSON and spreading, the cells included. */
  toJSON(): CompareRow {
    return { key: this.key, name: this.name, unit: this.unit, higherIsBetter: this.higherIsBetter, inCodebook: this.inCodebook, cells: this.cells }
  }
}

/** What a cell's status is judged against. */
export interface Judging {
  latestDocumentYear: number | null
  tolerancePercent: number
}

function cellStatus(figures: FigureStore, higherIsBetter: boolean, cell: CellBuild, { latestDocumentYear, tolerancePercent }: Judging): CompareStatus | null {
  const target = figures.firstConvertible(cell.targets)
  if (target < 0) return null
  const actual = figures.firstConvertible(cell.actuals)
  if (actual < 0) return latestDocumentYear !== null && latestDocumentYear > cell.year ? 'no-evidence' : 'not-due'
  const low = figures.value[target]
  const high = Number.isNaN(figures.max[target]) ? low : figures.max[target]
  const met = meets(low, high, COMPARATOR_CODES[figures.comparator[target]], figures.value[actual], COMPARATOR_CODES[figures.comparator[actual]], higherIsBetter, tolerancePercent)
  return met ? 'met' : 'missed'
}

function hasConflict(figures: FigureStore, head: number): boolean {
  let first = Number.NaN
  for (let at = head; at >= 0; at = figures.next[at]) {
    const value = figures.value[at]
    if (Number.isNaN(value)) continue
    if (Number.isNaN(first)) first = value
    else if (Math.abs(value - first) > Math.max(EPSILON, Math.abs(first) * 1e-9)) return true
  }
  return false
}

/** Which observations a pass over the annotations keeps. */
export interface Selection {
  kindOfLabel: ReadonlyMap<string, ObservationKind>
  docTypes: ReadonlySet<string> | null
  issuers: ReadonlySet<string> | null
  keys: ReadonlySet<string> | null
  yearFrom: number
  yearTo: number
}

export function selectionOf(filters: CompareFilters): Selection {
  const kindOfLabel = new Map<string, ObservationKind>()
  for (const label of filters.labels && filters.labels.length > 0 ? filters.labels : Object.keys(KIND_BY_LABEL)) {
    const kind = KIND_BY_LABEL[label]
    if (kind) kindOfLabel.set(label, kind)
  }
  return {
    kindOfLabel,
    docTypes: filters.docTypes && filters.docTypes.length > 0 ? new Set(filters.docTypes) : null,
    issuers: filters.issuers && filters.issuers.length > 0 ? new Set(filters.issuers.map(foldForMatching)) : null,
    keys: filters.indicatorKeys && filters.indicatorKeys.length > 0 ? new Set(filters.indicatorKeys) : null,
    yearFrom: filters.yearFrom ?? -Infinity,
    yearTo: filters.yearTo ?? Infinity,
  }
}

/** The years a row has cells for; a row of the engine's tells them without making its cells' figure lists. */
export function cellYearsOf(row: CompareRow): number[] {
  return row instanceof MatrixRow ? row.cellYears : row.cells.map((cell) => cell.year)
}

/** What the engine computes from: the figures, the documents they are in, the codebook. */
export interface EngineInput {
  figures: FigureInput
  indicators: readonly Indicator[]
}

/**
 * The rows and cells of the observations a selection keeps, judged when `judging` is given.
 * Figures of a kept label that lack a field the matrix needs go to `skipped` (their numbers in the
 * input), when it is given.
 */
export function collectCells(
  input: EngineInput,
  sources: ReadonlyMap<string, ObservationSource>,
  selection: Selection,
  judging: Judging | null,
  skipped?: number[],
): Collected {
  const arriving = arrivingFigures(input.figures.size)
  const { builds, rowOf, rowSizes } = gatherFigures(input, sources, selection, arriving, skipped)
  const figures = inRowOrder(input.figures, arriving, rowSizes)
  let next = 0
  for (let row = 0; row < builds.length; row++) {
    const end = next + rowSizes[row]
    linkRow(figures, builds[row], next, end)
    next = end
    if (judging) judgeRow(figures, builds[row], judging)
  }
  return { builds, rowOf, figures }
}

let rowsOfCodesPool = new Int32Array(256)

/**
 * Room for a document's indicator codes' rows, cleared: one array reused from document to
 * document (an array of its own for each of 10,000 documents is 10,000 allocations outside the heap).
 */
function rowsOfCodes(count: number): Int32Array {
  if (rowsOfCodesPool.length < count) rowsOfCodesPool = new Int32Array(Math.max(count, rowsOfCodesPool.length * 2))
  return rowsOfCodesPool.fill(-2, 0, count)
}

/** Pass 1: each kept figure's numbers and row, document by document, in the order of the figures. */
function gatherFigures(
  input: EngineInput,
  sources: ReadonlyMap<string, ObservationSource>,
  selection: Selection,
  figures: ArrivingFigures,
  skipped: number[] | undefined,
): { builds: RowBuild[]; rowOf: Map<string, number>; rowSizes: number[] } {
  const { kindOfLabel, docTypes, issuers, keys, yearFrom, yearTo } = selection
  const codebook = new Map(input.indicators.map((indicator) => [indicator.key, indicator]))
  const builds: RowBuild[] = []
  const rowOf = new Map<string, number>()
  const rowSizes: number[] = []
  const rowUnits: string[] = []
  let lastUnit = ''
  let lastRowUnit = ''
  let lastFactor: number | null = 1
  const { sets, offsets } = input.figures
  let lastLabelNames: readonly string[] | null = null
  let kindOfCode: Array<ObservationKind | undefined> = []
  let lastIndicatorNames: readonly string[] | null = null
  /** Each indicator code's row: -2 not looked up yet, -1 not kept by the selection. */
  let rowOfCode: Int32Array = rowsOfCodesPool
  for (let s = 0; s < sets.length; s++) {
    const set = sets[s]
    const size = set.size
    if (size === 0) continue
    // One look-up per document and per name of the document, not per figure.
    const source = sources.get(set.documentId)
    const recencyOfSet = source ? recency(source) : -Infinity
    const sourceKept = source !== undefined && (!docTypes || docTypes.has(source.docType)) && (!issuers || issuers.has(source.issuerKey))
    // Sets of one source share their label names: their kinds are worked out once.
    if (set.labelNames !== lastLabelNames) {
      lastLabelNames = set.labelNames
      kindOfCode = set.labelNames.map((label) => kindOfLabel.get(label))
    }
    // A code's row depends on its name alone, so sets sharing their names (the runs of one
    // annotation array, see figureColumnsOf) share the rows looked up: a map look-up per indicator,
    // not one per indicator and document (200,000 for the compare bench, one per figure).
    if (set.indicatorNames !== lastIndicatorNames) {
      lastIndicatorNames = set.indicatorNames
      rowOfCode = rowsOfCodes(set.indicatorNames.length)
    }
    const { labels, indicators, indicatorNames, units, unitNames, comparators, values, valueMaxes, periodYears, deadlineYears } = set
    const offset = offsets[s]
    for (let n = 0; n < size; n++) {
      const kind = kindOfCode[labels[n]]
      if (!kind) continue
      const code = indicators[n]
      const value = values[n]
      const periodYear = Number.isNaN(periodYears[n]) ? deadlineYears[n] : periodYears[n]
      if (code < 0 || indicatorNames[code] === '' || Number.isNaN(value) || Number.isNaN(periodYear)) {
        skipped?.push(offset + n)
        continue
      }
      if (periodYear < yearFrom || periodYear > yearTo) continue
      let row = rowOfCode[code]
      if (row === -2) {
        const key = indicatorNames[code]
        row = keys && !keys.has(key) ? -1 : (rowOf.get(key) ?? -2)
        rowOfCode[code] = row
      }
      if (row === -1 || !sourceKept) continue
      const unitCode = units[n]
      const unit = unitCode < 0 ? '' : unitNames[unitCode]
      if (row === -2) {
        const key = indicatorNames[code]
        const indicator = codebook.get(key)
        row = builds.length
        const rowUnit = indicator?.unit ?? (unitCode < 0 ? '' : unit)
        builds.push({
          row: { key, name: indicator?.name ?? key, unit: rowUnit, higherIsBetter: indicator?.higherIsBetter ?? true, inCodebook: indicator !== undefined },
          cells: [],
        })
        rowOf.set(key, row)
        rowSizes.push(0)
        rowUnits.push(rowUnit)
        rowOfCode[code] = row
      }
      rowSizes[row]++
      const rowUnit = rowUnits[row]
      // Consecutive figures are mostly in one unit for indicators of one unit: skip the look-up then.
      if (unit !== lastUnit || rowUnit !== lastRowUnit) {
        lastFactor = conversionFactor(unit, rowUnit)
        lastUnit = unit
        lastRowUnit = rowUnit
      }
      const at = figures.size++
      figures.source[at] = offset + n
      figures.row[at] = row
      figures.year[at] = periodYear
      figures.recency[at] = recencyOfSet
      figures.comparator[at] = comparators[n] < 0 ? EQUALS : comparators[n]
      if (lastFactor === null) {
        figures.flags[at] = (kind === 'actual' ? ACTUAL : 0) | UNCONVERTIBLE
        figures.value[at] = Number.NaN
        figures.max[at] = Number.NaN
      } else {
        figures.flags[at] = kind === 'actual' ? ACTUAL : 0
        figures.value[at] = scaled(value, lastFactor)
        figures.max[at] = Number.isNaN(valueMaxes[n]) ? Number.NaN : scaled(valueMaxes[n], lastFactor)
      }
    }
  }
  return { builds, rowOf, rowSizes }
}

/** Pass 2: the figures grouped by row, in arrival order within each row (a counting sort). */
function inRowOrder(input: FigureInput, arriving: ArrivingFigures, rowSizes: readonly number[]): FigureStore {
  const nextInRow = new Int32Array(rowSizes.length)
  for (let row = 1; row < rowSizes.length; row++) nextInRow[row] = nextInRow[row - 1] + rowSizes[row - 1]
  const figures = new FigureStore(input, arriving.size)
  const { row, source, year, flags, recency, value, max, comparator } = arriving
  for (let at = 0; at < arriving.size; at++) {
    const i = nextInRow[row[at]]++
    figures.source[i] = source[at]
    figures.year[i] = year[at]
    figures.flags[i] = flags[at]
    figures.recency[i] = recency[at]
    figures.value[i] = value[at]
    figures.max[i] = max[at]
    figures.comparator[i] = comparator[at]
  }
  return figures
}

/** Pass 3: one row's figures (from..to) linked into its cells, kept in year order as they come. */
function linkRow(figures: FigureStore, build: RowBuild, from: number, to: number): void {
  const cells = build.cells
  let crowded: CellBuild[] | null = null
  for (let at = from; at < to; at++) {
    const periodYear = figures.year[at]
    let cell: CellBuild | undefined
    let position = cells.length
    for (let c = 0; c < cells.length; c++) {
      const year = cells[c].year
      if (year === periodYear) {
        cell = cells[c]
        break
      }
      if (year > periodYear) {
        position = c
        break
      }
    }
    if (!cell) {
      cell = { year: periodYear, targets: -1, actuals: -1, lateTargets: null, lateActuals: null, targetCount: 0, actualCount: 0, unitMismatch: false, status: null, conflict: false }
      // Pushed and moved into place by hand: splice made a new array (the removed elements) for
      // each of the 50,000 cells of the compare bench, and grew the list's store one cell at a time.
      cells.push(cell)
      for (let c = cells.length - 1; c > position; c--) cells[c] = cells[c - 1]
      cells[position] = cell
    }
    const flags = figures.flags[at]
    if ((flags & ACTUAL) === 0) {
      if (cell.lateTargets) cell.lateTargets.push(at)
      else {
        const head = figures.insert(cell.targets, at)
        if (head !== null) cell.targets = head
        else {
          cell.lateTargets = [at]
          if (!cell.lateActuals) (crowded ??= []).push(cell)
        }
      }
      cell.targetCount++
    } else {
      if (cell.lateActuals) cell.lateActuals.push(at)
      else {
        const head = figures.insert(cell.actuals, at)
        if (head !== null) cell.actuals = head
        else {
          cell.lateActuals = [at]
          if (!cell.lateTargets) (crowded ??= []).push(cell)
        }
      }
      cell.actualCount++
    }
    if (flags & UNCONVERTIBLE) cell.unitMismatch = true
  }
  for (const cell of crowded ?? []) {
    if (cell.lateTargets) cell.targets = figures.relink(cell.targets, cell.lateTargets)
    if (cell.lateActuals) cell.actuals = figures.relink(cell.actuals, cell.lateActuals)
    cell.lateTargets = cell.lateActuals = null
  }
}

function judgeRow(figures: FigureStore, build: RowBuild, judging: Judging): void {
  for (const cell of build.cells) {
    cell.status = cellStatus(figures, build.row.higherIsBetter, cell, judging)
    cell.conflict = hasConflict(figures, cell.actuals)
  }
}
