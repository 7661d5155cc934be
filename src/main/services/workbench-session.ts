// The main-process side of the API contract: one session per window (or per test, or per
// CLI run) holding the open workspace. `dispatch` is the single entry point every transport
// calls: it validates the input against the contract, runs the handler and returns an
// Outcome whose error text is in the user's language.
import { readdir } from 'node:fs/promises'
import { basename } from 'node:path'
import {
  api,
  isOperationName,
  type ApiError,
  type ApiParsedInput,
  type ApiResult,
  type DocumentSummary,
  type ImportFileResult,
  type ImportPreviewBatch,
  type OperationName,
  type Outcome,
  type WorkbenchEvent,
  type WorkspaceInfo,
} from '../../shared/api'
import { FORCEABLE_LOCK_ERRORS, formatError, formatNotice } from '../../shared/messages'
import { defaultSettings, type DocumentRecord, type Locale } from '../../shared/model'
import { AppError } from './app-error'
import { CodebookService } from './codebook-service'
import { CompareService } from './compare-service'
import { writeExportFile } from './export-files'
import { isErrorCode } from './durable-file'
import { ImportPreviews, type ImportSource } from './import-preview'
import { readSeedDocuments } from './text-import'
import { WorkspaceSearch } from './workspace-search'
import { WorkspaceStore, type StoreOptions } from './workspace-store'
import { computeAgreement } from './exchange'
import { ReviewService, safeFileName } from './review'
import { ownCounts } from './own-counts'
import type { Dialogs } from './dialogs'
import { suggestForDocument } from './suggest'
import { deleteDocument, restoreDocument } from './document-trash'
import { packageVersion } from './app-info'
import { adoptPreview, applyBatch, checkSource, isWorkspaceSource, sourceAnnotations } from './source-views'
import { CURATED_SOURCE_ID, WORKSPACE_SOURCE_ID } from '../../shared/review'
import { memorySecrets, SyncService, type SyncSecrets } from './sync/sync-service'
import { AnnotationTableService } from './annotation-rows/table-service'
import { workspaceRowsWritten } from './annotation-rows/row-index'
import { annotationLinks } from './annotation-links'

export type { Dialogs, SaveFileOptions } from './dialogs'

export interface SessionOptions {
  /** The sample corpus for new workspaces. */
  seedsDir: string
  dialogs: Dialogs
  onEvent?: (event: WorkbenchEvent) => void
  storeOptions?: StoreOptions
  /** Version and data folder for Help ▸ About; by default the version in package.json beside the seeds. */
  appInfo?: { version: string; dataDir: string | null }
  /** Where the team-sync password is kept (the shell's safeStorage); in memory when absent. */
  syncSecrets?: SyncSecrets
}

type Handlers = {
  [K in OperationName]: (input: ApiParsedInput<K>) => Promise<ApiResult<K>>
}

async function folderIsEmpty(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return true
    throw error
  }
}

/** Creates a workspace in an empty folder, optionally with the sample corpus. */
export async function createWorkspace(
  dir: string,
  seedsDir: string | null,
  storeOptions?: StoreOptions,
): Promise<WorkspaceStore> {
  if (await WorkspaceStore.isWorkspace(dir)) return WorkspaceStore.open(dir, storeOptions)
  if (!(await folderIsEmpty(dir))) throw new AppError('FOLDER_NOT_EMPTY', { path: dir })
  const store = await WorkspaceStore.create(dir, undefined, storeOptions)
  if (seedsDir) {
    try {
      await store.addDocuments(await readSeedDocuments(seedsDir))
    } catch (error) {
      await store.close()
      throw error
    }
  }
  return store
}

export function toSummary(doc: DocumentRecord, annotationCount: number | null, missing: boolean): DocumentSummary {
  return {
    id: doc.id,
    title: doc.title,
    year: doc.meta.year,
    docType: doc.meta.docType,
    script: doc.meta.script,
    textLength: doc.textLength,
    annotationCount,
    missing,
    issuer: doc.meta.issuer,
    date: doc.meta.date,
    docNumber: doc.meta.docNumber,
  }
}

export class WorkbenchSession {
  private store: WorkspaceStore | null = null
  /** Why no workspace is open, shown until the user opens or creates one. */
  private startupError: AppError | null = null
  private fallbackLocale: Locale = 'zh-CN'
  private readonly importPreviews = new ImportPreviews(() => ({
    maxFileBytes: (this.store?.settings.maxImportMegabytes ?? defaultSettings.maxImportMegabytes) * 1024 * 1024,
  }))
  /** The folded texts of the open workspace; dropped with it. */
  private workspaceSearch: WorkspaceSearch | null = null

