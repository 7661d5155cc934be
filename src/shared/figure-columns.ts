// The compare engine's input: the figures of one document as columns (issue 13). Compare reads a
// handful of numbers and codes per figure; made as one object per figure (with its attributes, its
// quote and its id as objects of their own), the 1.34 M figures of 10,000 documents were millions
// of objects to allocate, and to copy each time the collector moved them, before the engine had
// judged one cell. In columns, a document is a few typed arrays and one string; a figure becomes a
// FigureAnnotation only when something shows it (a page of the matrix, the unplaced list, an edit's
// rows). Pure.
//
// Two ways in, one engine: main's figure index decodes a summary file straight into columns (see
// figure-index.ts), and annotation arrays (an imported source, the tests, an edit's few rows) are
// put into columns by figureColumnsOf, whose figures are then the annotations themselves.
import type { Annotation, Comparator } from './model'
import type { FigureAnnotation } from './compare-unplaced'
import { indicatorMemo } from './indicator-memo'

/** A comparator's code in FigureColumns.comparators; -1 for none (compare reads it as '='). */
export const COMPARATOR_CODES: readonly Comparator[] = ['>', '>=', '=', '≈', '<=', '<']

/** The labels whose figures compare reads (any other label's annotations are never compare's). */
export const FIGURE_LABELS: ReadonlySet<string> = new Set(['target', 'achievement'])

/** The attributes compare reads from columns; the rest (a note, a follow-up status) are kept as they are, see `extras`. */
const COLUMN_ATTRIBUTES = new Set(['indicator', 'value', 'valueMax', 'unit', 'comparator', 'periodYear', 'deadlineYear'])

type Attributes = FigureAnnotation['attributes']

/** A document's ids and quotes as UTF-16 code units, and how main makes strings of them. */
export interface TextUnits {
  units: Uint16Array
  /** `units` from..to as a string, when main has a faster way than String.fromCharCode (lone surrogates kept). */
  decode?: (from: number, to: number) => string
}

/**
 * Where a decoded figure's text is: each figure's id then its quote, figure after figure, as
 * UTF-16 code units, made into strings only for the figures shown. The code units are at hand, or
 * read when a figure of the document is first shown: the quotes of 10,000 documents are some
 * 300 MB, which a first opening would otherwise read, check and copy for the 200 figures it shows.
 */
export interface FigureText {
  units: TextUnits | (() => TextUnits)
  /** Where each figure's id ends in `units` (it starts where the figure before ends, the first at 0). */
  idEnds: Int32Array
  /** Where each figure's quote ends in `units` (it starts where its id ends). */
  quoteEnds: Int32Array
  starts: Int32Array
  /** Attributes beyond the columns' (rare), by figure. */
  extras: ReadonlyMap<number, Partial<Attributes>>
}

/**
 * Accepted targets and achievements of one document, in its order, as compare reads them. Codes
 * index the name lists (-1: the attribute is absent); numbers are NaN when absent.
 */
export class FigureColumns {
  /** The figures themselves, when the columns were made from them (from `madeFrom` on). */
  private readonly made: readonly FigureAnnotation[]

  constructor(
    readonly documentId: string,
    readonly size: number,
    readonly labelNames: readonly string[],
    readonly labels: Int32Array,
    readonly indicatorNames: readonly string[],
    readonly indicators: Int32Array,
    readonly unitNames: readonly string[],
    readonly units: Int32Array,
    readonly comparators: Int32Array,
    readonly values: Float64Array,
    readonly valueMaxes: Float64Array,
    readonly periodYears: Float64Array,
    readonly deadlineYears: Float64Array,
    /**
     * The figures themselves (from `from` on) when the columns were made from them; some of another
     * set's (`picked`, see `pickedColumns`); else how to make them.
     */
    figures: { figures: readonly FigureAnnotation[]; from: number } | { picked: FigureColumns; indices: Int32Array } | FigureText,
  ) {
    this.made = []
    this.madeFrom = 0
    this.text = null
    this.picked = null
    if ('figures' in figures) {
      this.made = figures.figures
      this.madeFrom = figures.from
    } else if ('picked' in figures) this.picked = figures
    else this.text = figures
  }

  private readonly text: FigureText | null
  private readonly madeFrom: number
  private readonly picked: { picked: FigureColumns; indices: Int32Array } | null

