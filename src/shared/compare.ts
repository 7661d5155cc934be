// Targets against actuals across years (DESIGN §7). Pure, so the compare view, the exports and
// the CLI all show the same statuses; main computes it once per request over every annotation.
//
// Values are brought to the indicator's unit before any comparison: 万/亿 magnitudes are folded
// in (1.1万家 = 11000 家, 0.1万亿元 = 1000 亿元), but a figure whose base unit differs (a change in
// 个百分点 for an indicator measured in %) is kept apart and never compared.
import { foldForMatching, toSimplifiedScript } from './fold'
import type { Comparator, DocumentRecord, DocumentType, Indicator } from './model'

import type { CompareStatus } from './compare-types'
import { missingField, sortUnplaced, unplacedFigure, type FigureAnnotation, type UnplacedFigure } from './compare-unplaced'
export { compareStatuses, type CompareStatus } from './compare-types'
export { unplacedReasons, type FigureAnnotation, type UnplacedFigure, type UnplacedReason } from './compare-unplaced'

/** The tolerance for ≈ targets when the workspace sets none: 5% of the target value. */
export const DEFAULT_APPROX_TOLERANCE_PERCENT = 5

export type ObservationKind = 'target' | 'actual'

/** The document a figure comes from: one object per document, shared by all its figures. */
export interface ObservationSource {
  documentId: string
  year: number | null
  date: string | null
  docType: DocumentType
  issuer: string | null
  /** The issuer folded for script and width (廣州市科學技術局 = 广州市科学技术局), for the issuer filter. */
  issuerKey: string
  title: string
}

/** A figure flattened for the renderer, the exports and the command line. */
export interface FigureView {
  annotationId: string
  documentId: string
  kind: ObservationKind
  periodYear: number
  /** In the indicator's unit; null when the written unit cannot be converted to it. */
  value: number | null
  valueMax: number | null
  comparator: Comparator
  /** As annotated, for display and for figures kept apart. */
  writtenValue: number
  writtenValueMax: number | null
  writtenUnit: string
  documentYear: number | null
  docType: DocumentType
  issuer: string | null
  documentTitle: string
  quote: string
}

/**
 * One indicator × year. The engine keeps the annotations themselves (a workspace holds hundreds
 * of thousands, and a wrapper object per figure doubles the work of computing the matrix); the
 * figures that travel are FigureViews made for the rows asked for (see rowView).
 */
export interface CompareCell<F = FigureAnnotation> {
  year: number
  /** Newest document first; the first one is the target the status is computed against. */
  targets: F[]
  /** Newest document first. */
  actuals: F[]
  /** Null when the year has no target (an actual on its own is a fact, not a verdict). */
  status: CompareStatus | null
  /** Actuals for the same year that disagree (after conversion to the indicator's unit). */
  conflict: boolean
  /** Figures whose unit could not be converted (e.g. 个百分点 against %). */
  unitMismatch: boolean
}

export interface CompareRow<F = FigureAnnotation> {
  key: string
  name: string
  unit: string
  higherIsBetter: boolean
  /** False for an indicator key used by annotations but missing from the codebook. */
  inCodebook: boolean
  /** Ascending by year; only years with at least one observation. */
  cells: Array<CompareCell<F>>
}

export type CompareCellView = CompareCell<FigureView>
export type CompareRowView = CompareRow<FigureView>

export interface CompareResult {
  rows: CompareRow[]
  /** Every year with an observation, ascending. */
  years: number[]
  /** The newest document year in the workspace: targets up to it could have been reported on. */
  latestDocumentYear: number | null
  tolerancePercent: number
  /** The documents the figures come from, by id. */
  sources: ReadonlyMap<string, ObservationSource>
  /** Targets and achievements the filters keep that have no cell, or no verdict for want of a unit. */
  unplaced: UnplacedFigure[]
}