  constructor(private readonly options: SessionOptions) {}

  /** Opens the workspace in `dir`, creating it with the sample corpus when the folder is new. */
  async start(dir: string): Promise<void> {
    try {
      const store = (await WorkspaceStore.isWorkspace(dir))
        ? await WorkspaceStore.open(dir, this.options.storeOptions)
        : await createWorkspace(dir, this.options.seedsDir, this.options.storeOptions)
      await this.replaceStore(store)
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      this.rememberLockedFolder(error, dir)
      this.startupError = error
    }
  }

  /** The folder last refused for a lock the user may take over: `workspace.open { forceUnlock }` opens it. */
  private lockedDir: string | null = null
  private lockedOwner: { pid: number; host: string; since: string } | undefined

  private rememberLockedFolder(error: unknown, dir: string): void {
    if (!(error instanceof AppError) || !FORCEABLE_LOCK_ERRORS.includes(error.code)) return
    this.lockedDir = dir
    const { pid, host, since } = error.params
    this.lockedOwner = { pid: Number(pid), host: String(host), since: String(since) }
  }

  get workspace(): WorkspaceStore | null {
    return this.store
  }

  get locale(): Locale {
    return this.store?.settings.locale ?? this.fallbackLocale
  }

  async close(): Promise<void> {
    await this.syncService?.service.close()
    await this.annotationTableService?.idle()
    if (this.store) await workspaceRowsWritten(this.store)
    await this.reviewService?.sources.indexesWritten()
    await this.store?.close()
    this.store = null
    this.workspaceSearch = null
  }

  private async replaceStore(next: WorkspaceStore): Promise<void> {
    const previous = this.store
    this.store = next
    // The library's counts follow every save from the start: a save of a document no view has read keeps no file to count from.
    ownCounts(next)
    this.workspaceSearch = null
    this.startupError = null
    if (this.syncService?.service.store === previous) await this.syncService?.service.close()
    if (this.annotationTableService?.store === previous) await this.annotationTableService?.idle()
    if (previous) await workspaceRowsWritten(previous)
    await this.reviewService?.sources.indexesWritten()
    await previous?.close()
    this.options.onEvent?.({ type: 'workspace-changed' })
  }

  private requireStore(): WorkspaceStore {
    if (this.store) return this.store
    throw this.startupError ?? new AppError('NO_WORKSPACE')
  }

  /** Compare across years and the codebook keep caches of the open workspace; dropped with it. */
  private compareService: { store: WorkspaceStore; compare: CompareService; codebook: CodebookService } | null = null

  private compare(): { compare: CompareService; codebook: CodebookService } {
    const store = this.requireStore()
    if (this.compareService?.store !== store) {
      this.compareService = { store, compare: new CompareService(store, this.review().sources), codebook: new CodebookService(store) }
    }
    return this.compareService
  }

  private async saveAs(defaultName: string, extension: string, bytes: Uint8Array): Promise<{ path: string } | null> {
    if (!this.options.dialogs.chooseSaveFile) throw new AppError('SAVE_DIALOG_UNAVAILABLE')
    const path = await this.options.dialogs.chooseSaveFile({ purpose: `compare.${extension}`, defaultName, extensions: [extension] })
    if (!path) return null
    await writeExportFile(path, bytes)
    return { path }
  }

  private searchIndex(): WorkspaceSearch {
    this.workspaceSearch ??= new WorkspaceSearch(this.requireStore())
    return this.workspaceSearch
  }

  private info(): WorkspaceInfo {
    const store = this.requireStore()
    return {
      dir: store.dir,
      name: store.name,
      readOnly: store.readOnly,
      documentCount: store.documents.length,
      labels: store.labels,
      indicators: store.indicators,
      settings: store.settings,
      notices: store.notices.map((notice) => ({
        ...notice,
        message: formatNotice(notice.code, notice.params, this.locale),
      })),
    }
  }

  private summaries(store: WorkspaceStore): DocumentSummary[] {
    const counts = ownCounts(store)
    return store.documents.map((doc) => toSummary(doc, counts.known(doc.id), store.isMissing(doc.id)))
  }