  /** The indicator key of figure `at`, as the annotation holds it (undefined when it has none). */
  indicator(at: number): string | undefined {
    // Columns made from the annotations may be an engine's reused ones (see figureColumnsForEngine).
    if (!this.text && !this.picked) return this.made[this.madeFrom + at].attributes.indicator
    const code = this.indicators[at]
    return code < 0 ? undefined : this.indicatorNames[code]
  }

  /** Where figure `at` starts in its document's text. */
  startOf(at: number): number {
    if (this.picked) return this.picked.picked.startOf(this.picked.indices[at])
    return this.text ? this.text.starts[at] : this.made[this.madeFrom + at]!.start
  }

  /**
   * Figure `at` as an annotation: the annotation itself, or made from the columns each time it is
   * asked for (not kept: `compare --json` asks for every figure once).
   */
  figure(at: number): FigureAnnotation {
    if (this.picked) return this.picked.picked.figure(this.picked.indices[at])
    return this.text ? this.makeFigure(at) : this.made[this.madeFrom + at]
  }

  /** Every figure, in order (for one document's edit, never for the whole workspace). */
  all(): FigureAnnotation[] {
    return Array.from({ length: this.size }, (_, at) => this.figure(at))
  }

  /** The ids and quotes, read now if they were left on disk. */
  private textUnits(): TextUnits {
    const text = this.text!
    if (typeof text.units === 'function') text.units = text.units()
    return text.units
  }

  /**
   * Reads the ids and quotes now if they were left on disk: called before the file they are in is
   * replaced, so that figures of a matrix computed before can still be shown.
   */
  retainText(): void {
    if (this.text) this.textUnits()
    this.picked?.picked.retainText()
  }

  private makeFigure(at: number): FigureAnnotation {
    const text = this.text!
    const { units, decode } = this.textUnits()
    const attributes: Record<string, unknown> = {}
    const indicator = this.indicator(at)
    if (indicator !== undefined) attributes.indicator = indicator
    if (!Number.isNaN(this.values[at])) attributes.value = this.values[at]
    if (!Number.isNaN(this.valueMaxes[at])) attributes.valueMax = this.valueMaxes[at]
    if (this.units[at] >= 0) attributes.unit = this.unitNames[this.units[at]]
    if (this.comparators[at] >= 0) attributes.comparator = COMPARATOR_CODES[this.comparators[at]]
    if (!Number.isNaN(this.periodYears[at])) attributes.periodYear = this.periodYears[at]
    if (!Number.isNaN(this.deadlineYears[at])) attributes.deadlineYear = this.deadlineYears[at]
    const extra = text.extras.get(at)
    if (extra) Object.assign(attributes, extra)
    const from = at === 0 ? 0 : text.quoteEnds[at - 1]
    const idEnd = text.idEnds[at]
    // One string for the id and the quote together: one decoding a figure, the two sliced from it.
    const both = decode ? decode(from, text.quoteEnds[at]) : stringOf(units, from, text.quoteEnds[at])
    return {
      id: both.slice(0, idEnd - from),
      documentId: this.documentId,
      start: text.starts[at],
      quote: both.slice(idEnd - from),
      label: this.labelNames[this.labels[at]],
      attributes: attributes as Attributes,
      status: 'accepted',
    }
  }
}

/** Code units as a string, lone surrogates included (a TextDecoder would replace them). */
function stringOf(units: Uint16Array, from: number, to: number): string {
  const CHUNK = 8192
  let text = ''
  for (let at = from; at < to; at += CHUNK) text += String.fromCharCode.apply(null, units.subarray(at, Math.min(to, at + CHUNK)) as unknown as number[])
  return text
}

/** Each figure's id then its quote, figure after figure (see FigureText), and where each ends. */
export function figureText(figures: readonly FigureAnnotation[]): { text: string; idEnds: Int32Array; quoteEnds: Int32Array } {
  const idEnds = new Int32Array(figures.length)
  const quoteEnds = new Int32Array(figures.length)
  const parts = new Array<string>(figures.length * 2)
  let end = 0
  for (let at = 0; at < figures.length; at++) {
    const { id, quote } = figures[at]
    parts[2 * at] = id
    parts[2 * at + 1] = quote
    idEnds[at] = end += id.length
    quoteEnds[at] = end += quote.length
  }
  return { text: parts.join(''), idEnds, quoteEnds }
}

