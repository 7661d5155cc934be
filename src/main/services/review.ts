// The session's side of issue 6: annotation files in and out, sources, review decisions and
// agreement, for one open workspace. WorkbenchSession only forwards to it.
import { randomUUID } from 'node:crypto'
import { basename } from 'node:path'
import Papa from 'papaparse'
import type { ApiError, ExchangeExportResult, ExchangeImportBatch } from '../../shared/api'
import { agreementCsvRows } from '../../shared/agreement'
import { exchangeExtensions, type ExchangeFormat } from '../../shared/exchange/common'
import { spreadsheetSafe } from '../../shared/exchange/csv'
import { selectorFor } from '../../shared/anchoring'
import type { Annotation } from '../../shared/model'
import {
  CURATED_SOURCE_ID,
  alignUnits,
  reviewProgress,
  type DecidedSpan,
  type ReviewAction,
  type ReviewState,
  type SourceSummary,
} from '../../shared/review'
import { AppError } from './app-error'
import { writeFileDurably } from './durable-file'
import { computeAgreement, exportAnnotations, importBundle, readAnnotationFile, type AnnotationFileInput, type DuplicateChoice } from './exchange'
import { PendingDuplicates } from './exchange/pending-duplicates'
import { SourceStore } from './sources'
import type { SaveFileOptions } from './dialogs'
import type { WorkspaceStore } from './workspace-store'

export interface ReviewDialogs {
  chooseFiles(purpose: 'annotations.import'): Promise<string[]>
  chooseSaveFile?(options: SaveFileOptions): Promise<string | null>
}

/**
 * A save dialog's suggested name from a name an imported file chose (annotator, source): no
 * folder parts, no characters Windows refuses, so it can only name a file where the user is.
 */
