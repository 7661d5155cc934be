// CSV exchange (DESIGN §8): the 18 columns first, in their order, then the columns that make
// the round trip lossless (value_max … updated_at). UTF-8 with a BOM so Excel reads the Chinese
// text; offsets in code points and optional on import. A file with only the first 18 imports.
import Papa from 'papaparse'
import { followUpStatuses } from '../compare-types'
import {
  ComparatorSchema,
  YearSchema,
  annotationStatuses,
  linkTypes,
  type AnnotationAttributes,
  type AnnotationLink,
  type Indicator,
} from '../model'
import { makeOffsetConverter } from '../offsets'
import { ExchangeError, lossList, type BundleAnnotation, type ExchangeBundle, type ExportLoss } from './common'
import type { ExportDocument } from './native'

export const csvColumns = [
  'document',
  'document_title',
  'document_year',
  'label',
  'start',
  'end',
  'quote',
  'indicator',
  'indicator_name',
  'higher_is_better',
  'value',
  'unit',
  'comparator',
  'period_year',
  'note',
  'annotator',
  'id',
  'status',
] as const

/** Optional on import (a file of the 18 columns still reads), always written on export. */
export const csvExtraColumns = ['value_max', 'deadline_year', 'follow_up_status', 'links', 'created_at', 'updated_at'] as const

export const csvAllColumns = [...csvColumns, ...csvExtraColumns] as const
type Column = (typeof csvAllColumns)[number]

const BOM = '\uFEFF'

const FORMULA_START = /^[=+\-@\t\r]/
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/

/**
 * Cells a spreadsheet would run as formulas get a `'` in front. The rule is reversible: a cell
 * that itself begins with `'` gets one too, so on import exactly one leading `'` is removed from
 * a cell whose next character is a formula start or another `'` — and from no other cell.
 * Plain numbers (-5, -0.5) are left alone: a spreadsheet reads them as the numbers they are.
 */
export function spreadsheetSafe(cell: string): string {
  if (cell.startsWith("'")) return `'${cell}`
  return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell
}

/** The inverse of spreadsheetSafe. */
export function spreadsheetUnsafe(cell: string): string {
  return /^'[=+\-@\t\r']/.test(cell) ? cell.slice(1) : cell
}

/** A number as text that reads back as the same number (-0 included). */
function numberCell(value: number | undefined): string {
  if (value === undefined) return ''
  return Object.is(value, -0) ? '-0' : String(value)
}

/** `;` separates links and `%` escapes, so both are percent-encoded inside an annotation id. */
function encodeLinkId(id: string): string {
  return id.replace(/%/g, '%25').replace(/;/g, '%3B')
}

function decodeLinkId(id: string): string {
  return id.replace(/%3B/gi, ';').replace(/%25/g, '%')
}

/** `type:annotationId@documentId` items separated by `;` (DESIGN §8). */
export function formatLinks(links: readonly AnnotationLink[]): string {
  return links.map((link) => `${link.type}:${encodeLinkId(link.annotationId)}@${link.documentId}`).join(';')
}

/** The links of a cell, or null when an item is not `type:annotationId@documentId`. */
export function parseLinks(cell: string): AnnotationLink[] | null {
  if (cell.trim() === '') return []
  const links: AnnotationLink[] = []
  for (const item of cell.split(';')) {
    if (item.trim() === '') continue
    const colon = item.indexOf(':')
    const at = item.lastIndexOf('@')
    const type = item.slice(0, colon).trim()
    const annotationId = decodeLinkId(item.slice(colon + 1, at))
    const documentId = item.slice(at + 1).trim()
    if (colon < 0 || at < colon || !(linkTypes as readonly string[]).includes(type) || annotationId === '' || !/^[0-9a-f]{16}$/.test(documentId)) return null
    links.push({ type: type as AnnotationLink['type'], annotationId, documentId })
  }
  return links
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

export function isTimestamp(value: string): boolean {
  return ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value))
}

