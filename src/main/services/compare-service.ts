// Compare across years on the main side: the matrix over every annotation of the workspace (kept
// until an annotation file, the codebook, the documents or the tolerance change), its exports,
// and commitments with their follow-ups.
import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import type { CommitmentEntry, ComparePage, ComparePageRow, FollowUpCandidate } from '../../shared/api'
import { figureView, formatFigure, rowView, type CompareCellView, type CompareRow, type FigureAnnotation, type CompareFilters, type CompareResult, type CompareRowView, type FigureView } from '../../shared/compare'
import { followUpStatuses, type FollowUpStatus } from '../../shared/compare-types'
import type { Annotation, AnnotationLink, DocumentRecord, Indicator, Locale } from '../../shared/model'
import { compareStatusNames, documentTypeNames, exportWords } from '../../shared/vocabulary'
import { foldedIssuers } from '../../shared/issuers'
import { indicatorNamedIn } from '../../shared/extract'
import { bigramsOf, rankSentences, sentenceSpans, type Bigrams, type SentenceSpan } from '../../shared/similarity'
import { AppError } from './app-error'
import { computeMatrix, FigureGroups, splicedMatrix, unplacedCounts, type KeptMatrix, type MatrixInputs } from './compare-incremental'
import { figureColumnsOf, type FigureColumns } from '../../shared/figure-columns'
import { checkStoredSource, isWorkspaceSource, sourceAnnotationArrays } from './source-views'
import type { LayerIndexes } from './source-layer-index'
import type { SourceStore } from './sources'
import type { WorkspaceStore } from './workspace-store'

interface CachedMatrix {
  key: string
  sources: ReadonlyArray<unknown>
  /** Shared while it is computed: the warm-up at opening and the view's first request wait for one run. */
  result: Promise<CompareResult>
  /** The workspace's matrix once computed, with what it was computed from: the next edit is spliced into it. */
  settled?: KeptMatrix
}

/** Documents whose figures are filed by indicator in one turn of the event loop (~15 ms at 134 figures each). */
const FILED_PER_TURN = 500

export class CompareService {
  private cached: CachedMatrix | null = null
  /** How the matrices asked for were made: in full, spliced after an edit, or kept as they were. */
  readonly computations = { full: 0, spliced: 0 }
  private readonly sentences = new Map<string, Array<SentenceSpan & { bigrams: Bigrams }>>()

  constructor(
    private readonly store: WorkspaceStore,
    /** Imported sources and the curated set, which every view can show in place of the workspace's own. */
    private readonly sourceStore: SourceStore,
  ) {}

  /** Each document's annotation array (or a source's one array): replaced whenever its file changes. */
  private async annotationArrays(source: string): Promise<Array<readonly Annotation[]>> {
    return sourceAnnotationArrays(this.store, this.sourceStore, source)
  }

  /**
   * The figures compare reads, in columns: the workspace's from its figure index (one per
   * document), a source kept one file per document (a teammate's layer, an import) from its own
   * (source-layer-index.ts), a source kept in one file from its annotation arrays, put in columns
   * once per array.
   */
  private async figureArrays(source: string): Promise<FigureColumns[]> {
    if (isWorkspaceSource(source)) return this.store.figureSummaries('figures')
    const layered = await this.layerIndexes(source)
    if (layered) return layered.figureArrays()
    return (await this.annotationArrays(source)).flatMap((annotations) => columnsOfArray(annotations))
  }

  /** The indexes of a source kept one file per document; null for one kept in one file (read whole). */
  private async layerIndexes(source: string): Promise<LayerIndexes | null> {
    await checkStoredSource(this.sourceStore, source)
    return this.sourceStore.layerIndexes(source)
  }

  /**
   * The commitments and follow-up links of the workspace or of a layered source, from its figure
   * index, and any other annotation such a link points to, read from the document the link names.
   */
  private async linkedAnnotations(layered?: LayerIndexes, source?: string): Promise<Annotation[]> {
    const all = layered ? await layered.linked() : (await this.store.figureSummaries('linked')).flat()
    const read = (documentId: string) => (layered ? this.sourceStore.annotations(source!, documentId) : this.store.annotations(documentId))
    const known = new Set(all.map((annotation) => annotation.id))
    const wanted = new Map<string, Set<string>>()
    for (const annotation of all) {
      for (const link of annotation.links) {
        if (link.type !== 'follow-up-of' || known.has(link.annotationId)) continue
        wanted.set(link.documentId, (wanted.get(link.documentId) ?? new Set()).add(link.annotationId))
      }
    }
    for (const [documentId, ids] of wanted) {
      const annotations = await read(documentId).catch((): readonly Annotation[] => [])
      all.push(...annotations.filter((annotation) => ids.has(annotation.id)))
    }
    return all
  }

