// The workspace on disk (DESIGN §4): workspace.json for metadata, documents/<id>.txt for the
// immutable texts, annotations/<id>.json (one lowdb file per document), backups/ for the
// versions each save replaced. Only this class writes there (the annotation files through its
// AnnotationFiles, annotation-files.ts), one file queue at a time.
import { createHash, randomUUID } from 'node:crypto'
import { mkdir, readFile, readdir, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { Low } from 'lowdb'
import type { z } from 'zod'
import {
  WORKSPACE_SCHEMA_VERSION,
  WorkspaceFileSchema,
  builtInLabels,
  defaultSettings,
  type Annotation,
  type DocumentMeta,
  type DocumentRecord,
  type Indicator,
  type Label,
  type Settings,
  type WorkspaceFile,
} from '../../shared/model'
import type { MessageParams, NoticeCode } from '../../shared/messages'
import { detectMetadata } from '../../shared/metadata'
import { starterCodebook } from '../../shared/starter-codebook'
import { AppError } from './app-error'
import { isErrorCode, keepCurrentVersion, pathExists, writeFileDurably, type DurableWriteOptions } from './durable-file'
import { CorruptFileError, DurableJsonFile, SerialQueue, parseJsonFile } from './json-store-file'
import type { FigureSummary, SummaryPart } from './figure-index'
import { ANNOTATIONS_DIR, AnnotationFiles, type AnnotationChange, type AnnotationFileListener, type LowFile, type NewAnnotation, type SuggestionChooser } from './annotation-files'
import { acquireWorkspaceLock, type LockResult } from './workspace-lock'
import { findOrphans, recordsFromBackups, recoverFile, removeTempFilesEverywhere, titleList, type RecoveryContext } from './workspace-recovery'
import { workspaceChanges } from '../../shared/sync/changes'
import { SyncOutbox } from './sync/outbox'

export const WORKSPACE_FILE = 'workspace.json'
export const DOCUMENTS_DIR = 'documents'
export { ANNOTATIONS_DIR }
export type { AnnotationChange, AnnotationLinks, NewAnnotation } from './annotation-files'
export const BACKUPS_DIR = 'backups'

export interface StoreNotice {
  id: string
  code: NoticeCode
  params: MessageParams
}

export interface NewDocumentText {
  fileName: string
  text: string
  format: string
  encoding: string
  cleanupApplied?: string[]
  /** What the analyst corrected in the import preview; the rest is detected from the text. */
  title?: string
  meta?: Partial<DocumentMeta>
}

export interface AddDocumentResult {
  status: 'imported' | 'duplicate'
  document: DocumentRecord
}


export interface StoreOptions {
  /** Test hook passed to every durable write. */
  writeOptions?: Pick<DurableWriteOptions, 'beforeRename'>
  /** The user chose to take over a lock from another host or an unverifiable process. */
  forceUnlock?: boolean
  /** The lock's owner as the user was shown it; a different lock found meanwhile is not taken over. */
  forceUnlockOwner?: { pid: number; host: string; since: string }
  /**
   * Read only, without taking the lock (the CLI's read commands): works while the app has the
   * workspace open; nothing is written, not even a repair.
   */
  withoutLock?: boolean
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}


/** The list with `item` replacing the entry of the same key, or appended. */
function upsertByKey<T extends { key: string }>(list: readonly T[], item: T): T[] {
  return list.some((known) => known.key === item.key)
    ? list.map((known) => (known.key === item.key ? item : known))
    : [...list, item]
}

export function emptyWorkspaceFile(name: string): WorkspaceFile {
  return {
    schemaVersion: WORKSPACE_SCHEMA_VERSION,
    name,
    createdAt: new Date().toISOString(),
    documents: [],
    labels: builtInLabels,
    indicators: starterCodebook,
    settings: defaultSettings,
  }
}

export class WorkspaceStore {
  readonly notices: StoreNotice[] = []
  private workspace!: LowFile<typeof WorkspaceFileSchema>
  private readonly workspaceQueue = new SerialQueue()
  private readonly missingDocuments = new Set<string>()
  private readonly textCache = new Map<string, string>()
  private closed = false
  /** The annotation files, their write queues and figure summaries (see annotation-files.ts). */
  private readonly annotationFiles: AnnotationFiles
  /** Team sync's outbox (DESIGN §12) once the workspace is connected to a team database: each save marks its records there first. */
  syncOutbox: SyncOutbox | null = null
  /**
   * Told inside a document's write queue once its annotation file is saved (with its annotations)
   * or the document is removed (null), so indexes derived from the file follow it (issue 13's table rows).
   */
  readonly annotationFileListeners: AnnotationFileListener[] = []

  private constructor(
    readonly dir: string,
    readonly readOnly: boolean,
    private readonly releaseLock: () => Promise<void>,
    private readonly options: StoreOptions,
    /** Opened read-only on purpose, without the lock (see StoreOptions.withoutLock). */
    readonly withoutLock = false,
  ) {
    this.annotationFiles = new AnnotationFiles({
      dir,
      readOnly,
      writeOptions: options.writeOptions,
      listeners: this.annotationFileListeners,
      jsonFile: (path, schema, fallback) => this.jsonFile(path, schema, fallback),
      recovery: () => this.recovery,
      notify: (code, params) => this.notify(code, params),
      documents: () => this.documents,
      document: (id) => this.document(id),
      isClosed: () => this.closed,
      text: (id, keep) => this.text(id, keep),
      textKept: (id) => this.textCache.has(id),
      syncOutbox: () => this.syncOutbox,
      writeOrExplain: (path, write) => this.writeOrExplain(path, write),
      assertWritable: () => this.assertWritable(),
      assertLabel: (label) => this.assertLabel(label),
      annotator: () => this.settings.annotator,
    })
  }

  // ---- opening and creating ------------------------------------------------------------

  /**
   * A workspace, or what is left of one: a folder holding documents/ or annotations/ but no
   * workspace.json is opened (and its workspace.json restored or rebuilt), never taken for a
   * new, non-empty folder.
   */
  static async isWorkspace(dir: string): Promise<boolean> {
    for (const entry of [WORKSPACE_FILE, DOCUMENTS_DIR, ANNOTATIONS_DIR]) {
      if (await pathExists(join(dir, entry))) return true
    }
    return false
  }

  /** Creates a workspace in an empty or missing folder. */
  static async create(dir: string, name = basename(dir), options: StoreOptions = {}): Promise<WorkspaceStore> {
    await mkdir(dir, { recursive: true })
    if (await WorkspaceStore.isWorkspace(dir)) return WorkspaceStore.open(dir, options)
    await Promise.all(
      [DOCUMENTS_DIR, ANNOTATIONS_DIR, BACKUPS_DIR].map((sub) => mkdir(join(dir, sub), { recursive: true })),
    )
    await writeFileDurably(join(dir, WORKSPACE_FILE), JSON.stringify(emptyWorkspaceFile(name)))
    return WorkspaceStore.open(dir, options)
  }

  /** Opens the workspace for one task and closes it (its lock released) whatever happens. */
  static async using<T>(dir: string, task: (store: WorkspaceStore) => Promise<T>, options: StoreOptions = {}): Promise<T> {
    const store = await WorkspaceStore.open(dir, options)
    try {
      return await task(store)
    } finally {
      await store.close()
    }
  }

  static async open(dir: string, options: StoreOptions = {}): Promise<WorkspaceStore> {
    let info
    try {
      info = await stat(dir)
    } catch (error) {
      if (isErrorCode(error, 'ENOENT', 'ENOTDIR')) throw new AppError('WORKSPACE_NOT_FOUND', { path: dir })
      throw error
    }
    if (!info.isDirectory()) throw new AppError('NOT_A_WORKSPACE', { path: dir })
    if (!(await WorkspaceStore.isWorkspace(dir))) throw new AppError('NOT_A_WORKSPACE', { path: dir })
    const lock: LockResult = options.withoutLock
      ? { kind: 'read-only' }
      : await acquireWorkspaceLock(dir, { force: options.forceUnlock, expectedOwner: options.forceUnlockOwner })
    const readOnly = lock.kind === 'read-only'
    const release = lock.kind === 'acquired' ? lock.release : async () => undefined
    const store = new WorkspaceStore(dir, readOnly, release, options, !!options.withoutLock)
    try {
      if (lock.kind === 'acquired' && lock.staleOwner) {
        const { pid, host, since } = lock.staleOwner
        store.notify('STALE_LOCK_REMOVED', { pid, host, since })
      }
      if (lock.kind === 'acquired' && lock.forcedOwner) {
        const { pid, host, since } = lock.forcedOwner
        store.notify('LOCK_TAKEN_OVER', { pid, host, since })
      }
      if (options.withoutLock) store.notify('OPENED_WITHOUT_LOCK', {})
      else if (readOnly) store.notify('OPENED_READ_ONLY', {})
      else await removeTempFilesEverywhere(dir, [BACKUPS_DIR])
      await store.loadWorkspaceFile()
      await store.reattachOrphans()
      await store.findMissingDocumentFiles()
      if (!readOnly) store.syncOutbox = await SyncOutbox.openIfConfigured(dir)
      return store
    } catch (error) {
      await release()
      throw error
    }
  }

  private notify(code: NoticeCode, params: MessageParams): void {
    this.notices.push({ id: randomUUID(), code, params })
  }

  dismissNotice(id: string): void {
    const index = this.notices.findIndex((notice) => notice.id === id)
    if (index >= 0) this.notices.splice(index, 1)
  }

  private jsonFile<S extends z.ZodType>(path: string, schema: S, fallback: z.output<S>): LowFile<S> {
    const adapter = new DurableJsonFile(path, schema, {
      backupDir: join(this.dir, BACKUPS_DIR),
      ...this.options.writeOptions,
    })
    return new Low(adapter, fallback) as LowFile<S>
  }

  private get recovery(): RecoveryContext {
    return {
      dir: this.dir,
      backupsDir: join(this.dir, BACKUPS_DIR),
      readOnly: this.readOnly,
      notify: (code, params) => this.notify(code, params),
    }
  }

  private async loadWorkspaceFile(): Promise<void> {
    const path = join(this.dir, WORKSPACE_FILE)
    this.workspace = this.jsonFile(path, WorkspaceFileSchema, emptyWorkspaceFile(basename(this.dir)))
    let raw: string | null = null
    try {
      raw = await readFile(path, 'utf8')
      this.workspace.data = parseJsonFile(path, raw, WorkspaceFileSchema)
      if (!this.readOnly) await keepCurrentVersion(path, raw, join(this.dir, BACKUPS_DIR))
      return
    } catch (error) {
      if (raw === null && !isErrorCode(error, 'ENOENT')) {
        throw new AppError('FILE_UNREADABLE', { path, reason: (error as Error).message })
      }
      if (error instanceof CorruptFileError && typeof error.schemaVersion === 'number' && error.schemaVersion > WORKSPACE_SCHEMA_VERSION) {
        throw new AppError('WORKSPACE_TOO_NEW', { found: error.schemaVersion, supported: WORKSPACE_SCHEMA_VERSION })
      }
      if (raw !== null && !(error instanceof CorruptFileError)) throw error
    }
    const recovery = await recoverFile(this.recovery, path, WorkspaceFileSchema)
    if (recovery.restored) this.workspace.data = recovery.data
    else await this.rebuildWorkspaceFile(recovery.keptAs)
  }

  /** Last resort for a lost workspace.json: every document text is still there, so list them again. */
  private async rebuildWorkspaceFile(keptAs: string | null): Promise<void> {
    this.workspace.data = emptyWorkspaceFile(basename(this.dir))
    const { texts } = await findOrphans(this.dir, new Set())
    await this.attachTexts(texts)
    if (!this.readOnly) await this.workspace.write()
    if (keptAs === null) this.notify('WORKSPACE_REBUILT_MISSING', { count: texts.length })
    else this.notify('WORKSPACE_REBUILT', { keptAs, count: texts.length })
  }

  /** Adds records for document texts on disk, as older versions of workspace.json knew them if they did. */
  private async attachTexts(ids: readonly string[]): Promise<DocumentRecord[]> {
    const known = await recordsFromBackups(join(this.dir, WORKSPACE_FILE), join(this.dir, BACKUPS_DIR), ids)
    const records: DocumentRecord[] = []
    for (const id of ids) {
      const text = await readFile(join(this.dir, DOCUMENTS_DIR, `${id}.txt`), 'utf8')
      const record = known.get(id)
      // A record is only trusted for the text it describes; otherwise the text speaks for itself.
      // The id stays the file's name even for a text edited outside the workbench, so the
      // document keeps its annotation file and is not attached again at the next opening.
      records.push(record && record.sha256 === sha256(text) ? record : { ...this.documentRecord({ fileName: `${id}.txt`, text, format: 'txt', encoding: 'utf-8' }), id })
    }
    this.workspace.data = { ...this.workspace.data, documents: [...this.workspace.data.documents, ...records] }
    return records
  }

  /**
   * Documents whose text is on disk but that workspace.json does not list (a version restored
   * from before their import, or an import cut short by a crash) are listed again, never hidden;
   * annotation files with no document to show them on are named in a notice and left in place.
   */
  private async reattachOrphans(): Promise<void> {
    const orphans = await findOrphans(this.dir, new Set(this.workspace.data.documents.map((doc) => doc.id)))
    if (orphans.texts.length > 0) {
      const attached = await this.attachTexts(orphans.texts)
      if (!this.readOnly) await this.workspace.write()
      this.notify('DOCUMENTS_REATTACHED', { count: attached.length, titles: titleList(attached.map((doc) => doc.title)) })
    }
    if (orphans.annotationFiles.length > 0) {
      this.notify('ANNOTATIONS_UNATTACHED', { count: orphans.annotationFiles.length, files: orphans.annotationFiles.slice(0, 5).join(', ') })
    }
  }

  private async findMissingDocumentFiles(): Promise<void> {
    const present = new Set(await readdir(join(this.dir, DOCUMENTS_DIR)).catch(() => [] as string[]))
    const missing = this.workspace.data.documents.filter((doc) => !present.has(`${doc.id}.txt`))
    for (const doc of missing) this.missingDocuments.add(doc.id)
    if (missing.length > 0) {
      this.notify('DOCUMENT_FILES_MISSING', {
        count: missing.length,
        titles: missing.slice(0, 5).map((doc) => `「${doc.title}」`).join('、') + (missing.length > 5 ? '…' : ''),
      })
    }
  }

  /** Waits for every queued write, then releases the lock. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.flush()
    await this.releaseLock()
  }

  async flush(): Promise<void> {
    await Promise.all([this.workspaceQueue.idle(), this.annotationFiles.queuesIdle()])
    await this.annotationFiles.figuresIdle()
  }

  // ---- workspace metadata ----------------------------------------------------------------

  get name(): string {
    return this.workspace.data.name
  }

  get settings(): Settings {
    return this.workspace.data.settings
  }

  get labels() {
    return this.workspace.data.labels
  }

  get indicators() {
    return this.workspace.data.indicators
  }

  private assertWritable(): void {
    if (this.readOnly) throw new AppError('WORKSPACE_READ_ONLY', { path: this.dir })
    if (this.closed) throw new AppError('NO_WORKSPACE')
  }

  /** Applies a change to workspace.json; memory changes only once the file is durable. */
  private async updateWorkspace(change: (data: WorkspaceFile) => WorkspaceFile): Promise<WorkspaceFile> {
    this.assertWritable()
    return this.workspaceQueue.run(async () => {
      const next = change(this.workspace.data)
      await this.writeOrExplain(this.workspace.adapter.path, async () => {
        await this.syncOutbox?.record(workspaceChanges(this.workspace.data, next))
        await this.workspace.adapter.write(next)
      })
      this.workspace.data = next
      return next
    })
  }

  private async writeOrExplain(path: string, write: () => Promise<void>): Promise<void> {
    try {
      await write()
    } catch (error) {
      throw new AppError('WRITE_FAILED', { path, reason: (error as Error).message })
    }
  }

  async updateSettings(change: Partial<Settings>): Promise<Settings> {
    const next = await this.updateWorkspace((data) => ({ ...data, settings: { ...data.settings, ...change } }))
    return next.settings
  }

  // ---- documents ------------------------------------------------------------------------

  get documents(): readonly DocumentRecord[] {
    return this.workspace.data.documents
  }

  isMissing(id: string): boolean {
    return this.missingDocuments.has(id)
  }

  document(id: string): DocumentRecord {
    const found = this.workspace.data.documents.find((doc) => doc.id === id)
    if (!found) throw new AppError('DOCUMENT_NOT_FOUND', { id })
    return found
  }

  private documentRecord(input: NewDocumentText): DocumentRecord {
    const hash = sha256(input.text)
    const detected = detectMetadata(input.text, input.fileName)
    return {
      id: hash.slice(0, 16),
      sha256: hash,
      title: input.title?.trim() || detected.title,
      textLength: input.text.length,
      meta: { ...detected.meta, ...input.meta },
      source: { fileName: input.fileName, format: input.format, encoding: input.encoding },
      importedAt: new Date().toISOString(),
      cleanupApplied: input.cleanupApplied ?? [],
    }
  }

  /** Adds documents; the same text twice (by sha256) is reported as a duplicate. */
  async addDocuments(inputs: NewDocumentText[]): Promise<AddDocumentResult[]> {
    this.assertWritable()
    const results: AddDocumentResult[] = []
    const fresh: DocumentRecord[] = []
    for (const input of inputs) {
      const record = this.documentRecord(input)
      const existing =
        this.workspace.data.documents.find((doc) => doc.sha256 === record.sha256) ??
        fresh.find((doc) => doc.sha256 === record.sha256)
      if (existing) {
        results.push({ status: 'duplicate', document: existing })
        continue
      }
      const path = join(this.dir, DOCUMENTS_DIR, `${record.id}.txt`)
      await mkdir(join(this.dir, DOCUMENTS_DIR), { recursive: true })
      await this.writeOrExplain(path, () => writeFileDurably(path, input.text))
      // Bounded like text() bounds it: a team's first pull adds a thousand documents in one run.
      if (this.textCache.size >= 16) this.textCache.delete(this.textCache.keys().next().value as string)
      this.textCache.set(record.id, input.text)
      this.missingDocuments.delete(record.id)
      fresh.push(record)
      results.push({ status: 'imported', document: record })
    }
    if (fresh.length > 0) {
      await this.updateWorkspace((data) => ({ ...data, documents: [...data.documents, ...fresh] }))
    }
    return results
  }

  /** `keep`: false for a text read for a save of a document no view has shown (see updateAnnotations). */
  async text(id: string, keep = true): Promise<string> {
    const doc = this.document(id)
    const cached = this.textCache.get(id)
    if (cached !== undefined) return cached
    const path = join(this.dir, DOCUMENTS_DIR, `${id}.txt`)
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      if (isErrorCode(error, 'ENOENT')) {
        this.missingDocuments.add(id)
        throw new AppError('DOCUMENT_FILE_MISSING', { title: doc.title, path })
      }
      throw new AppError('FILE_UNREADABLE', { path, reason: (error as Error).message })
    }
    if (!keep) return text
    // Texts are immutable, so a small cache never goes stale; it only bounds memory.
    if (this.textCache.size >= 16) this.textCache.delete(this.textCache.keys().next().value as string)
    this.textCache.set(id, text)
    return text
  }

  // ---- annotations ----------------------------------------------------------------------

  /** The document's annotations (see annotation-files.ts for the files kept in memory). */
  async annotations(documentId: string): Promise<readonly Annotation[]> {
    return this.annotationFiles.annotations(documentId)
  }

  async annotationCount(documentId: string): Promise<number> {
    return this.annotationFiles.annotationCount(documentId)
  }

  loadedAnnotationCount(documentId: string): number | null {
    return this.annotationFiles.loadedAnnotationCount(documentId)
  }

  annotationsOfEveryDocument(): Promise<Array<readonly Annotation[] | null>> {
    return this.annotationFiles.annotationsOfEveryDocument()
  }

  figureSummary<P extends SummaryPart>(documentId: string, part: P): Promise<FigureSummary[P]> {
    return this.annotationFiles.figureSummary(documentId, part)
  }

  figureSummaries<P extends SummaryPart>(part: P): Promise<Array<FigureSummary[P]>> {
    return this.annotationFiles.figureSummaries(part)
  }

  withAnnotationFile<T>(documentId: string, use: (annotations: readonly Annotation[]) => Promise<T>): Promise<T> {
    return this.annotationFiles.withAnnotationFile(documentId, use)
  }

  allAnnotations(): Promise<Annotation[]> {
    return this.annotationFiles.allAnnotations()
  }

  private assertLabel(label: string): void {
    if (!this.workspace.data.labels.some((known) => known.key === label)) {
      throw new AppError('UNKNOWN_LABEL', { label })
    }
  }

  createAnnotation(input: NewAnnotation): Promise<Annotation> {
    return this.annotationFiles.createAnnotation(input)
  }

  updateAnnotation(documentId: string, id: string, change: AnnotationChange | ((current: Annotation) => AnnotationChange)): Promise<Annotation> {
    return this.annotationFiles.updateAnnotation(documentId, id, change)
  }

  updateAnnotationsWhere(documentId: string, pick: (annotation: Annotation) => boolean, change: (current: Annotation) => AnnotationChange): Promise<Annotation[]> {
    return this.annotationFiles.updateAnnotationsWhere(documentId, pick, change)
  }

  addSuggestions(documentId: string, choose: SuggestionChooser): Promise<Annotation[]> {
    return this.annotationFiles.addSuggestions(documentId, choose)
  }

  restoreAnnotation(annotation: Annotation): Promise<Annotation> {
    return this.annotationFiles.restoreAnnotation(annotation)
  }

  applyAnnotationBatch(documentId: string, put: readonly Annotation[], removeIds: readonly string[]): Promise<Annotation[]> {
    return this.annotationFiles.applyAnnotationBatch(documentId, put, removeIds)
  }

  deleteAnnotation(documentId: string, id: string): Promise<void> {
    return this.annotationFiles.deleteAnnotation(documentId, id)
  }

  async saveLabel(label: Label): Promise<Label[]> {
    const taken = this.labels.find((other) => other.key !== label.key && label.shortcut && other.shortcut === label.shortcut)
    if (taken) throw new AppError('SHORTCUT_TAKEN', { shortcut: label.shortcut ?? '', label: taken.name[this.settings.locale] })
    const next = await this.updateWorkspace((data) => ({ ...data, labels: upsertByKey(data.labels, label) }))
    return next.labels
  }

  async deleteLabel(key: string): Promise<Label[]> {
    const label = this.labels.find((known) => known.key === key)
    if (!label) throw new AppError('UNKNOWN_LABEL', { label: key })
    const name = label.name[this.settings.locale]
    if (builtInLabels.some((builtIn) => builtIn.key === key)) throw new AppError('LABEL_BUILT_IN', { label: name })
    const inUse = (await this.allAnnotations()).filter((annotation) => annotation.label === key).length
    if (inUse > 0) throw new AppError('LABEL_IN_USE', { label: name, count: inUse })
    const next = await this.updateWorkspace((data) => ({ ...data, labels: data.labels.filter((known) => known.key !== key) }))
    return next.labels
  }

  async saveIndicator(indicator: Indicator): Promise<Indicator[]> {
    const next = await this.updateWorkspace((data) => ({ ...data, indicators: upsertByKey(data.indicators, indicator) }))
    return next.indicators
  }

  /** Rewrites the codebook in one durable write (merge, delete and import of indicators). */
  async replaceIndicators(change: (indicators: readonly Indicator[]) => Indicator[]): Promise<Indicator[]> {
    const next = await this.updateWorkspace((data) => ({ ...data, indicators: change(data.indicators) }))
    return next.indicators
  }

  // ---- document records: corrected, removed, put back (issue 12; files moved by document-trash.ts) ----

  /** Replaces a document's title and metadata; its text, and so its id and offsets, never change. */
  async updateDocumentRecord(id: string, change: { title?: string; meta?: Partial<DocumentRecord['meta']> }): Promise<DocumentRecord> {
    this.document(id)
    const next = await this.updateWorkspace((data) => ({
      ...data,
      documents: data.documents.map((doc) =>
        doc.id === id ? { ...doc, ...(change.title !== undefined ? { title: change.title } : {}), meta: { ...doc.meta, ...change.meta } } : doc,
      ),
    }))
    return next.documents.find((doc) => doc.id === id)!
  }

  /**
   * Takes a document out of workspace.json once its pending annotation writes are done, and forgets
   * what is cached of it; `moveFiles` runs in between, inside the document's queue.
   */
  async removeDocumentRecord(id: string, moveFiles: () => Promise<void>): Promise<DocumentRecord> {
    const record = this.document(id)
    this.assertWritable()
    await this.annotationFiles.queueFor(id).run(async () => {
      await this.updateWorkspace((data) => ({ ...data, documents: data.documents.filter((doc) => doc.id !== id) }))
      this.annotationFiles.forget(id)
      for (const listener of this.annotationFileListeners) await listener(id, null)
      this.textCache.delete(id)
      this.missingDocuments.delete(id)
      await moveFiles()
    })
    return record
  }

  /** Puts a document record back (its files are in place again), at its former position when given. */
  async addDocumentRecord(record: DocumentRecord, index = Infinity): Promise<DocumentRecord> {
    await this.updateWorkspace((data) => {
      if (data.documents.some((doc) => doc.id === record.id)) throw new AppError('DOCUMENT_EXISTS', { id: record.id })
      const documents = [...data.documents]
      documents.splice(Math.min(index, documents.length), 0, record)
      return { ...data, documents }
    })
    return record
  }
}