export interface CompareFilters {
  /** Annotation labels to include; by default target and achievement. */
  labels?: readonly string[]
  docTypes?: readonly DocumentType[]
  issuers?: readonly string[]
  yearFrom?: number
  yearTo?: number
  statuses?: ReadonlyArray<CompareStatus>
  indicatorKeys?: readonly string[]
}

export interface CompareInput {
  /** Read once more when a filter hides figures (the verdicts are judged on all of them). */
  annotations: readonly FigureAnnotation[]
  documents: readonly DocumentRecord[]
  indicators: readonly Indicator[]
  tolerancePercent?: number
  filters?: CompareFilters
}

const KIND_BY_LABEL: Record<string, ObservationKind | undefined> = { target: 'target', achievement: 'actual' }

// 个百分点 contains no magnitude even though it starts like one; 千克/千米/千瓦 are units of their own.
const UNITS_WITHOUT_MAGNITUDE = new Set(['个百分点', '百分点', '千克', '千米', '千瓦', '千瓦时', '百分比'])
const MAGNITUDE_PREFIXES: ReadonlyArray<readonly [string, number]> = [
  ['万亿', 12],
  ['亿', 8],
  ['万', 4],
  ['千', 3],
  ['百', 2],
]
const UNIT_ALIASES: Record<string, string> = { 个百分点: 'pp', 百分点: 'pp', '％': '%', 公斤: '千克' }

interface ParsedUnit {
  base: string
  exponent: number
}

const parsedUnits = new Map<string, ParsedUnit>()

/** A unit as base unit and power of ten: 亿元 → 元 × 10^8, 家 → 家 × 10^0, 個百分點 → pp. */
export function parseUnit(unit: string): ParsedUnit {
  let parsed = parsedUnits.get(unit)
  if (parsed) return parsed
  const simplified = toSimplifiedScript(unit.normalize('NFKC').trim())
  parsed = { base: UNIT_ALIASES[simplified] ?? simplified, exponent: 0 }
  if (!UNITS_WITHOUT_MAGNITUDE.has(simplified)) {
    for (const [prefix, exponent] of MAGNITUDE_PREFIXES) {
      const rest = simplified.slice(prefix.length)
      if (simplified.startsWith(prefix) && rest !== '') {
        parsed = { base: UNIT_ALIASES[rest] ?? rest, exponent }
        break
      }
    }
  }
  parsedUnits.set(unit, parsed)
  return parsed
}

/**
 * The factor that brings a figure written in `unit` to `indicatorUnit`, or null when their base
 * units differ. An empty unit is read as the indicator's (the analyst left it unsaid).
 */
export function conversionFactor(unit: string, indicatorUnit: string): number | null {
  if (unit === '' || unit === indicatorUnit) return 1
  const from = parseUnit(unit)
  const to = parseUnit(indicatorUnit)
  if (from.base !== to.base) return null
  return 10 ** (from.exponent - to.exponent)
}

/** Rounds away the binary noise that scaling by powers of ten leaves (1.1 × 10^4). */
function scaled(value: number, factor: number): number {
  return factor === 1 ? value : Number((value * factor).toPrecision(12))
}

const EPSILON = 1e-9

interface Measured {
  value: number | null
  valueMax: number | null
  comparator: Comparator
}

/**
 * Whether an actual meets a target. Direction comes from the codebook: a target stated as a
 * plain figure (达到…) or as about a figure (…左右) is a floor when higher is better and a ceiling
 * otherwise; ≈ also forgives a shortfall of `tolerancePercent` of the target.
 */
export function meetsTarget(
  target: Measured,
  actual: Pick<Measured, 'value' | 'comparator'>,
  higherIsBetter: boolean,
  tolerancePercent: number,
): boolean | null {
  if (target.value === null || actual.value === null) return null
  return meets(target.value, target.valueMax ?? target.value, target.comparator, actual.value, actual.comparator, higherIsBetter, tolerancePercent)
}