  private async openFolder(dir: string, create: boolean, withSeeds: boolean, forceUnlock = false): Promise<WorkspaceInfo> {
    if (this.store && this.store.dir === dir) return this.info()
    const storeOptions = forceUnlock ? { ...this.options.storeOptions, forceUnlock, forceUnlockOwner: this.lockedOwner } : this.options.storeOptions
    let store: WorkspaceStore
    try {
      store = create
        ? await createWorkspace(dir, withSeeds ? this.options.seedsDir : null, storeOptions)
        : await WorkspaceStore.open(dir, storeOptions)
    } catch (error) {
      this.rememberLockedFolder(error, dir)
      throw error
    }
    this.lockedDir = null
    await this.replaceStore(store)
    return this.info()
  }

  /** Each file fails alone: the others still get their preview. */
  private async previewAll(sources: ImportSource[]): Promise<ImportPreviewBatch> {
    const batch: ImportPreviewBatch = { previews: [], failures: [] }
    for (const source of sources) {
      try {
        batch.previews.push(await this.importPreviews.add(source, this.locale))
      } catch (error) {
        const fileName = source.kind === 'path' ? basename(source.path) : source.fileName
        batch.failures.push({ fileName, error: this.toApiError(error) })
      }
    }
    return batch
  }

  private readonly handlers: Handlers = {
    'workspace.info': async () => this.info(),
    'workspace.create': async ({ withSeeds }) => {
      const dir = await this.options.dialogs.chooseFolder('workspace.create')
      return dir ? this.openFolder(dir, true, withSeeds) : null
    },
    'workspace.open': async ({ forceUnlock }) => {
      if (forceUnlock && this.lockedDir) return this.openFolder(this.lockedDir, false, false, true)
      const dir = await this.options.dialogs.chooseFolder('workspace.open')
      return dir ? this.openFolder(dir, false, false) : null
    },
    'workspace.dismissNotice': async ({ id }) => {
      this.requireStore().dismissNotice(id)
      return this.info()
    },
    'settings.update': async (change) => {
      if (change.locale) this.fallbackLocale = change.locale
      const store = this.store
      if (!store) return { ...defaultSettings, locale: this.fallbackLocale, annotator: change.annotator ?? '' }
      return store.updateSettings(change)
    },
    'documents.list': async () => this.summaries(this.requireStore()),
    'annotations.countAll': async () => {
      const store = this.requireStore()
      // Every annotation file is read and validated once, and only its count kept: a big corpus
      // holds millions of annotations, and the views that need them read what they show.
      await ownCounts(store).summary()
      // The compare matrix over a large workspace takes a moment the first time (a cold engine):
      // compute it now, while the user is still in the library, so opening Compare is quick.
      setTimeout(() => {
        if (this.store === store) this.compare().compare.matrix({}).catch(() => undefined)
      }, 0).unref()
      return this.summaries(store)
    },
    'documents.get': async ({ id }) => {
      const store = this.requireStore()
      return { document: store.document(id), text: await store.text(id) }
    },
    'import.choose': async () => {
      this.requireStore()
      const paths = await this.options.dialogs.chooseFiles('documents.import')
      return this.previewAll(paths.map((path) => ({ kind: 'path' as const, path })))
    },
    'import.addBytes': async ({ fileName, base64 }) => {
      this.requireStore()
      return this.previewAll([{ kind: 'bytes', fileName: basename(fileName), bytes: Buffer.from(base64, 'base64') }])
    },
    'import.reencode': async ({ token, encoding }) => this.importPreviews.reencode(token, encoding, this.locale),
    'import.confirm': async ({ items }) => {
      const store = this.requireStore()
      const results: ImportFileResult[] = []
      for (const item of items) {
        let fileName = item.token
        try {
          const document = this.importPreviews.take(item.token, item)
          fileName = document.fileName
          const [added] = await store.addDocuments([document])
          results.push({ fileName, status: added.status, document: toSummary(added.document, await store.annotationCount(added.document.id), false) })
        } catch (error) {
          results.push({ fileName, status: 'failed', error: this.toApiError(error) })
        }
      }
      return results
    },
    'import.discard': async ({ tokens }) => {
      for (const token of tokens) this.importPreviews.discard(token)
      return null
    },
    'annotations.list': async ({ documentId }) => [...(await this.requireStore().annotations(documentId))],
    'annotations.create': async (input) => this.requireStore().createAnnotation(input),
    'annotations.update': async ({ documentId, id, ...change }) =>
      this.requireStore().updateAnnotation(documentId, id, change),
    'annotations.restore': async ({ annotation }) => this.requireStore().restoreAnnotation(annotation),
    'annotations.listAll': async ({ source }) => sourceAnnotations(this.requireStore(), this.review().sources, source ?? WORKSPACE_SOURCE_ID),
    'annotations.links': async ({ documentId, id }) => annotationLinks(this.requireStore(), documentId, id),
    'annotations.search': async ({ query, limit, excludeId }) => this.annotationTable().linkSearch.search(query, limit, excludeId),
    'search.workspace': async ({ query, offset, limit }) => this.searchIndex().search(query, offset, limit),
    'labels.save': async ({ label }) => this.requireStore().saveLabel(label),
    'labels.delete': async ({ key }) => this.requireStore().deleteLabel(key),
    'indicators.save': async ({ indicator }) => this.requireStore().saveIndicator(indicator),
    'annotations.delete': async ({ documentId, id }) => {
      await this.requireStore().deleteAnnotation(documentId, id)
      return { id }
    },
    // ---- suggestions (issue 7) ----
    'suggest.document': async ({ documentId }) => {
      const { added } = await suggestForDocument(this.requireStore(), documentId, true)
      return { documentId, added }
    },
    // ---- compare across years (issue 5) ----
    'compare.matrix': async ({ filters, offset, limit, source, figuresPerCell, unplacedOffset, unplacedLimit }) =>
      this.compare().compare.page(filters, offset, limit, source, { figuresPerCell, unplacedOffset, unplacedLimit }),
    'compare.export': async ({ format, filters, source }) => {
      const bytes = await this.compare().compare.exportBytes(format, filters, this.locale, source)
      // The file of another source's matrix says whose it is.
      const whose = isWorkspaceSource(source) ? '' : `-${source === CURATED_SOURCE_ID ? 'curated' : safeFileName((await checkSource(this.review().sources, source!)).name)}`
      return this.saveAs(`compare${whose}-${new Date().toISOString().slice(0, 10)}.${format}`, format, bytes)
    },
    'compare.saveFile': async ({ defaultName, extension, base64, text }) =>
      this.saveAs(defaultName, extension, base64 !== undefined ? Buffer.from(base64, 'base64') : new TextEncoder().encode(text ?? '')),
    'commitments.list': async ({ source }) => this.compare().compare.commitments(source),
    'commitments.candidates': async ({ documentId, id, limit }) => this.compare().compare.candidates(documentId, id, limit),
    'commitments.confirmFollowUp': async ({ commitment, documentId, start, end }) =>
      this.compare().compare.confirmFollowUp(commitment, documentId, start, end),
    'commitments.setStatus': async ({ documentId, id, status }) => this.compare().compare.setStatus(documentId, id, status),
    'indicators.delete': async ({ key }) => this.compare().codebook.delete(key),
    'indicators.merge': async ({ from, into }) => this.compare().codebook.merge(from, into),
    'indicators.import': async ({ indicators }) => this.compare().codebook.import(indicators),
    'indicators.suggestions': async ({ source }) => {
      if (isWorkspaceSource(source)) return this.compare().codebook.suggestions()
      const annotations = await sourceAnnotations(this.requireStore(), this.review().sources, source!)
      return this.compare().codebook.suggestions(async (documentId) => annotations.filter((annotation) => annotation.documentId === documentId))
    },
    // ---- Exchange and review (issue 6) ----
    'exchange.export': async ({ format, sourceId, includeText, documentIds }) => this.review().export(format, sourceId, includeText, documentIds),
    'exchange.import': async ({ name, importDocuments, onDuplicate }) => this.review().choose(name, importDocuments, onDuplicate),
    'exchange.importBytes': async ({ fileName, base64, name, importDocuments, onDuplicate }) =>
      this.review().importFiles([{ kind: 'bytes', fileName: basename(fileName), bytes: Buffer.from(base64, 'base64') }], name, importDocuments, onDuplicate),
    'sources.list': async () => this.review().listSources(),
    'sources.delete': async ({ id }) => {
      await this.review().sources.remove(id)
      return this.review().listSources()
    },
    'review.units': async ({ documentId, sourceIds }) => this.review().state(documentId, sourceIds),
    'review.decide': async (input) => this.review().decide(input),
    'review.undecide': async ({ documentId, sourceIds, unitKey }) => this.review().undecide(documentId, sourceIds, unitKey),
    'agreement.compute': async ({ sourceIds, documentIds }) => computeAgreement(this.requireStore(), this.review().sources, sourceIds, documentIds),
    'agreement.export': async ({ sourceIds, documentIds }) => this.review().exportAgreement(sourceIds, documentIds),
    'exchange.resolveDuplicate': async ({ token, choice }) => this.review().resolveDuplicate(token, choice),
    // ---- Documents editable (issue 12) ----
    'documents.updateMeta': async ({ id, title, meta }) => this.requireStore().updateDocumentRecord(id, { title, meta }),
    'documents.delete': async ({ id }) => {
      this.workspaceSearch = null
      return deleteDocument(this.requireStore(), id)
    },
    'documents.restore': async ({ id }) => {
      this.workspaceSearch = null
      return restoreDocument(this.requireStore(), id)
    },
    'app.info': async () => ({
      version: this.options.appInfo?.version ?? (await packageVersion(this.options.seedsDir)),
      workspaceDir: this.store?.dir ?? null,
      dataDir: this.options.appInfo?.dataDir ?? null,
    }),
    // ---- Any source, every view; adoption (issue 10) ----
    'sources.adoptPreview': async ({ source }) => adoptPreview(this.requireStore(), this.review().sources, source),
    'annotations.applyBatch': async ({ changes }) => applyBatch(this.requireStore(), changes),
    // ---- Team sync (issue 11) ----
    'sync.configure': async ({ password, ...settings }) => this.sync().configure(settings, password),
    'sync.status': async () => this.sync().status(),
    'sync.run': async () => this.sync().run(),
    'sync.conflicts': async () => this.sync().conflicts(),
    'sync.resolve': async ({ id, rev }) => this.sync().resolve(id, rev),
    // ---- Big corpora: the Annotations table in pages (issue 13) ----
    'annotations.page': async (query) => this.annotationTable().page(query),
  }

