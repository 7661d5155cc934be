// Filters, sorts and pages the Annotations table's rows in main (issue 13): the renderer gets a
// page at a time. The order of one query (scope, filters, sort) is kept until a row, a document,
// the codebook or the labels change, so scrolling through it costs a slice.
import type { AnnotationTableColumn, AnnotationTablePage, AnnotationTableRow, ApiParsedInput } from '../../../shared/api'
import type { DocumentType } from '../../../shared/model'
import { idOf, quoteOf, updatedOf, type RowBlock, type StringTable } from './row-block'
import { NO_VALUE, countingSort, numberRanks, sortByText, stringRanks } from './table-order'

export type TableQuery = ApiParsedInput<'annotations.page'>

export interface TableDocument {
  title: string
  year: number | null
  docType: DocumentType
}

/** What a query reads: the rows, and what the screen shows for codes and documents. */
export interface TableContext {
  blocks: readonly RowBlock[]
  strings: StringTable
  documents: ReadonlyMap<string, TableDocument>
  indicatorNames: ReadonlyMap<string, string>
  labelNames: ReadonlyMap<string, string>
  collator: Intl.Collator
}

/** The rows of a query in order, as references: block start + row. */
interface Ordered {
  refs: Uint32Array
  unfiltered: number
}

export class TableOrders {
  private readonly cache = new Map<string, Ordered>()
  private basis: unknown[] = []

  /**
   * The page of `query`; `basis` lists what the cached orders depend on (the rows' generation,
   * the documents, the codebook, the labels, the language): when any of it changes they are dropped.
   */
  page(context: TableContext, query: TableQuery, basis: unknown[]): AnnotationTablePage {
    if (basis.length !== this.basis.length || basis.some((part, at) => part !== this.basis[at])) {
      this.cache.clear()
      this.basis = basis
    }
    const starts = new Uint32Array(context.blocks.length + 1)
    for (let b = 0; b < context.blocks.length; b++) starts[b + 1] = starts[b] + context.blocks[b].count
    const key = JSON.stringify([query.source ?? '', query.documentId ?? '', query.filters, query.sort ?? null, query.groupByIndicator])
    let ordered = this.cache.get(key)
    if (!ordered) {
      ordered = order(context, starts, query)
      // A few recent orders: going back to the previous sort is instant, memory stays bounded.
      if (this.cache.size >= 4) this.cache.delete(this.cache.keys().next().value as string)
      this.cache.set(key, ordered)
    } else {
      this.cache.delete(key)
      this.cache.set(key, ordered)
    }
    const end = Math.min(ordered.refs.length, query.offset + query.limit)
    const rows: AnnotationTableRow[] = []
    const indicatorOf = (row: AnnotationTableRow) => row.indicator ?? ''
    for (let at = query.offset; at < end; at++) rows.push(rowAt(context, starts, ordered.refs[at]))
    const page: AnnotationTablePage = { total: ordered.refs.length, unfiltered: ordered.unfiltered, offset: query.offset, rows, building: null }
    if (query.groupByIndicator && rows.length > 0) page.groupSizes = groupSizes(context, starts, ordered.refs, new Set(rows.map(indicatorOf)))
    return page
  }
}

/**
 * Rows `offset`… of blocks taken in the order given, as they come: while the index is first read,
 * the table's default order (documents by year) is answered from the documents read so far.
 */
export function rowsInBlockOrder(context: TableContext, offset: number, limit: number): AnnotationTableRow[] {
  const starts = new Uint32Array(context.blocks.length + 1)
  for (let b = 0; b < context.blocks.length; b++) starts[b + 1] = starts[b] + context.blocks[b].count
  const rows: AnnotationTableRow[] = []
  for (let ref = offset; ref < Math.min(offset + limit, starts[context.blocks.length]); ref++) rows.push(rowAt(context, starts, ref))
  return rows
}

function blockAt(starts: Uint32Array, ref: number): number {
  let low = 0
  let high = starts.length - 2
  while (low < high) {
    const middle = (low + high + 1) >>> 1
    if (starts[middle] <= ref) low = middle
    else high = middle - 1
  }
  return low
}