function meets(
  low: number,
  high: number,
  comparator: Comparator,
  value: number,
  actualComparator: Comparator,
  higherIsBetter: boolean,
  tolerancePercent: number,
): boolean {
  switch (comparator) {
    // An actual stated as "more than x" (超过1.1万家) is known to exceed x.
    case '>':
      return value > low + EPSILON || (Math.abs(value - low) <= EPSILON && actualComparator === '>')
    case '>=':
      return value >= low - EPSILON
    case '<':
      return value < high - EPSILON || (Math.abs(value - high) <= EPSILON && actualComparator === '<')
    case '<=':
      return value <= high + EPSILON
    case '≈': {
      const slack = (Math.abs(higherIsBetter ? low : high) * tolerancePercent) / 100
      return higherIsBetter ? value >= low - slack - EPSILON : value <= high + slack + EPSILON
    }
    case '=':
      return higherIsBetter ? value >= low - EPSILON : value <= high + EPSILON
  }
}

const byName = new Intl.Collator('zh-CN')

/** Orders documents newest first: year, then month and day of the date when it is known. */
function recency(source: ObservationSource): number {
  if (source.year === null) return -Infinity
  const date = /^\d{4}-(\d{2})-(\d{2})/.exec(source.date ?? '')
  return source.year * 10_000 + (date ? Number(date[1]) * 100 + Number(date[2]) : 0)
}

const COMPARATOR_CODES: readonly Comparator[] = ['>', '>=', '=', '≈', '<=', '<']

/**
 * Every figure's numbers in flat typed arrays, its annotation in one array, and each cell's figures
 * as a list linked through `next`, newest document first. Building the matrix thus allocates
 * nothing per figure: on 200,000 figures, small per-cell arrays and look-ups back into the
 * annotations cost more than everything else together.
 */
class FigureStore {
  size = 0
  annotations: FigureAnnotation[] = []
  recency: Float64Array
  value: Float64Array
  max: Float64Array
  comparator: Uint8Array
  next: Int32Array

  /** `capacity`: the number of annotations when it is known, so the arrays never grow. */
  constructor(capacity: number) {
    const size = Math.max(16, capacity)
    this.recency = new Float64Array(size)
    this.value = new Float64Array(size)
    this.max = new Float64Array(size)
    this.comparator = new Uint8Array(size)
    this.next = new Int32Array(size)
  }

  add(annotation: FigureAnnotation, recency: number, value: number, max: number, comparator: number): number {
    if (this.size === this.next.length) this.grow()
    const at = this.size++
    this.annotations.push(annotation)
    this.recency[at] = recency
    this.value[at] = value
    this.max[at] = max
    this.comparator[at] = comparator
    this.next[at] = -1
    return at
  }

  private grow(): void {
    const capacity = this.next.length * 2
    const bigger = <T extends Float64Array | Uint8Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const array = make(capacity)
      array.set(old)
      return array
    }
    this.recency = bigger(this.recency, (n) => new Float64Array(n))
    this.value = bigger(this.value, (n) => new Float64Array(n))
    this.max = bigger(this.max, (n) => new Float64Array(n))
    this.comparator = bigger(this.comparator, (n) => new Uint8Array(n))
    this.next = bigger(this.next, (n) => new Int32Array(n))
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

  list(head: number, count: number): FigureAnnotation[] {
    const list = new Array<FigureAnnotation>(count)
    let n = 0
    for (let at = head; at >= 0; at = this.next[at]) list[n++] = this.annotations[at]
    return list
  }

  firstConvertible(head: number): number {
    let at = head
    while (at >= 0 && Number.isNaN(this.value[at])) at = this.next[at]
    return at
  }
}

/** A cell while it is built: the heads of its target and actual lists in the FigureStore. */
/** How far `FigureStore.insert` walks a cell's list before the cell is linked by sorting instead. */
const MAX_WALK = 32