  /** The Annotations table's row index of the open workspace; made again when another workspace opens. */
  private annotationTableService: AnnotationTableService | null = null
  private annotationTable(): AnnotationTableService {
    const store = this.requireStore()
    if (this.annotationTableService?.store !== store) this.annotationTableService = new AnnotationTableService(store, () => this.review().sources)
    return this.annotationTableService
  }

  /** Team sync of the open workspace, sharing the review's sources (a teammate's layer is one). */
  private syncService: { service: SyncService } | null = null
  private readonly fallbackSecrets = memorySecrets()
  private sync(): SyncService {
    const store = this.requireStore()
    if (this.syncService?.service.store !== store) {
      this.syncService = { service: new SyncService(store, () => this.review().sources, this.options.syncSecrets ?? this.fallbackSecrets) }
    }
    return this.syncService.service
  }

  /** The open workspace's sources and review; made again when another workspace opens. */
  private reviewService: ReviewService | null = null
  private review(): ReviewService {
    const store = this.requireStore()
    if (this.reviewService?.store !== store) {
      this.reviewService = new ReviewService(store, this.options.dialogs, (error) => this.toApiError(error))
    }
    return this.reviewService
  }

  toApiError(error: unknown): ApiError {
    if (error instanceof AppError) {
      return { code: error.code, message: formatError(error.code, error.params, this.locale), params: error.params }
    }
    const reason = error instanceof Error ? error.message : String(error)
    return { code: 'INTERNAL', message: formatError('INTERNAL', { reason }, this.locale) }
  }

  async dispatch(name: unknown, rawInput: unknown): Promise<Outcome<unknown>> {
    if (!isOperationName(name)) {
      return { ok: false, error: this.toApiError(new AppError('UNKNOWN_OPERATION', { operation: String(name) })) }
    }
    const parsed = api[name].input.safeParse(rawInput ?? {})
    if (!parsed.success) {
      const detail = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`)
        .join('; ')
      return { ok: false, error: this.toApiError(new AppError('INVALID_INPUT', { detail })) }
    }
    try {
      const handler = this.handlers[name] as (input: unknown) => Promise<unknown>
      return { ok: true, value: await handler(parsed.data) }
    } catch (error) {
      if (!(error instanceof AppError)) console.error(`[workbench] ${name} failed`, error)
      return { ok: false, error: this.toApiError(error) }
    }
  }
}