function rowAt(context: TableContext, starts: Uint32Array, ref: number): AnnotationTableRow {
  const b = blockAt(starts, ref)
  const block = context.blocks[b]
  const row = ref - starts[b]
  const { strings } = context.strings
  const indicator = strings[block.indicator[row]]
  const value = block.value[row]
  const year = block.periodYear[row]
  return {
    id: idOf(block, row),
    documentId: block.documentId,
    start: block.start[row],
    end: block.end[row],
    label: strings[block.label[row]],
    quote: quoteOf(block, row),
    indicator: indicator === '' ? null : indicator,
    indicatorName: indicator === '' ? '' : (context.indicatorNames.get(indicator) ?? indicator),
    value: Number.isNaN(value) ? null : value,
    unit: strings[block.unit[row]],
    comparator: strings[block.comparator[row]],
    periodYear: year === 0 ? null : year,
    author: strings[block.author[row]],
    updated: updatedOf(block, row),
  }
}

function groupSizes(context: TableContext, starts: Uint32Array, refs: Uint32Array, wanted: Set<string>): Record<string, number> {
  const sizes: Record<string, number> = {}
  for (const key of wanted) sizes[key] = 0
  const { strings } = context.strings
  for (let at = 0; at < refs.length; at++) {
    const b = blockAt(starts, refs[at])
    const key = strings[context.blocks[b].indicator[refs[at] - starts[b]]]
    if (wanted.has(key)) sizes[key]++
  }
  return sizes
}

/** Every code the blocks use in one column. */
function codesIn(blocks: readonly RowBlock[], column: 'label' | 'indicator' | 'unit' | 'author'): number[] {
  const seen = new Set<number>()
  for (const block of blocks) for (const code of block[column]) seen.add(code)
  return [...seen]
}

function order(context: TableContext, starts: Uint32Array, query: TableQuery): Ordered {
  const { blocks, strings, documents } = context
  const { filters } = query
  const labelCode = filters.label === undefined ? undefined : strings.strings.indexOf(filters.label)
  const needle = filters.text?.trim().toLowerCase() ?? ''
  // Per code, whether its shown text holds the needle: four columns have few distinct values.
  const matchingCodes = new Set<number>()
  if (needle !== '') {
    for (const code of codesIn(blocks, 'indicator')) {
      const key = strings.strings[code]
      if (key !== '' && (context.indicatorNames.get(key) ?? key).toLowerCase().includes(needle)) matchingCodes.add(code)
    }
    for (const code of codesIn(blocks, 'unit')) if (strings.strings[code].toLowerCase().includes(needle)) matchingCodes.add(code)
    for (const code of codesIn(blocks, 'label')) {
      const key = strings.strings[code]
      if ((context.labelNames.get(key) ?? key).toLowerCase().includes(needle)) matchingCodes.add(code)
    }
  }
  // Rows kept, in natural order: at most every row, so one array of that size (a list of two million numbers costs more).
  const kept = new Uint32Array(starts[blocks.length])
  let keptCount = 0
  let unfiltered = 0
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b]
    if (query.documentId !== undefined && block.documentId !== query.documentId) continue
    unfiltered += block.count
    const doc = documents.get(block.documentId)
    if (filters.docType !== undefined && (doc?.docType ?? 'other') !== filters.docType) continue
    if (filters.documentYear !== undefined && doc?.year !== filters.documentYear) continue
    if (labelCode === -1) continue
    const titleMatches = needle !== '' && (doc?.title ?? block.documentId).toLowerCase().includes(needle)
    const quoteHits = needle !== '' && !titleMatches ? rowsQuoting(block, needle) : null
    for (let row = 0; row < block.count; row++) {
      if (labelCode !== undefined && block.label[row] !== labelCode) continue
      if (needle !== '' && !titleMatches && !quoteHits!.has(row) && !matchingCodes.has(block.indicator[row]) && !matchingCodes.has(block.unit[row]) && !matchingCodes.has(block.label[row])) continue
      kept[keptCount++] = starts[b] + row
    }
  }
  let refs: Uint32Array = kept.slice(0, keptCount)
  if (query.sort) refs = sortRefs(context, starts, refs, query.sort.column, query.sort.desc)
  // Grouped: by indicator name first, the chosen order inside each group (the sort is stable).
  if (query.groupByIndicator) refs = sortRefs(context, starts, refs, 'indicator', false)
  return { refs, unfiltered }
}