  async matrix(filters: CompareFilters, source = 'workspace'): Promise<CompareResult> {
    const arrays = await this.figureArrays(source)
    const tolerancePercent = this.store.settings.approxTolerancePercent
    const sources: unknown[] = [...arrays, this.store.indicators, this.store.documents]
    const key = JSON.stringify([filters, tolerancePercent, source])
    const cached = this.cached
    if (cached && cached.key === key && cached.sources.length === sources.length && cached.sources.every((source, i) => source === sources[i])) {
      return cached.result
    }
    const inputs: MatrixInputs = { arrays, documents: this.store.documents, indicators: this.store.indicators, tolerancePercent, filters }
    // One edit recomputes only the rows of the indicators it touches (see compare-incremental.ts).
    const spliced = cached?.key === key && cached.settled ? splicedMatrix(cached.settled, inputs) : null
    const result = spliced ? Promise.resolve(spliced.result) : Promise.resolve().then(() => computeMatrix(inputs, arrays))
    this.computations[spliced ? 'spliced' : 'full']++
    const entry: CachedMatrix = { key, sources, result, settled: spliced ?? undefined }
    this.cached = entry
    result.then(
      (settled) => {
        if (!isWorkspaceSource(source) || entry.settled) return
        const kept: KeptMatrix = { inputs, result: settled }
        entry.settled = kept
        // The figures by group, for the first edit: filed after the matrix is answered, a few
        // hundred documents between two turns of the event loop.
        const groups = new FigureGroups(inputs.arrays)
        kept.groups = groups
        const fileSome = () => {
          if (this.cached === entry && !groups.fill(FILED_PER_TURN)) setImmediate(fileSome)
        }
        setImmediate(() => {
          if (this.cached !== entry) return
          kept.unplacedCounts ??= unplacedCounts(settled.unplaced)
          fileSome()
        })
      },
      () => {
        if (this.cached === entry) this.cached = null
      },
    )
    return result
  }

  async page(filters: CompareFilters, offset: number, limit: number, source = 'workspace', parts: PageParts = {}): Promise<ComparePage> {
    const result = await this.matrix(filters, source)
    const issuers = foldedIssuers(this.store.documents.map((doc) => doc.meta.issuer))
    const unplacedOffset = parts.unplacedOffset ?? 0
    return {
      years: result.years,
      latestDocumentYear: result.latestDocumentYear,
      tolerancePercent: result.tolerancePercent,
      totalRows: result.rows.length,
      offset,
      rows: result.rows.slice(offset, offset + limit).map((row) => pageRowView(row, result.sources, parts.figuresPerCell ?? Infinity)),
      issuers,
      // A copy: the engine's list makes its entries as they are read (see compare-unplaced-list.ts).
      unplaced: result.unplaced.slice(unplacedOffset, unplacedOffset + (parts.unplacedLimit ?? Infinity)),
      unplacedTotal: result.unplaced.length,
    }
  }

  // ---- exports ------------------------------------------------------------------------------

