// CSV exchange (DESIGN §8): exactly these columns in this order, UTF-8 with a BOM so Excel
// reads the Chinese text; offsets in code points and optional on import.
import Papa from 'papaparse'
import { ComparatorSchema, YearSchema, annotationStatuses, type AnnotationAttributes, type Indicator } from '../model'
import { makeOffsetConverter } from '../offsets'
import { ExchangeError, type BundleAnnotation, type ExchangeBundle } from './common'
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
type Column = (typeof csvColumns)[number]

const BOM = '\uFEFF'

/** Cells starting with these are formulas to a spreadsheet; a quote mark in front keeps them text. */
export function spreadsheetSafe(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell) ? `'${cell}` : cell
}

export function buildCsv(documents: readonly ExportDocument[], indicators: readonly Indicator[]): string {
  const indicatorByKey = new Map(indicators.map((indicator) => [indicator.key, indicator]))
  const rows: string[][] = [[...csvColumns]]
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
        value: attributes.value === undefined ? '' : String(attributes.value),
        unit: attributes.unit ?? '',
        comparator: attributes.comparator ?? '',
        period_year: attributes.periodYear === undefined ? '' : String(attributes.periodYear),
        note: attributes.note ?? '',
        annotator: annotation.author,
        id: annotation.id,
        status: annotation.status,
      }
      rows.push(csvColumns.map((column) => spreadsheetSafe(cells[column])))
    }
  }
  return BOM + Papa.unparse(rows, { newline: '\r\n' })
}

function unescapeCell(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell
}

function optionalInteger(cell: string, column: string, line: number, fileName: string): number | undefined {
  if (cell.trim() === '') return undefined
  const value = Number(cell)
  if (!Number.isInteger(value) || value < 0) {
    throw new ExchangeError('CSV_MALFORMED', { path: fileName, line, reason: `${column}: ${cell}` })
  }
  return value
}

/**
 * Reads a CSV of our columns. A missing or unknown column, or a broken quote, fails the whole
 * file with the line it happened on: guessing would put figures in the wrong fields.
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
  const extra = names.filter((name, index) => !(csvColumns as readonly string[]).includes(name) || names.indexOf(name) !== index)
  if (missing.length > 0 || extra.length > 0) {
    throw new ExchangeError('CSV_COLUMNS', { path: fileName, missing: missing.join(', ') || '—', extra: extra.join(', ') || '—' })
  }
  const at = Object.fromEntries(csvColumns.map((column) => [column, names.indexOf(column)])) as Record<Column, number>
  const indicators = new Map<string, Indicator>()
  const annotations: BundleAnnotation[] = []
  const annotators = new Set<string>()
  rows.forEach((cells, index) => {
    const line = index + 2
    if (cells.length !== names.length) {
      throw new ExchangeError('CSV_MALFORMED', { path: fileName, line, reason: `${cells.length} cells, expected ${names.length}` })
    }
    const cell = (column: Column) => unescapeCell(cells[at[column]] ?? '')
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
    annotations.push({
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
    })
  })
  return {
    format: 'csv',
    annotator: annotators.size === 1 ? [...annotators][0] : '',
    labels: [],
    indicators: [...indicators.values()],
    documents: [],
    annotations,
  }
}