/** Rows of the block whose quote holds the needle (case-insensitive), found in the block's one string of quotes. */
function rowsQuoting(block: RowBlock, needle: string): Set<number> {
  const hits = new Set<number>()
  const text = block.quotes.toLowerCase()
  // Lower-casing can change a string's length (rare letters): then each quote is tested alone.
  if (text.length !== block.quotes.length) {
    for (let row = 0; row < block.count; row++) if (quoteOf(block, row).toLowerCase().includes(needle)) hits.add(row)
    return hits
  }
  let from = 0
  let row = 0
  for (;;) {
    const at = text.indexOf(needle, from)
    if (at < 0) return hits
    while (block.quoteEnds[row] <= at) row++
    if (at + needle.length <= block.quoteEnds[row]) {
      hits.add(row)
      from = block.quoteEnds[row]
    } else from = at + 1
  }
}

function sortRefs(context: TableContext, starts: Uint32Array, refs: Uint32Array, column: AnnotationTableColumn, desc: boolean): Uint32Array {
  const { blocks, strings, collator, documents } = context
  const blockOfRef = new Uint32Array(refs.length)
  // The refs come in natural order (from order()): the block changes rarely, searched only then.
  for (let at = 0, b = 0; at < refs.length; at++) {
    const ref = refs[at]
    if (ref < starts[b] || ref >= starts[b + 1]) b = blockAt(starts, ref)
    blockOfRef[at] = b
  }
  const keys = new Int32Array(refs.length)
  let buckets: number
  const byCode = (codeColumn: 'label' | 'indicator' | 'author', textOf: (text: string) => string) => {
    const { ranks, buckets } = stringRanks(codesIn(blocks, codeColumn), (code) => textOf(strings.strings[code]), collator)
    for (let at = 0; at < refs.length; at++) {
      const block = blocks[blockOfRef[at]]
      keys[at] = ranks.get(block[codeColumn][refs[at] - starts[blockOfRef[at]]]) ?? NO_VALUE
    }
    return buckets
  }
  const byNumber = (valueOf: (block: RowBlock, row: number) => number) => {
    const values = new Float64Array(refs.length)
    for (let at = 0; at < refs.length; at++) values[at] = valueOf(blocks[blockOfRef[at]], refs[at] - starts[blockOfRef[at]])
    const ranked = numberRanks(values)
    keys.set(ranked.keys)
    return ranked.buckets
  }
  const byDocument = (textOf: (doc: TableDocument | undefined, block: RowBlock) => string) => {
    const titles = blocks.map((block) => ({ text: textOf(documents.get(block.documentId), block) }))
    const { ranks, buckets } = stringRanks(titles.map((_, b) => b), (b) => titles[b].text, collator)
    for (let at = 0; at < refs.length; at++) keys[at] = ranks.get(blockOfRef[at]) ?? NO_VALUE
    return buckets
  }
  switch (column) {
    case 'quote': {
      // Read in place from each block's one string of quotes: slicing two million quotes costs seconds.
      const start = new Uint32Array(refs.length)
      const end = new Uint32Array(refs.length)
      for (let at = 0; at < refs.length; at++) {
        const { quoteEnds } = blocks[blockOfRef[at]]
        const row = refs[at] - starts[blockOfRef[at]]
        start[at] = row === 0 ? 0 : quoteEnds[row - 1]
        end[at] = quoteEnds[row]
      }
      return sortByText(refs, { texts: blocks.map((block) => block.quotes), text: blockOfRef, start, end }, desc)
    }
    case 'label':
      buckets = byCode('label', (key) => context.labelNames.get(key) ?? key)
      break
    case 'indicator':
      buckets = byCode('indicator', (key) => (key === '' ? '' : (context.indicatorNames.get(key) ?? key)))
      break
    case 'author':
      buckets = byCode('author', (name) => name)
      break
    case 'value':
      buckets = byNumber((block, row) => block.value[row])
      break
    case 'periodYear':
      buckets = byNumber((block, row) => block.periodYear[row] || Number.NaN)
      break
    case 'updated':
      buckets = byNumber((block, row) => block.updated[row])
      break
    case 'documentYear':
      buckets = byNumber((block) => documents.get(block.documentId)?.year ?? Number.NaN)
      break
    case 'documentTitle':
      buckets = byDocument((doc, block) => doc?.title ?? block.documentId)
      break
    case 'docType':
      buckets = byDocument((doc) => doc?.docType ?? 'other')
      break
  }
  return countingSort(refs, keys, buckets, desc)
}