export function safeFileName(name: string, fallback = 'annotations'): string {
  const printable = [...name].filter((char) => char.charCodeAt(0) >= 0x20).join('')
  const cleaned = printable
    .replace(/[/\\:*?"<>|]/g, '_')
    .replace(/\.{2,}/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '')
  return cleaned || fallback
}

/** The curated source is where decisions go; reviewing it against itself would rewrite its own units. */
function refuseCurated(sourceIds: readonly string[]): void {
  if (sourceIds.includes(CURATED_SOURCE_ID)) throw new AppError('REVIEW_CURATED_AS_SOURCE')
}

export class ReviewService {
  readonly sources: SourceStore
  private readonly duplicates = new PendingDuplicates()

  constructor(
    readonly store: WorkspaceStore,
    private readonly dialogs: ReviewDialogs,
    private readonly toApiError: (error: unknown) => ApiError,
  ) {
    this.sources = new SourceStore(store)
  }

  private async saveAs(defaultName: string, extensions: string[], bytes: Uint8Array | string): Promise<string | null> {
    if (!this.dialogs.chooseSaveFile) throw new AppError('SAVE_DIALOG_UNAVAILABLE')
    const path = await this.dialogs.chooseSaveFile({ purpose: 'annotations.export', defaultName, extensions })
    if (!path) return null
    try {
      await writeFileDurably(path, bytes)
    } catch (error) {
      throw new AppError('WRITE_FAILED', { path, reason: (error as Error).message })
    }
    return path
  }

  async export(format: ExchangeFormat, sourceId: string, includeText: boolean, documentIds?: string[]): Promise<ExchangeExportResult | null> {
    const result = await exportAnnotations(this.store, this.sources, { format, sourceId, includeText, documentIds })
    const owner = sourceId === 'workspace' ? this.store.settings.annotator || this.store.name : (await this.sources.summary(sourceId)).name
    const extension = exchangeExtensions[format]
    const path = await this.saveAs(`${safeFileName(owner)}${extension}`, [extension.split('.').pop()!], result.bytes)
    return path ? { path, annotations: result.annotations, documents: result.documents, losses: result.losses } : null
  }

  async importFiles(
    inputs: AnnotationFileInput[],
    name: string | undefined,
    importDocuments: boolean,
    onDuplicate?: DuplicateChoice,
  ): Promise<ExchangeImportBatch> {
    const batch: ExchangeImportBatch = { reports: [], failures: [], duplicates: [] }
    const maxBytes = this.store.settings.maxImportMegabytes * 1024 * 1024
    for (const input of inputs) {
      const fileName = input.kind === 'path' ? basename(input.path) : input.fileName
      try {
        const bundle = await readAnnotationFile(input, maxBytes, this.store.labels, this.store.settings.locale, this.store.settings.maxImportRows)
        const pending = { bundle, fileName, name, importDocuments }
        try {
          batch.reports.push(await importBundle(this.store, this.sources, bundle, { fileName, name, importDocuments, onDuplicate }))
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'SOURCE_DUPLICATE')) throw error
          // Kept (already read and checked) until the user says replace or keep both.
          batch.duplicates!.push(this.duplicates.hold(pending, error, this.toApiError(error)))
        }
      } catch (error) {
        batch.failures.push({ fileName, error: this.toApiError(error) })
      }
    }
    return batch
  }

  /** The user's answer to a duplicate import: replace that source, keep both, or skip the file. */
  async resolveDuplicate(token: string, choice: DuplicateChoice | 'skip'): Promise<ExchangeImportBatch> {
    const pending = this.duplicates.take(token)
    const batch: ExchangeImportBatch = { reports: [], failures: [], duplicates: [] }
    if (choice === 'skip') return batch
    try {
      batch.reports.push(await importBundle(this.store, this.sources, pending.bundle, { ...pending, onDuplicate: choice }))
    } catch (error) {
      batch.failures.push({ fileName: pending.fileName, error: this.toApiError(error) })
    }
    return batch
  }

  async choose(name: string | undefined, importDocuments: boolean, onDuplicate?: DuplicateChoice): Promise<ExchangeImportBatch> {
    const paths = await this.dialogs.chooseFiles('annotations.import')
    return this.importFiles(paths.map((path) => ({ kind: 'path' as const, path })), name, importDocuments, onDuplicate)
  }

  async listSources(): Promise<SourceSummary[]> {
    return this.sources.list()
  }

  async state(documentId: string, sourceIds: readonly string[]): Promise<ReviewState> {
    refuseCurated(sourceIds)
    this.store.document(documentId)
    const all = await this.sources.list()
    const chosen = sourceIds.map((id) => {
      const found = all.find((source) => source.id === id)
      if (!found) throw new AppError('SOURCE_NOT_FOUND', { id })
      return found
    })
    const lists = await Promise.all(chosen.map(async (source) => ({ id: source.id, annotations: await this.sources.annotations(source.id, documentId) })))
    const units = alignUnits(lists)
    const curatedFile = all.some((source) => source.id === CURATED_SOURCE_ID) ? await this.sources.get(CURATED_SOURCE_ID) : null
    const decisions = (curatedFile?.decisions ?? []).filter((decision) => decision.documentId === documentId)
    return {
      documentId,
      sources: chosen,
      units,
      decisions,
      curated: (curatedFile?.annotations ?? []).filter((annotation) => annotation.documentId === documentId),
      progress: reviewProgress(units, decisions),
    }
  }

  async decide(input: {
    documentId: string
    sourceIds: string[]
    unitKey: string
    action: ReviewAction
    sourceId?: string
    spans: DecidedSpan[]
  }): Promise<ReviewState> {
    refuseCurated(input.sourceIds)
    const text = await this.store.text(input.documentId)
    const labels = new Set(this.store.labels.map((label) => label.key))
    const author = this.store.settings.annotator || 'reviewer'
    const now = new Date().toISOString()
    const made: Annotation[] = (input.action === 'reject' ? [] : input.spans).map((span) => {
      if (span.end <= span.start || span.end > text.length) {
        throw new AppError('SPAN_OUT_OF_RANGE', { start: span.start, end: span.end, length: text.length })
      }
      if (!labels.has(span.label)) throw new AppError('UNKNOWN_LABEL', { label: span.label })
      const selector = selectorFor(text, span.start, span.end)
      return {
        id: randomUUID(),
        documentId: input.documentId,
        ...selector,
        label: span.label,
        attributes: span.attributes,
        links: [],
        status: 'accepted',
        author,
        createdAt: now,
        updatedAt: now,
      }
    })
    await this.sources.updateCurated(author, (file) => {
      const earlier = file.decisions.find((decision) => decision.unitKey === input.unitKey && decision.documentId === input.documentId)
      const dropped = new Set(earlier?.annotationIds ?? [])
      return {
        ...file,
        annotations: [...file.annotations.filter((annotation) => !dropped.has(annotation.id)), ...made],
        decisions: [
          ...file.decisions.filter((decision) => decision !== earlier),
          {
            unitKey: input.unitKey,
            documentId: input.documentId,
            action: input.action,
            ...(input.sourceId ? { sourceId: input.sourceId } : {}),
            annotationIds: made.map((annotation) => annotation.id),
            author,
            decidedAt: now,
          },
        ],
      }
    })
    return this.state(input.documentId, input.sourceIds)
  }

  async undecide(documentId: string, sourceIds: string[], unitKey: string): Promise<ReviewState> {
    refuseCurated(sourceIds)
    await this.sources.updateCurated(this.store.settings.annotator || 'reviewer', (file) => {
      const earlier = file.decisions.find((decision) => decision.unitKey === unitKey && decision.documentId === documentId)
      if (!earlier) return file
      const dropped = new Set(earlier.annotationIds)
      return {
        ...file,
        annotations: file.annotations.filter((annotation) => !dropped.has(annotation.id)),
        decisions: file.decisions.filter((decision) => decision !== earlier),
      }
    })
    return this.state(documentId, sourceIds)
  }

  async exportAgreement(sourceIds: string[], documentIds?: string[]): Promise<{ path: string } | null> {
    const report = await computeAgreement(this.store, this.sources, sourceIds, documentIds)
    // Source names come from imported files: a name like =HYPERLINK(…) must stay text in a spreadsheet.
    const rows = agreementCsvRows(report).map((row) => row.map(spreadsheetSafe))
    const csv = `\uFEFF${Papa.unparse(rows, { newline: '\r\n' })}`
    const path = await this.saveAs('agreement.csv', ['csv'], csv)
    return path ? { path } : null
  }
}