  /** Statuses and document types in `locale`; an XLSX in Chinese carries the English sheets too. */
  async exportBytes(format: 'csv' | 'xlsx', filters: CompareFilters, locale: Locale = 'en', source = 'workspace'): Promise<Uint8Array> {
    const result = await this.matrix(filters, source)
    const rows = result.rows.map((row) => rowView(row, result.sources))
    const records = cellRecords(rows, locale)
    if (format === 'csv') {
      // Excel reads a CSV as the local code page unless it starts with a byte-order mark.
      // Names come from imported files too: a cell starting with = must not run as a formula.
      return new TextEncoder().encode('\uFEFF' + Papa.unparse({ fields: [...CELL_COLUMNS], data: records.map((record) => CELL_COLUMNS.map((column) => record[column])) }, { escapeFormulae: true }))
    }
    const book = new ExcelJS.Workbook()
    book.creator = 'Policy Annotation Workbench'
    const languages: Locale[] = locale === 'en' ? ['en'] : [locale, 'en']
    for (const language of languages) {
      const words = exportWords[language]
      const matrixSheet = book.addWorksheet(words.matrixSheet, { views: [{ state: 'frozen', xSplit: 3, ySplit: 1 }] })
      matrixSheet.addRow([words.indicator, words.name, words.unit, ...result.years.map(String)])
      for (const row of rows) {
        matrixSheet.addRow([row.key, row.name, row.unit, ...result.years.map((year) => cellText(row, row.cells.find((cell) => cell.year === year), language))])
      }
      matrixSheet.getRow(1).font = { bold: true }
      matrixSheet.columns.forEach((column, i) => {
        column.width = i < 3 ? 18 : 30
        column.alignment = { wrapText: true, vertical: 'top' }
      })
      const cellsSheet = book.addWorksheet(words.cellsSheet, { views: [{ state: 'frozen', ySplit: 1 }] })
      cellsSheet.addRow([...CELL_COLUMNS])
      cellsSheet.getRow(1).font = { bold: true }
      for (const record of language === locale ? records : cellRecords(rows, language)) cellsSheet.addRow(CELL_COLUMNS.map((column) => record[column]))
    }
    return new Uint8Array(await book.xlsx.writeBuffer())
  }

  // ---- commitments ----------------------------------------------------------------------------

  async commitments(source = 'workspace'): Promise<CommitmentEntry[]> {
    const layered = isWorkspaceSource(source) ? null : await this.layerIndexes(source)
    const all = isWorkspaceSource(source) || layered ? await this.linkedAnnotations(layered ?? undefined, source) : (await this.annotationArrays(source)).flat()
    return commitmentEntries(all, this.store.documents, this.store.indicators)
  }

  private async sentencesOf(documentId: string) {
    let sentences = this.sentences.get(documentId)
    if (!sentences) {
      sentences = sentenceSpans(await this.store.text(documentId)).map((span) => ({ ...span, bigrams: bigramsOf(span.text) }))
      this.sentences.set(documentId, sentences)
    }
    return sentences
  }

  async candidates(documentId: string, id: string, limit: number): Promise<FollowUpCandidate[]> {
    const commitment = (await this.store.annotations(documentId)).find((annotation) => annotation.id === id)
    if (!commitment) throw new AppError('ANNOTATION_NOT_FOUND', { id })
    const from = this.store.document(documentId)
    const later = this.store.documents.filter((doc) => doc.id !== documentId && doc.meta.year !== null && from.meta.year !== null && doc.meta.year > from.meta.year)
    const sources = []
    for (const doc of later) {
      if (this.store.isMissing(doc.id)) continue
      sources.push({ source: doc, sentences: await this.sentencesOf(doc.id) })
    }
    return rankSentences(commitment.quote, sources, limit).map((ranked) => ({
      documentId: ranked.source.id,
      documentTitle: ranked.source.title,
      documentYear: ranked.source.meta.year,
      start: ranked.start,
      end: ranked.end,
      text: ranked.text,
      score: Number(ranked.score.toFixed(3)),
    }))
  }

  async confirmFollowUp(commitment: { documentId: string; id: string }, documentId: string, start: number, end: number): Promise<Annotation> {
    const target = (await this.store.annotations(commitment.documentId)).find((annotation) => annotation.id === commitment.id)
    if (!target) throw new AppError('ANNOTATION_NOT_FOUND', { id: commitment.id })
    // Reuse the analyst's own commitment on that span; a proposal or another label is not it.
    const existing = (await this.store.annotations(documentId)).find(
      (annotation) => annotation.start === start && annotation.end === end && annotation.label === 'commitment' && annotation.status === 'accepted',
    )
    const followUp = existing ?? (await this.store.createAnnotation({ documentId, start, end, label: 'commitment', attributes: target.attributes.indicator ? { indicator: target.attributes.indicator } : {} }))
    const link: AnnotationLink = { type: 'follow-up-of', annotationId: target.id, documentId: target.documentId }
    return this.store.updateAnnotation(documentId, followUp.id, (current) =>
      current.links.some((known) => known.type === link.type && known.annotationId === link.annotationId) ? {} : { links: [...current.links, link] },
    )
  }

