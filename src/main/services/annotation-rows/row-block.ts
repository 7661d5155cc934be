// The Annotations table's rows of one document (issue 13), held in columns: at two million rows
// one object per row would cost more than the table is worth. Strings that repeat (labels,
// indicators, units, comparators, annotators) are numbers into one shared string table; ids and
// quotes are each one string per document with the end of every row's part.
import type { Annotation } from '../../../shared/model'

/** Strings shared by every block: code 0 is the empty string (no indicator, no unit). */
export class StringTable {
  private readonly codes = new Map<string, number>([['', 0]])
  readonly strings: string[] = ['']

  code(text: string): number {
    let code = this.codes.get(text)
    if (code === undefined) {
      code = this.strings.length
      this.strings.push(text)
      this.codes.set(text, code)
    }
    return code
  }
}

export interface RowBlock {
  documentId: string
  count: number
  ids: string
  idEnds: Uint32Array
  quotes: string
  quoteEnds: Uint32Array
  start: Uint32Array
  end: Uint32Array
  label: Uint32Array
  indicator: Uint32Array
  unit: Uint32Array
  comparator: Uint32Array
  author: Uint32Array
  /** NaN for no value. */
  value: Float64Array
  /** 0 for no year. */
  periodYear: Int32Array
  /** The last change to the minute as the number YYYYMMDDhhmm; NaN when the timestamp is not ISO (then in oddUpdated). */
  updated: Float64Array
  oddUpdated?: Map<number, string>
}

/** The columns of a block as the row file stores them: plain arrays, strings local to the file. */
export interface StoredBlock {
  strings: string[]
  ids: string
  idEnds: number[]
  quotes: string
  quoteEnds: number[]
  start: number[]
  end: number[]
  label: number[]
  indicator: number[]
  unit: number[]
  comparator: number[]
  author: number[]
  value: Array<number | null>
  periodYear: number[]
  /** The last change to the minute as YYYYMMDDhhmm, or the timestamp itself when it is not ISO. */
  updated: Array<number | string>
}

const MINUTE = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)/

/** The table lists accepted annotations (proposals are reviewed in the reader). */
export function storedBlockOf(annotations: readonly Annotation[]): StoredBlock {
  const local = new StringTable()
  const block: StoredBlock = { strings: local.strings, ids: '', idEnds: [], quotes: '', quoteEnds: [], start: [], end: [], label: [], indicator: [], unit: [], comparator: [], author: [], value: [], periodYear: [], updated: [] }
  const ids: string[] = []
  const quotes: string[] = []
  let idLength = 0
  let quoteLength = 0
  for (const annotation of annotations) {
    if (annotation.status !== 'accepted') continue
    const { attributes } = annotation
    ids.push(annotation.id)
    quotes.push(annotation.quote)
    idLength += annotation.id.length
    quoteLength += annotation.quote.length
    block.idEnds.push(idLength)
    block.quoteEnds.push(quoteLength)
    block.start.push(annotation.start)
    block.end.push(annotation.end)
    block.label.push(local.code(annotation.label))
    block.indicator.push(local.code(attributes.indicator ?? ''))
    block.unit.push(local.code(attributes.unit ?? ''))
    block.comparator.push(local.code(attributes.comparator ?? ''))
    block.author.push(local.code(annotation.author))
    block.value.push(attributes.value ?? null)
    block.periodYear.push(attributes.periodYear ?? 0)
    const minute = MINUTE.exec(annotation.updatedAt)
    block.updated.push(minute ? Number(minute.slice(1).join('')) : annotation.updatedAt)
  }
  block.ids = ids.join('')
  block.quotes = quotes.join('')
  return block
}

function recode(local: readonly number[], strings: readonly string[], shared: StringTable): Uint32Array {
  const map = strings.map((text) => shared.code(text))
  const codes = new Uint32Array(local.length)
  for (let row = 0; row < local.length; row++) codes[row] = map[local[row]]
  return codes
}

/** A stored block in memory, its strings coded in the shared table. */
export function rowBlockOf(documentId: string, stored: StoredBlock, shared: StringTable): RowBlock {
  const count = stored.idEnds.length
  const updated = new Float64Array(count)
  let oddUpdated: Map<number, string> | undefined
  for (let row = 0; row < count; row++) {
    const stamp = stored.updated[row]
    if (typeof stamp === 'number') updated[row] = stamp
    else {
      updated[row] = Number.NaN
      ;(oddUpdated ??= new Map()).set(row, stamp)
    }
  }
  return {
    documentId,
    count,
    ids: stored.ids,
    idEnds: Uint32Array.from(stored.idEnds),
    quotes: stored.quotes,
    quoteEnds: Uint32Array.from(stored.quoteEnds),
    start: Uint32Array.from(stored.start),
    end: Uint32Array.from(stored.end),
    label: recode(stored.label, stored.strings, shared),
    indicator: recode(stored.indicator, stored.strings, shared),
    unit: recode(stored.unit, stored.strings, shared),
    comparator: recode(stored.comparator, stored.strings, shared),
    author: recode(stored.author, stored.strings, shared),
    value: Float64Array.from(stored.value, (value) => value ?? Number.NaN),
    periodYear: Int32Array.from(stored.periodYear),
    updated,
    oddUpdated,
  }
}

export function idOf(block: RowBlock, row: number): string {
  return block.ids.slice(row === 0 ? 0 : block.idEnds[row - 1], block.idEnds[row])
}

export function quoteOf(block: RowBlock, row: number): string {
  return block.quotes.slice(row === 0 ? 0 : block.quoteEnds[row - 1], block.quoteEnds[row])
}

/** The last change as the table shows it: '2026-11-26 15:04'. */
export function updatedOf(block: RowBlock, row: number): string {
  const minute = block.updated[row]
  if (Number.isNaN(minute)) return (block.oddUpdated?.get(row) ?? '').slice(0, 16).replace('T', ' ')
  const digits = String(minute).padStart(12, '0')
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)} ${digits.slice(8, 10)}:${digits.slice(10, 12)}`
}