/** The attributes of a figure beyond the columns', or null when it has none (nearly always). */
export function extraAttributes(attributes: Attributes): Partial<Attributes> | null {
  let extra: Record<string, unknown> | null = null
  for (const key in attributes) {
    if (COLUMN_ATTRIBUTES.has(key)) continue
    const value = (attributes as Record<string, unknown>)[key]
    if (value !== undefined) (extra ??= {})[key] = value
  }
  return extra as Partial<Attributes> | null
}

/**
 * Annotations as columns, one FigureColumns per run of one document: those of `annotations` that
 * compare reads (accepted targets and achievements), or all of them with `alreadyFigures`. One pass,
 * the columns of every run parts of one allocation, the names of every run one shared list: the
 * compare bench's 200,000 annotations go in as they did before there were columns.
 */
function columnsOf(annotations: ReadonlyArray<FigureAnnotation | Annotation>, alreadyFigures: boolean, onlyDocument?: string, scratch = false): FigureColumns[] {
  const capacity = annotations.length
  // The figures kept, grown by push (an array made at its full length of hundreds of thousands is
  // a slow dictionary in V8). For one computation of the engine, while every annotation so far is
  // kept, the annotations array itself (the engine before columns read it so too): copied only
  // from the first one left out. The compare bench's 200,000 are all kept, and a copy of them for
  // each computation was megabytes for the collector to move.
  let keptCopy: Array<FigureAnnotation | Annotation> | null = scratch ? null : []
  let kept: ReadonlyArray<FigureAnnotation | Annotation> = keptCopy ?? annotations
  const { codes, numbers } = scratch ? scratchColumns(capacity) : { codes: new Int32Array(capacity * 4), numbers: new Float64Array(capacity * 4) }
  const labelNames: string[] = []
  // The engine's computations share their indicator names and remember each annotation's code by
  // its place (see indicator-memo.ts); other columns have names of their own.
  const memo = scratch ? indicatorMemo(capacity) : null
  const indicatorNames: string[] = memo ? memo.names : []
  const indicatorCodes = memo ? memo.codes : new Map<string, number>()
  const unitNames: string[] = []
  const unitCodes = new Map<string, number>()
  const runDocuments: string[] = []
  const runEnds: number[] = []
  let size = 0
  let runStart = 0
  let documentId: string | undefined = onlyDocument
  // Consecutive figures mostly share their label and unit: looked up when they change.
  let lastLabel: string | undefined
  let lastLabelCode = -1
  let lastUnit: string | undefined
  let lastUnitCode = -1
  for (let n = 0; n < capacity; n++) {
    const annotation = annotations[n]
    const label = annotation.label
    if (!alreadyFigures && (annotation.status !== 'accepted' || !(label === 'target' || label === 'achievement'))) {
      if (keptCopy === null) kept = keptCopy = annotations.slice(0, n)
      continue
    }
    if (onlyDocument === undefined && annotation.documentId !== documentId) {
      // The runs become columns after the loop: made inside it, they made it several times slower.
      if (documentId !== undefined && size > runStart) {
        runDocuments.push(documentId)
        runEnds.push(size)
        runStart = size
      }
      documentId = annotation.documentId
    }
    const at = size++
    if (keptCopy !== null) keptCopy.push(annotation)
    if (label !== lastLabel) {
      lastLabel = label
      lastLabelCode = labelNames.indexOf(label)
      if (lastLabelCode < 0) lastLabelCode = labelNames.push(label) - 1
    }
    codes[at] = lastLabelCode
    const attributes = annotation.attributes
    const indicator = attributes.indicator
    let indicatorCode: number | undefined
    if (memo !== null && memo.seenAt[n] === indicator) indicatorCode = memo.codeAt[n]
    else {
      indicatorCode = indicator === undefined ? -1 : indicatorCodes.get(indicator)
      if (indicatorCode === undefined) {
        indicatorCode = indicatorNames.push(indicator!) - 1
        indicatorCodes.set(indicator!, indicatorCode)
      }
      if (memo !== null) {
        memo.seenAt[n] = indicator
        memo.codeAt[n] = indicatorCode
      }
    }
    codes[capacity + at] = indicatorCode
    const unit = attributes.unit
    if (unit !== lastUnit || lastUnitCode === -2) {
      lastUnit = unit
      let unitCode = unit === undefined ? -1 : unitCodes.get(unit)
      if (unitCode === undefined) {
        unitCode = unitNames.push(unit!) - 1
        unitCodes.set(unit!, unitCode)
      }
      lastUnitCode = unitCode
    }
    codes[2 * capacity + at] = lastUnitCode
    const comparator = attributes.comparator
    codes[3 * capacity + at] = comparator === undefined ? -1 : comparatorCode(comparator)
    const { value, valueMax, periodYear, deadlineYear } = attributes
    numbers[at] = value === undefined ? Number.NaN : value
    numbers[capacity + at] = valueMax === undefined ? Number.NaN : valueMax
    numbers[2 * capacity + at] = periodYear === undefined ? Number.NaN : periodYear
    numbers[3 * capacity + at] = deadlineYear === undefined ? Number.NaN : deadlineYear
  }
  if (documentId !== undefined && (size > runStart || onlyDocument !== undefined)) {
    runDocuments.push(documentId)
    runEnds.push(size)
  }
  const sets: FigureColumns[] = []
  for (let run = 0; run < runEnds.length; run++) {
    sets.push(columnsFrom(runDocuments[run], kept as readonly FigureAnnotation[], run === 0 ? 0 : runEnds[run - 1], runEnds[run], capacity, labelNames, indicatorNames, unitNames, codes, numbers))
  }
  return sets
}