  async setStatus(documentId: string, id: string, status: FollowUpStatus): Promise<Annotation> {
    if (!followUpStatuses.includes(status)) throw new AppError('INVALID_INPUT', { detail: status })
    return this.store.updateAnnotation(documentId, id, (current) => ({ attributes: { ...current.attributes, followUpStatus: status } }))
  }
}

/** A source's annotation array in columns, the same columns each time (so the matrix kept for them is found again). */
const columnsOfArrays = new WeakMap<readonly Annotation[], FigureColumns[]>()
function columnsOfArray(annotations: readonly Annotation[]): FigureColumns[] {
  let columns = columnsOfArrays.get(annotations)
  if (!columns) {
    columns = figureColumnsOf(annotations)
    columnsOfArrays.set(annotations, columns)
  }
  return columns
}

/**
 * The commitments view: commitments with their follow-ups, from annotations given in document
 * order (every annotation of a source, or the workspace's linked ones from its figure index).
 */
export function commitmentEntries(all: readonly Annotation[], documents: readonly DocumentRecord[], indicators: readonly Indicator[]): CommitmentEntry[] {
  const byId = new Map(all.map((annotation) => [annotation.id, annotation]))
  const docs = new Map(documents.map((doc) => [doc.id, doc]))
  const followUps = new Map<string, Annotation[]>()
  const addFollowUp = (commitmentId: string, followUp: Annotation) => {
    const list = followUps.get(commitmentId) ?? []
    if (!list.includes(followUp)) list.push(followUp)
    followUps.set(commitmentId, list)
  }
  for (const annotation of all) {
    for (const link of annotation.links) {
      if (link.type !== 'follow-up-of') continue
      const other = byId.get(link.annotationId)
      if (!other) continue
      // A link drawn from either end counts: the later document's span is the follow-up.
      const [earlier, later] = yearOf(docs.get(annotation.documentId)) >= yearOf(docs.get(other.documentId)) ? [other, annotation] : [annotation, other]
      addFollowUp(earlier.id, later)
    }
  }
  const entries: CommitmentEntry[] = []
  for (const annotation of all) {
    if (annotation.label !== 'commitment' || annotation.status === 'rejected') continue
    const doc = docs.get(annotation.documentId)
    const theme = annotation.attributes.indicator ?? indicatorNamedIn(annotation.quote, indicators)?.key ?? null
    entries.push({
      annotation,
      documentYear: doc?.meta.year ?? null,
      docType: doc?.meta.docType ?? 'other',
      documentTitle: doc?.title ?? annotation.documentId,
      theme,
      followUpStatus: annotation.attributes.followUpStatus ?? 'none',
      followUps: (followUps.get(annotation.id) ?? []).map((followUp) => ({
        annotation: followUp,
        documentYear: docs.get(followUp.documentId)?.meta.year ?? null,
        documentTitle: docs.get(followUp.documentId)?.title ?? followUp.documentId,
      })),
    })
  }
  // Commitments that are themselves someone's follow-up are listed under the earlier one only.
  const shownAsFollowUp = new Set([...followUps.values()].flat().map((annotation) => annotation.id))
  return entries
    .filter((entry) => !shownAsFollowUp.has(entry.annotation.id))
    .sort((a, b) => yearOf(a) - yearOf(b) || (a.theme ?? '\uffff').localeCompare(b.theme ?? '\uffff') || a.annotation.start - b.annotation.start)
}

/** What of a page travels besides its rows: see the compare.matrix contract. */
export interface PageParts {
  figuresPerCell?: number
  unplacedOffset?: number
  unplacedLimit?: number
}

/**
 * A row as FigureViews, each cell's lists cut to `perCell` figures: the first ones, plus the first
 * convertible one when it comes later (the one the status was judged on, and the one the view
 * looks for when it tells a target was reached earlier). Only the figures that travel are made.
 */