export function buildCsv(documents: readonly ExportDocument[], indicators: readonly Indicator[]): string {
  const indicatorByKey = new Map(indicators.map((indicator) => [indicator.key, indicator]))
  const rows: string[][] = [[...csvAllColumns]]
  for (const { record, text, annotations } of documents) {
    const offsets = makeOffsetConverter(text)
    for (const annotation of annotations) {
      const { attributes } = annotation
      const indicator = attributes.indicator ? indicatorByKey.get(attributes.indicator) : undefined
      const cells: Record<Column, string> = {
        document: record.id,
        document_title: record.title,
        document_year: record.meta.year === null ? '' : String(record.meta.year),
        label: annotation.label,
        start: String(offsets.toCodePoint(annotation.start)),
        end: String(offsets.toCodePoint(annotation.end)),
        quote: annotation.quote,
        indicator: attributes.indicator ?? '',
        indicator_name: indicator?.name ?? '',
        higher_is_better: indicator ? String(indicator.higherIsBetter) : '',
        value: numberCell(attributes.value),
        unit: attributes.unit ?? '',
        comparator: attributes.comparator ?? '',
        period_year: attributes.periodYear === undefined ? '' : String(attributes.periodYear),
        note: attributes.note ?? '',
        annotator: annotation.author,
        id: annotation.id,
        status: annotation.status,
        value_max: numberCell(attributes.valueMax),
        deadline_year: attributes.deadlineYear === undefined ? '' : String(attributes.deadlineYear),
        follow_up_status: attributes.followUpStatus ?? '',
        links: formatLinks(annotation.links),
        created_at: annotation.createdAt,
        updated_at: annotation.updatedAt,
      }
      rows.push(csvAllColumns.map((column) => spreadsheetSafe(cells[column])))
    }
  }
  return BOM + Papa.unparse(rows, { newline: '\r\n' })
}

function optionalInteger(cell: string, column: string, line: number, fileName: string): number | undefined {
  if (cell.trim() === '') return undefined
  const value = Number(cell)
  if (!Number.isInteger(value) || value < 0) {
    throw new ExchangeError('CSV_MALFORMED', { path: fileName, line, reason: `${column}: ${cell}` })
  }
  return value
}

export const csvRowReasons = [
  'not-a-number',
  'value-max-below-value',
  'year-out-of-range',
  'follow-up-status-unknown',
  'link-malformed',
  'link-target-missing',
  'timestamp-invalid',
] as const
export type CsvRowReason = (typeof csvRowReasons)[number]

/** A value of one of the extra columns that cannot be right, with the line it is on. */
export interface CsvRowProblem {
  line: number
  column: string
  value: string
  reason: CsvRowReason
}

/** A CSV whose rows hold values that cannot be right: every such row, so the user can fix them all. */
export class CsvRowsError extends ExchangeError {
  constructor(
    readonly fileName: string,
    readonly rows: CsvRowProblem[],
  ) {
    super('CSV_ROWS_INVALID', { path: fileName, count: new Set(rows.map((row) => row.line)).size })
  }
}

/** Reads the extra columns of one row into `entry`; what is wrong goes to `problems`. */
function readExtraColumns(cell: (column: Column) => string, present: ReadonlySet<string>, line: number, entry: BundleAnnotation, problems: CsvRowProblem[]): void {
  const problem = (column: Column, reason: CsvRowReason) => problems.push({ line, column, value: cell(column), reason })
  const { attributes } = entry
  if (present.has('value_max') && cell('value_max').trim() !== '') {
    const valueMax = Number(cell('value_max').trim())
    if (!Number.isFinite(valueMax)) problem('value_max', 'not-a-number')
    else if (attributes.value !== undefined && valueMax < attributes.value) problem('value_max', 'value-max-below-value')
    else attributes.valueMax = valueMax
  }
  if (present.has('deadline_year') && cell('deadline_year').trim() !== '') {
    const year = YearSchema.safeParse(Number(cell('deadline_year').trim()))
    if (!year.success) problem('deadline_year', 'year-out-of-range')
    else attributes.deadlineYear = year.data
  }
  if (present.has('follow_up_status') && cell('follow_up_status').trim() !== '') {
    const status = cell('follow_up_status').trim()
    if (!(followUpStatuses as readonly string[]).includes(status)) problem('follow_up_status', 'follow-up-status-unknown')
    else attributes.followUpStatus = status as AnnotationAttributes['followUpStatus']
  }
  if (present.has('links')) {
    const links = parseLinks(cell('links'))
    if (links === null) problem('links', 'link-malformed')
    else if (links.length > 0) entry.links = links
  }
  for (const [column, field] of [
    ['created_at', 'createdAt'],
    ['updated_at', 'updatedAt'],
  ] as const) {
    if (!present.has(column) || cell(column).trim() === '') continue
    const value = cell(column).trim()
    if (!isTimestamp(value)) problem(column, 'timestamp-invalid')
    else entry[field] = value
  }
}