function comparatorCode(comparator: Comparator): number {
  switch (comparator) {
    case '>':
      return 0
    case '>=':
      return 1
    case '=':
      return 2
    case '≈':
      return 3
    case '<=':
      return 4
    case '<':
      return 5
    default:
      return COMPARATOR_CODES.indexOf(comparator)
  }
}

function columnsFrom(
  documentId: string,
  figures: readonly FigureAnnotation[],
  from: number,
  to: number,
  capacity: number,
  labelNames: readonly string[],
  indicatorNames: readonly string[],
  unitNames: readonly string[],
  codes: Int32Array,
  numbers: Float64Array,
): FigureColumns {
  const column = <T extends Int32Array | Float64Array>(all: T, n: number) => all.subarray(n * capacity + from, n * capacity + to) as T
  return new FigureColumns(
    documentId,
    to - from,
    labelNames,
    column(codes, 0),
    indicatorNames,
    column(codes, 1),
    unitNames,
    column(codes, 2),
    column(codes, 3),
    column(numbers, 0),
    column(numbers, 1),
    column(numbers, 2),
    column(numbers, 3),
    { figures, from },
  )
}

/**
 * Columns of figures all of one document (its summary, rebuilt from its annotation file): the
 * columns' figures are these objects themselves.
 */
export function documentColumns(documentId: string, figures: readonly FigureAnnotation[]): FigureColumns {
  return columnsOf(figures, true, documentId)[0]
}

/**
 * Columns of figures all of one document that keep their text rather than the figures (a summary
 * rebuilt from an annotation file, kept for the session as a decoded one is): one string for the
 * ids and quotes in code units instead of an object, an id, a quote and attributes per figure.
 */
export function compactColumns(documentId: string, figures: readonly FigureAnnotation[]): FigureColumns {
  const columns = documentColumns(documentId, figures)
  const size = figures.length
  const starts = new Int32Array(size)
  const extras = new Map<number, Partial<Attributes>>()
  for (let at = 0; at < size; at++) {
    const figure = figures[at]
    starts[at] = figure.start
    const extra = extraAttributes(figure.attributes)
    if (extra) extras.set(at, extra)
  }
  const { text: joined, idEnds, quoteEnds } = figureText(figures)
  const codeUnits = new Uint16Array(joined.length)
  for (let at = 0; at < joined.length; at++) codeUnits[at] = joined.charCodeAt(at)
  const text: FigureText = { units: { units: codeUnits }, idEnds, quoteEnds, starts, extras }
  const { labelNames, labels, indicatorNames, indicators, unitNames, units, comparators, values, valueMaxes, periodYears, deadlineYears } = columns
  return new FigureColumns(documentId, size, labelNames, labels, indicatorNames, indicators, unitNames, units, comparators, values, valueMaxes, periodYears, deadlineYears, text)
}

/** Columns with no figures, for a document whose annotation file cannot be read. */
export function noFigures(documentId: string): FigureColumns {
  return documentColumns(documentId, [])
}

/**
 * Annotations of any label, status and documents as the engine's input: the accepted targets and
 * achievements, one FigureColumns per run of one document (annotations come document by document).
 */
export function figureColumnsOf(annotations: ReadonlyArray<FigureAnnotation | Annotation>): FigureColumns[] {
  return columnsOf(annotations, false)
}