function pageRowView(row: CompareRow, sources: CompareResult['sources'], perCell: number): ComparePageRow {
  const figures = (list: readonly FigureAnnotation[]): FigureView[] => {
    const shown = list.slice(0, perCell).map((annotation) => figureView(annotation, row, sources))
    if (list.length > perCell && !shown.some((figure) => figure.value !== null)) {
      for (let at = perCell; at < list.length; at++) {
        const later = figureView(list[at], row, sources)
        if (later.value === null) continue
        shown.push(later)
        break
      }
    }
    return shown
  }
  return {
    key: row.key,
    name: row.name,
    unit: row.unit,
    higherIsBetter: row.higherIsBetter,
    inCodebook: row.inCodebook,
    cells: row.cells.map((cell) => ({ ...cell, targets: figures(cell.targets), actuals: figures(cell.actuals), targetCount: cell.targets.length, actualCount: cell.actuals.length })),
  }
}

function yearOf(holder: { documentYear?: number | null; meta?: { year: number | null } } | undefined): number {
  return holder?.documentYear ?? holder?.meta?.year ?? 0
}

const CELL_COLUMNS = [
  'indicator',
  'indicator_name',
  'unit',
  'higher_is_better',
  'year',
  'status',
  'conflict',
  'target',
  'target_value',
  'target_max',
  'target_comparator',
  'target_source',
  'earlier_targets',
  'actual',
  'actual_value',
  'actual_source',
  'other_actuals',
  'target_annotation',
  'actual_annotation',
  // The status as a code (met, missed, no-evidence, not-due) for scripts; `status` is in words.
  'status_code',
] as const

type CellRecord = Record<(typeof CELL_COLUMNS)[number], string | number | boolean | null>

function sourceIn(observation: FigureView, locale: Locale): string {
  return `${observation.documentYear ?? '?'} ${documentTypeNames[locale][observation.docType]} · ${observation.documentTitle}`
}

/** One line per indicator × year: the figures the status was computed from, then the others. */
function cellRecords(rows: readonly CompareRowView[], locale: Locale): CellRecord[] {
  const source = (observation: FigureView) => sourceIn(observation, locale)
  const records: CellRecord[] = []
  for (const row of rows) {
    for (const cell of row.cells) {
      const [target, ...earlierTargets] = cell.targets
      const [actual, ...otherActuals] = cell.actuals
      records.push({
        indicator: row.key,
        indicator_name: row.name,
        unit: row.unit,
        higher_is_better: row.higherIsBetter,
        year: cell.year,
        status: cell.status ? compareStatusNames[locale][cell.status] : '',
        conflict: cell.conflict,
        target: target ? formatFigure(target, row.unit) : '',
        target_value: target?.value ?? null,
        target_max: target?.valueMax ?? null,
        target_comparator: target?.comparator ?? '',
        target_source: target ? source(target) : '',
        earlier_targets: earlierTargets.map((other) => `${formatFigure(other, row.unit)} (${source(other)})`).join('; '),
        actual: actual ? formatFigure(actual, row.unit) : '',
        actual_value: actual?.value ?? null,
        actual_source: actual ? source(actual) : '',
        other_actuals: otherActuals.map((other) => `${formatFigure(other, row.unit)} (${source(other)})`).join('; '),
        target_annotation: target?.annotationId ?? '',
        actual_annotation: actual?.annotationId ?? '',
        status_code: cell.status ?? '',
      })
    }
  }
  return records
}

const STATUS_ICON: Record<string, string> = { met: '✓', missed: '✗', 'no-evidence': '?', 'not-due': '…' }

function cellText(row: CompareRowView, cell: CompareCellView | undefined, locale: Locale): string {
  if (!cell) return ''
  const words = exportWords[locale]
  // The English sheet keeps the codes (met, reply-to-cppcc-proposal) that scripts already read.
  const type = (observation: FigureView) => (locale === 'en' ? observation.docType : documentTypeNames[locale][observation.docType])
  const lines = [
    ...cell.targets.map((target) => `${words.target} ${formatFigure(target, row.unit)} (${target.documentYear ?? '?'} ${type(target)})`),
    ...cell.actuals.map((actual) => `${words.actual} ${formatFigure(actual, row.unit)} (${actual.documentYear ?? '?'} ${type(actual)})`),
  ]
  if (cell.status) lines.push(`${STATUS_ICON[cell.status]} ${locale === 'en' ? cell.status : compareStatusNames[locale][cell.status]}`)
  if (cell.conflict) lines.push(words.conflict)
  return lines.join('\n')
}