interface CellBuild {
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

/**
 * A row of the matrix whose cells become arrays of annotations only when read: statuses are
 * computed for every cell, but a view of 5,000 indicators shows a few dozen rows at a time.
 */
class MatrixRow implements CompareRow {
  readonly #built: readonly CellBuild[]
  readonly #figures: FigureStore
  #cells: CompareCell[] | null = null

  constructor(
    readonly key: string,
    readonly name: string,
    readonly unit: string,
    readonly higherIsBetter: boolean,
    readonly inCodebook: boolean,
    built: readonly CellBuild[],
    figures: FigureStore,
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

  /** Own properties for JSON and spreading, the cells included. */
  toJSON(): CompareRow {
    return { key: this.key, name: this.name, unit: this.unit, higherIsBetter: this.higherIsBetter, inCodebook: this.inCodebook, cells: this.cells }
  }
}

interface RowBuild {
  row: Omit<CompareRow, 'cells'>
  /** Few per row (one per year), so a scan beats a Map. */
  cells: CellBuild[]
  /** Written unit → factor to the indicator's unit (null: not convertible). */
  factors: Map<string, number | null>
}

function factorIn(build: RowBuild, unit: string): number | null {
  let factor = build.factors.get(unit)
  if (factor === undefined) {
    factor = conversionFactor(unit, build.row.unit)
    build.factors.set(unit, factor)
  }
  return factor
}

function cellStatus(figures: FigureStore, build: RowBuild, cell: CellBuild, latestDocumentYear: number | null, tolerancePercent: number): CompareStatus | null {
  const target = figures.firstConvertible(cell.targets)
  if (target < 0) return null
  const actual = figures.firstConvertible(cell.actuals)
  if (actual < 0) return latestDocumentYear !== null && latestDocumentYear > cell.year ? 'no-evidence' : 'not-due'
  const low = figures.value[target]
  const high = Number.isNaN(figures.max[target]) ? low : figures.max[target]
  const met = meets(
    low,
    high,
    COMPARATOR_CODES[figures.comparator[target]],
    figures.value[actual],
    COMPARATOR_CODES[figures.comparator[actual]],
    build.row.higherIsBetter,
    tolerancePercent,
  )
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
interface Selection {
  kindOfLabel: ReadonlyMap<string, ObservationKind>
  docTypes: ReadonlySet<string> | null
  issuers: ReadonlySet<string> | null
  keys: ReadonlySet<string> | null
  yearFrom: number
  yearTo: number
}

function selectionOf(filters: CompareFilters): Selection {
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

/**
 * The rows and cells of the observations a selection keeps, statuses not yet judged. Figures of a
 * kept label that lack a field the matrix needs go to `skipped`, when it is given.
 */
function collectCells(
  input: CompareInput,
  sources: ReadonlyMap<string, ObservationSource>,
  selection: Selection,
  skipped?: FigureAnnotation[],
): { builds: Map<string, RowBuild>; figures: FigureStore } {
  const { kindOfLabel, docTypes, issuers, keys, yearFrom, yearTo } = selection
  const codebook = new Map(input.indicators.map((indicator) => [indicator.key, indicator]))
  const builds = new Map<string, RowBuild>()
  const figures = new FigureStore(input.annotations.length)
  const crowded: CellBuild[] = []
  let lastDocumentId: string | null = null
  let lastSource: ObservationSource | undefined
  let lastRecency = -Infinity
  let lastBuild: RowBuild | null = null
  let lastUnit = ''
  let lastFactor: number | null = 1
  for (const annotation of input.annotations) {
    if (annotation.status !== 'accepted') continue
    const kind = kindOfLabel.get(annotation.label)
    const attributes = annotation.attributes
    const key = attributes.indicator
    const periodYear = attributes.periodYear ?? attributes.deadlineYear
    if (!kind) continue
    if (key === undefined || key === '' || attributes.value === undefined || periodYear === undefined) {
      skipped?.push(annotation)
      continue
    }
    if (periodYear < yearFrom || periodYear > yearTo || (keys && !keys.has(key))) continue
    // Annotations come document by document: one lookup per document, not per annotation.
    if (annotation.documentId !== lastDocumentId) {
      lastDocumentId = annotation.documentId
      lastSource = sources.get(lastDocumentId)
      if (lastSource) lastRecency = recency(lastSource)
    }
    if (!lastSource || (docTypes && !docTypes.has(lastSource.docType)) || (issuers && !issuers.has(lastSource.issuerKey))) continue

    let build = builds.get(key)
    if (!build) {
      const indicator = codebook.get(key)
      build = {
        row: {
          key,
          name: indicator?.name ?? key,
          unit: indicator?.unit ?? attributes.unit ?? '',
          higherIsBetter: indicator?.higherIsBetter ?? true,
          inCodebook: indicator !== undefined,
        },
        cells: [],
        factors: new Map(),
      }
      builds.set(key, build)
    }
    // Kept in year order as they come, so rows need no sorting afterwards.
    let cell: CellBuild | undefined
    let position = build.cells.length
    for (let i = 0; i < build.cells.length; i++) {
      const year = build.cells[i].year
      if (year === periodYear) {
        cell = build.cells[i]
        break
      }
      if (year > periodYear) {
        position = i
        break
      }
    }
    if (!cell) {
      cell = { year: periodYear, targets: -1, actuals: -1, lateTargets: null, lateActuals: null, targetCount: 0, actualCount: 0, unitMismatch: false, status: null, conflict: false }
      build.cells.splice(position, 0, cell)
    }
    const unit = attributes.unit ?? ''
    // Consecutive figures of one indicator are mostly in one unit: skip the look-up then.
    if (build !== lastBuild || unit !== lastUnit) {
      lastFactor = factorIn(build, unit)
      lastBuild = build
      lastUnit = unit
    }
    const value = lastFactor === null ? Number.NaN : scaled(attributes.value, lastFactor)
    const max = lastFactor === null || attributes.valueMax === undefined ? Number.NaN : scaled(attributes.valueMax, lastFactor)
    const comparator = COMPARATOR_CODES.indexOf(attributes.comparator ?? '=')
    const at = figures.add(annotation, lastRecency, value, max, comparator)
    if (kind === 'target') {
      if (cell.lateTargets) cell.lateTargets.push(at)
      else {
        const head = figures.insert(cell.targets, at)
        if (head !== null) cell.targets = head
        else {
          cell.lateTargets = [at]
          if (!cell.lateActuals) crowded.push(cell)
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
          if (!cell.lateTargets) crowded.push(cell)
        }
      }
      cell.actualCount++
    }
    if (lastFactor === null) cell.unitMismatch = true
  }
  for (const cell of crowded) {
    if (cell.lateTargets) cell.targets = figures.relink(cell.targets, cell.lateTargets)
    if (cell.lateActuals) cell.actuals = figures.relink(cell.actuals, cell.lateActuals)
    cell.lateTargets = cell.lateActuals = null
  }

  return { builds, figures }
}

function judgeCells(collected: { builds: Map<string, RowBuild>; figures: FigureStore }, latestDocumentYear: number | null, tolerancePercent: number): void {
  for (const build of collected.builds.values()) {
    for (const cell of build.cells) {
      cell.status = cellStatus(collected.figures, build, cell, latestDocumentYear, tolerancePercent)
      cell.conflict = hasConflict(collected.figures, cell.actuals)
    }
  }
}

export function compareAcrossYears(input: CompareInput): CompareResult {
  const tolerancePercent = input.tolerancePercent ?? DEFAULT_APPROX_TOLERANCE_PERCENT
  const filters = input.filters ?? {}
  const statuses = filters.statuses && filters.statuses.length > 0 ? new Set(filters.statuses) : null

  const sources = new Map<string, ObservationSource>()
  let latestDocumentYear: number | null = null
  for (const doc of input.documents) {
    const issuerKey = doc.meta.issuer ? foldForMatching(doc.meta.issuer) : ''
    sources.set(doc.id, { documentId: doc.id, year: doc.meta.year, date: doc.meta.date, docType: doc.meta.docType, issuer: doc.meta.issuer, issuerKey, title: doc.title })
    if (doc.meta.year !== null && (latestDocumentYear === null || doc.meta.year > latestDocumentYear)) latestDocumentYear = doc.meta.year
  }
  const selection = selectionOf(filters)
  const skipped: FigureAnnotation[] = []
  const shown = collectCells(input, sources, selection, skipped)
  const { builds, figures } = shown
  // Filters by label, document type or issuer choose which figures are shown, never the verdict:
  // a targets-only view must not call a met target "no evidence" because it hides the actual.
  const hidesFigures = (filters.labels?.length ?? 0) > 0 || (filters.docTypes?.length ?? 0) > 0 || (filters.issuers?.length ?? 0) > 0
  if (hidesFigures) {
    const judged = collectCells(input, sources, selectionOf({ yearFrom: filters.yearFrom, yearTo: filters.yearTo, indicatorKeys: filters.indicatorKeys }))
    judgeCells(judged, latestDocumentYear, tolerancePercent)
    for (const build of builds.values()) {
      const verdicts = judged.builds.get(build.row.key)?.cells
      for (const cell of build.cells) {
        const verdict = verdicts?.find((judgedCell) => judgedCell.year === cell.year)
        cell.status = verdict?.status ?? null
        cell.conflict = verdict?.conflict ?? false
      }
    }
  } else {
    judgeCells(shown, latestDocumentYear, tolerancePercent)
  }

  const years = new Set<number>()
  const rows: CompareRow[] = []
  for (const build of builds.values()) {
    if (statuses && !build.cells.some((cell) => cell.status !== null && statuses.has(cell.status))) continue
    for (const cell of build.cells) years.add(cell.year)
    const { row } = build
    rows.push(new MatrixRow(row.key, row.name, row.unit, row.higherIsBetter, row.inCodebook, build.cells, figures))
  }
  rows.sort((a, b) => (a.inCodebook === b.inCodebook ? byName.compare(a.name, b.name) : a.inCodebook ? -1 : 1))
  const unplaced = unplacedOf(skipped, shown, sources, selection)
  return { rows, years: [...years].sort((a, b) => a - b), latestDocumentYear, tolerancePercent, sources, unplaced }
}

/** The skipped figures the filters keep, and the placed ones whose unit could not be converted. */
function unplacedOf(
  skipped: readonly FigureAnnotation[],
  { builds, figures }: { builds: Map<string, RowBuild>; figures: FigureStore },
  sources: ReadonlyMap<string, ObservationSource>,
  { docTypes, issuers, keys, yearFrom, yearTo }: Selection,
): UnplacedFigure[] {
  const unplaced: UnplacedFigure[] = []
  for (const annotation of skipped) {
    const source = sources.get(annotation.documentId)
    if (!source || (docTypes && !docTypes.has(source.docType)) || (issuers && !issuers.has(source.issuerKey))) continue
    const { indicator, periodYear, deadlineYear } = annotation.attributes
    const year = periodYear ?? deadlineYear
    if (year !== undefined && (year < yearFrom || year > yearTo)) continue
    if (keys && indicator && !keys.has(indicator)) continue
    const reason = missingField(annotation)
    if (reason) unplaced.push(unplacedFigure(annotation, reason, source))
  }
  for (const build of builds.values()) {
    for (const cell of build.cells) {
      if (!cell.unitMismatch) continue
      for (const head of [cell.targets, cell.actuals]) {
        for (let at = head; at >= 0; at = figures.next[at]) {
          if (!Number.isNaN(figures.value[at])) continue
          const annotation = figures.annotations[at]
          unplaced.push(unplacedFigure(annotation, 'unit-mismatch', sources.get(annotation.documentId), build.row.unit))
        }
      }
    }
  }
  return sortUnplaced(unplaced)
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