/**
 * Some figures of some documents' columns (each document's `indices` ascending) as columns of
 * their own, one set per document, whose figures are the picked columns' own: an edit's
 * indicators recomputed (compare-incremental.ts) without making their figures, whose ids and
 * quotes may still be on disk. The numbers of all of them in one allocation (an edit's indicator
 * can have figures in each of 10,000 documents).
 */
export function pickedColumns(picks: ReadonlyArray<{ columns: FigureColumns; indices: readonly number[] }>): FigureColumns[] {
  let total = 0
  for (const pick of picks) total += pick.indices.length
  const codes = new Int32Array(total * 4)
  const numbers = new Float64Array(total * 4)
  const places = new Int32Array(total)
  const sets: FigureColumns[] = []
  let from = 0
  for (const { columns, indices } of picks) {
    const size = indices.length
    const end = from + size
    const labels = codes.subarray(from, end)
    const indicators = codes.subarray(total + from, total + end)
    const units = codes.subarray(2 * total + from, 2 * total + end)
    const comparators = codes.subarray(3 * total + from, 3 * total + end)
    const values = numbers.subarray(from, end)
    const valueMaxes = numbers.subarray(total + from, total + end)
    const periodYears = numbers.subarray(2 * total + from, 2 * total + end)
    const deadlineYears = numbers.subarray(3 * total + from, 3 * total + end)
    for (let n = 0; n < size; n++) {
      const at = indices[n]
      labels[n] = columns.labels[at]
      indicators[n] = columns.indicators[at]
      units[n] = columns.units[at]
      comparators[n] = columns.comparators[at]
      values[n] = columns.values[at]
      valueMaxes[n] = columns.valueMaxes[at]
      periodYears[n] = columns.periodYears[at]
      deadlineYears[n] = columns.deadlineYears[at]
      places[from + n] = at
    }
    const picked = { picked: columns, indices: places.subarray(from, from + size) }
    sets.push(new FigureColumns(columns.documentId, size, columns.labelNames, labels, columns.indicatorNames, indicators, columns.unitNames, units, comparators, values, valueMaxes, periodYears, deadlineYears, picked))
    from += size
  }
  return sets
}

let scratchCodes = new Int32Array(0)
let scratchNumbers = new Float64Array(0)

function scratchColumns(capacity: number): { codes: Int32Array; numbers: Float64Array } {
  if (scratchCodes.length < capacity * 4) {
    scratchCodes = new Int32Array(capacity * 4)
    scratchNumbers = new Float64Array(capacity * 4)
  }
  return { codes: scratchCodes, numbers: scratchNumbers }
}

/**
 * figureColumnsOf for one computation of the engine (compareAcrossYears over annotation arrays):
 * the columns are in arrays reused by the next such call, so they are read only while the engine
 * computes; afterwards its results read the annotations themselves (figure, indicator, startOf).
 * New arrays of ~100 bytes a figure for each computation of 200,000 annotations made V8 collect the
 * whole heap most times, which cost more than the computation (as the engine's own arrays did).
 */
export function figureColumnsForEngine(annotations: ReadonlyArray<FigureAnnotation | Annotation>): FigureColumns[] {
  return columnsOf(annotations, false, undefined, true)
}

/**
 * The engine's input: every document's figure columns, a figure numbered by its place among all
 * of them. Only the figures a caller reads (a page's cells, the unplaced) become annotations.
 */
export class FigureInput {
  /** Where each set's figures start in the numbering, and (last) how many there are. */
  readonly offsets: Int32Array

  constructor(readonly sets: readonly FigureColumns[]) {
    this.offsets = new Int32Array(sets.length + 1)
    for (let n = 0; n < sets.length; n++) this.offsets[n + 1] = this.offsets[n] + sets[n].size
  }

  get size(): number {
    return this.offsets[this.sets.length]
  }

  /** The set figure `at` is in, and its place there. */
  locate(at: number): { set: FigureColumns; index: number; setNumber: number } {
    const offsets = this.offsets
    let low = 0
    let high = this.sets.length - 1
    // The last set starting at or before `at` (sets without figures share their start with the next).
    while (low < high) {
      const middle = (low + high + 1) >>> 1
      if (offsets[middle] <= at) low = middle
      else high = middle - 1
    }
    while (this.sets[low].size === 0 || offsets[low] + this.sets[low].size <= at) low++
    return { set: this.sets[low], index: at - offsets[low], setNumber: low }
  }

  figure(at: number): FigureAnnotation {
    const { set, index } = this.locate(at)
    return set.figure(index)
  }
}