/**
 * Reads a CSV of our columns. A missing or unknown column, or a broken quote, fails the whole
 * file with the line it happened on: guessing would put figures in the wrong fields. Values of
 * the extra columns that cannot be right (value_max below value, a year 99999, a link to an
 * annotation the file lacks, a bad timestamp) fail it too, listing every such row.
 * A file of more than `maxRows` annotations is refused without parsing past the cap: PapaParse
 * reads it a megabyte at a time and stops there, so a million-row file costs what the cap
 * allows, not gigabytes.
 */
export function parseCsv(raw: string, fileName: string, maxRows = Number.POSITIVE_INFINITY): ExchangeBundle {
  const parsedRows: string[][] = []
  let broken: { line: number; message: string } | undefined
  let tooMany = false
  let finished = false
  Papa.parse<string[]>(raw.replace(/^\uFEFF/, ''), {
    skipEmptyLines: 'greedy',
    chunkSize: 1024 * 1024,
    complete: () => {
      finished = true
    },
    chunk: (result: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
      const quotes = result.errors.find((error) => error.type === 'Quotes')
      if (quotes) {
        // A chunk's error rows count from the chunk's start.
        broken = { line: parsedRows.length + (quotes.row ?? 0) + 1, message: quotes.message }
        parser.abort()
        return
      }
      for (const row of result.data) {
        // The header and maxRows rows are allowed; one more means the file is over the cap.
        if (parsedRows.length > maxRows) {
          tooMany = true
          parser.abort()
          return
        }
        parsedRows.push(row)
      }
    },
  })
  // A string is parsed synchronously, chunk by chunk (PapaParse's string streamer).
  if (!finished) throw new Error('CSV parsing did not finish')
  if (tooMany) throw new ExchangeError('ANNOTATION_ROWS_TOO_MANY', { path: fileName, limit: maxRows })
  if (broken) throw new ExchangeError('CSV_MALFORMED', { path: fileName, line: broken.line, reason: broken.message })
  const [header, ...rows] = parsedRows
  if (!header) throw new ExchangeError('CSV_COLUMNS', { path: fileName, missing: csvColumns.join(', '), extra: '' })
  const names = header.map((name) => name.trim())
  const missing = csvColumns.filter((column) => !names.includes(column))
  const extra = names.filter((name, index) => !(csvAllColumns as readonly string[]).includes(name) || names.indexOf(name) !== index)
  if (missing.length > 0 || extra.length > 0) {
    throw new ExchangeError('CSV_COLUMNS', { path: fileName, missing: missing.join(', ') || '—', extra: extra.join(', ') || '—' })
  }
  const present = new Set(names)
  const at = Object.fromEntries(csvAllColumns.map((column) => [column, names.indexOf(column)])) as Record<Column, number>
  const indicators = new Map<string, Indicator>()
  const annotations: BundleAnnotation[] = []
  const annotators = new Set<string>()
  const problems: CsvRowProblem[] = []
  rows.forEach((cells, index) => {
    const line = index + 2
    if (cells.length !== names.length) {
      throw new ExchangeError('CSV_MALFORMED', { path: fileName, line, reason: `${cells.length} cells, expected ${names.length}` })
    }
    const cell = (column: Column) => (at[column] < 0 ? '' : spreadsheetUnsafe(cells[at[column]] ?? ''))
    const attributes: AnnotationAttributes = {}
    const indicator = cell('indicator').trim()
    if (indicator) {
      attributes.indicator = indicator
      if (!indicators.has(indicator) && (cell('indicator_name') || cell('higher_is_better'))) {
        indicators.set(indicator, {
          key: indicator,
          name: cell('indicator_name') || indicator,
          aliases: [],
          unit: cell('unit'),
          higherIsBetter: cell('higher_is_better').trim().toLowerCase() !== 'false',
        })
      }
    }
    const value = cell('value').trim()
    if (value !== '') {
      const number = Number(value)
      if (!Number.isFinite(number)) throw new ExchangeError('CSV_MALFORMED', { path: fileName, line, reason: `value: ${value}` })
      attributes.value = number
    }
    if (cell('unit')) attributes.unit = cell('unit')
    if (cell('comparator')) {
      const comparator = ComparatorSchema.safeParse(cell('comparator').trim())
      if (!comparator.success) throw new ExchangeError('CSV_MALFORMED', { path: fileName, line, reason: `comparator: ${cell('comparator')}` })
      attributes.comparator = comparator.data
    }
    const periodYear = cell('period_year').trim()
    if (periodYear !== '') {
      const year = YearSchema.safeParse(Number(periodYear))
      if (!year.success) throw new ExchangeError('CSV_MALFORMED', { path: fileName, line, reason: `period_year: ${periodYear}` })
      attributes.periodYear = year.data
    }
    if (cell('note')) attributes.note = cell('note')
    const status = cell('status').trim()
    if (status && !(annotationStatuses as readonly string[]).includes(status)) {
      throw new ExchangeError('CSV_MALFORMED', { path: fileName, line, reason: `status: ${status}` })
    }
    const annotator = cell('annotator').trim()
    if (annotator) annotators.add(annotator)
    const entry: BundleAnnotation = {
      row: line,
      document: cell('document').trim(),
      ...(cell('id').trim() ? { id: cell('id').trim() } : {}),
      label: cell('label').trim(),
      start: optionalInteger(cell('start'), 'start', line, fileName),
      end: optionalInteger(cell('end'), 'end', line, fileName),
      quote: cell('quote'),
      attributes,
      ...(status ? { status: status as BundleAnnotation['status'] } : {}),
      ...(annotator ? { author: annotator } : {}),
    }
    readExtraColumns(cell, present, line, entry, problems)
    annotations.push(entry)
  })
  // A link names an annotation of this file (an export leaves out links it cannot carry along).
  // A row naming its document by sha256 or file name cannot be told apart from here by id, so
  // there the annotation id alone must exist; resolveBundle checks the pair once placed.
  const ids = new Set(annotations.filter((entry) => entry.id).map((entry) => `${/^[0-9a-f]{16}$/.test(entry.document) ? entry.document : '*'}\u0000${entry.id}`))
  const linked = (link: AnnotationLink) => ids.has(`${link.documentId}\u0000${link.annotationId}`) || ids.has(`*\u0000${link.annotationId}`)
  for (const entry of annotations) {
    const dangling = (entry.links ?? []).filter((link) => !linked(link))
    if (dangling.length > 0) {
      problems.push({ line: entry.row, column: 'links', value: dangling.map((link) => `${link.annotationId}@${link.documentId}`).join(';'), reason: 'link-target-missing' })
    }
  }
  if (problems.length > 0) throw new CsvRowsError(fileName, problems.sort((a, b) => a.line - b.line))
  return {
    format: 'csv',
    annotator: annotators.size === 1 ? [...annotators][0] : '',
    labels: [],
    indicators: [...indicators.values()],
    documents: [],
    annotations,
  }
}

/**
 * What a CSV cannot give back: a proposal's confidence and rule (no column), and a text
 * attribute set to the empty string, which reads back as not set.
 */
export function csvLosses(documents: readonly ExportDocument[]): ExportLoss[] {
  let suggestion = 0
  let attributes = 0
  for (const { annotations } of documents) {
    for (const annotation of annotations) {
      if (annotation.suggestion) suggestion += 1
      const { indicator, unit, note } = annotation.attributes
      if (indicator === '' || unit === '' || note === '' || (indicator !== undefined && indicator !== indicator.trim())) attributes += 1
    }
  }
  return lossList({ attributes, suggestion })
}
