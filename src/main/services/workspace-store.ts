// The workspace on disk (DESIGN §4): workspace.json for metadata, documents/<id>.txt for the
// immutable texts, annotations/<id>.json (one lowdb file per document), backups/ for the
// versions each save replaced. Only this class writes there, one file queue at a time.
import { createHash, randomUUID } from 'node:crypto'
import { mkdir, readFile, readdir, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { Low } from 'lowdb'
import type { z } from 'zod'
import {
  ANNOTATION_FILE_SCHEMA_VERSION,
  AnnotationFileSchema,
  WORKSPACE_SCHEMA_VERSION,
  WorkspaceFileSchema,
  builtInLabels,
  defaultSettings,
  type Annotation,
  type AnnotationAttributes,
  type AnnotationFile,
  type AnnotationLink,
  type DocumentMeta,
  type DocumentRecord,
  type Indicator,
  type Label,
  type Settings,
  type WorkspaceFile,
} from '../../shared/model'
import type { MessageParams, NoticeCode } from '../../shared/messages'
import { selectorFor } from '../../shared/anchoring'
import { detectMetadata } from '../../shared/metadata'
import { starterCodebook } from '../../shared/starter-codebook'
import { AppError } from './app-error'
import { isErrorCode, keepCurrentVersion, pathExists, writeFileDurably, type DurableWriteOptions } from './durable-file'
import { CorruptFileError, DurableJsonFile, SerialQueue, parseJsonFile } from './json-store-file'
import { FigureIndex, type FigureSummary, type SummaryPart } from './figure-index'
import { noFigures } from '../../shared/figure-columns'
import { acquireWorkspaceLock, type LockResult } from './workspace-lock'
import { findOrphans, recordsFromBackups, recoverFile, removeTempFilesEverywhere, titleList, type RecoveryContext } from './workspace-recovery'
import { annotationChanges, workspaceChanges } from '../../shared/sync/changes'
import { SyncOutbox } from './sync/outbox'
import { SharedStrings, shareAnnotationStrings } from './shared-strings'

export const WORKSPACE_FILE = 'workspace.json'
export const DOCUMENTS_DIR = 'documents'
export const ANNOTATIONS_DIR = 'annotations'
export const BACKUPS_DIR = 'backups'
/** Figure summaries read between two turns of the event loop: ~20 ms of reading and parsing at 200 annotations a document. */
const SUMMARIES_PER_BATCH = 64
/**
 * Summaries rebuilt from their annotation files at once. Two keep the disk and the parser busy; eight
 * held eight parsed files (and their text, too large for the young generation) in flight, and the
 * index of 10,000 documents peaked at 1.2 GB instead of 0.8 GB, no faster.
 */
const SUMMARY_REBUILDS_AT_ONCE = 2
/**
 * Annotation files kept in memory once used: the documents open in the reader and those edited
 * last. The others are read again when asked for (a few milliseconds each): a session that edits
 * every document of a 1,000-document workspace held all 200,000 annotations (250 MB) before.
 */
const ANNOTATION_FILES_KEPT = 16

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

/** Counts shown to users leave out proposals still to review and rejected ones. */
function countAccepted(annotations: readonly Annotation[]): number {
  let count = 0
  for (const annotation of annotations) if (annotation.status === 'accepted') count++
  return count
}

export interface NewAnnotation {
  id?: string
  documentId: string
  start: number
  end: number
  label: string
  attributes?: AnnotationAttributes
}

export interface AnnotationChange {
  label?: string
  start?: number
  end?: number
  attributes?: AnnotationAttributes
  links?: AnnotationLink[]
  status?: Annotation['status']
}

export interface AnnotationLinks {
  outgoing: Array<{ link: AnnotationLink; target: Annotation | null }>
  incoming: Array<{ link: AnnotationLink; from: Annotation }>
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

type LowFile<S extends z.ZodType> = Low<z.output<S>> & { adapter: DurableJsonFile<S> }

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
  private readonly annotationFiles = new Map<string, Promise<LowFile<typeof AnnotationFileSchema>>>()
  /** Documents whose file is to be let go once its queue reaches the release (see releaseLeastRecentFiles). */
  private readonly releasing = new Set<string>()
  /** The annotation files already read, for answers that must not wait for the disk. */
  private readonly loadedAnnotationFiles = new Map<string, LowFile<typeof AnnotationFileSchema>>()
  private readonly annotationQueues = new Map<string, SerialQueue>()
  private readonly missingDocuments = new Set<string>()
  private readonly textCache = new Map<string, string>()
  private closed = false
  /** Team sync's outbox (DESIGN §12) once the workspace is connected to a team database: each save marks its records there first. */
  syncOutbox: SyncOutbox | null = null
  /** What compare reads of each annotation file, kept beside it (see figure-index.ts). */
  private readonly figureIndex: FigureIndex
  private figuresReading: Promise<Array<FigureSummary['figures']>> | null = null
  /**
   * Told inside a document's write queue once its annotation file is saved (with its annotations)
   * or the document is removed (null), so indexes derived from the file follow it (issue 13's table rows).
   */
  readonly annotationFileListeners: Array<(documentId: string, annotations: readonly Annotation[] | null) => Promise<void>> = []
  /** Repeated values of the annotation files read, one string each (see shared-strings.ts). */
  private readonly sharedStrings = new SharedStrings()

  private constructor(
    readonly dir: string,
    readonly readOnly: boolean,
    private readonly releaseLock: () => Promise<void>,
    private readonly options: StoreOptions,
    /** Opened read-only on purpose, without the lock (see StoreOptions.withoutLock). */
    readonly withoutLock = false,
  ) {
    this.figureIndex = new FigureIndex(dir, join(dir, ANNOTATIONS_DIR), readOnly, options.writeOptions)
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
    await Promise.all([this.workspaceQueue.idle(), ...[...this.annotationQueues.values()].map((q) => q.idle())])
    await this.figureIndex.idle()
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

  /**
   * The document's file, read once and shared by everyone who asks meanwhile. `keep`: false when
   * only a save asks (see updateAnnotations), which lets it go itself and must not push out the
   * files views read.
   */
  private annotationFile(documentId: string, keep = true): Promise<LowFile<typeof AnnotationFileSchema>> {
    const pending = this.annotationFiles.get(documentId)
    if (pending) {
      // Used again: the most recent now (a Map keeps its keys in the order they were set).
      this.annotationFiles.delete(documentId)
      this.annotationFiles.set(documentId, pending)
      return pending
    }
    const loading = this.loadAnnotationFile(documentId)
    this.annotationFiles.set(documentId, loading)
    loading.then(
      (file) => {
        if (this.annotationFiles.get(documentId) === loading) this.loadedAnnotationFiles.set(documentId, file)
      },
      () => {
        if (this.annotationFiles.get(documentId) === loading) this.annotationFiles.delete(documentId)
      },
    )
    if (keep) this.releaseLeastRecentFiles()
    return loading
  }

  /** Whether the document's file is among those past the kept number, least recently used first. */
  private pastKeptFiles(documentId: string): boolean {
    let excess = this.annotationFiles.size - ANNOTATION_FILES_KEPT
    for (const id of this.annotationFiles.keys()) {
      if (excess-- <= 0) return false
      if (id === documentId) return true
    }
    return false
  }

  /**
   * Lets the least recently used files go, each inside its own write queue: a save under way
   * finishes first, and the next use reads the file as that save left it.
   */
  private releaseLeastRecentFiles(): void {
    let excess = this.annotationFiles.size - ANNOTATION_FILES_KEPT
    for (const documentId of this.annotationFiles.keys()) {
      if (excess-- <= 0) break
      if (this.releasing.has(documentId)) continue
      this.releasing.add(documentId)
      void this.queueFor(documentId).run(async () => {
        this.releasing.delete(documentId)
        // Used again meanwhile, it is among the most recent now and stays.
        if (!this.pastKeptFiles(documentId)) return
        this.annotationFiles.delete(documentId)
        this.loadedAnnotationFiles.delete(documentId)
      })
    }
  }

  private async loadAnnotationFile(documentId: string): Promise<LowFile<typeof AnnotationFileSchema>> {
    const path = join(this.dir, ANNOTATIONS_DIR, `${documentId}.json`)
    const empty: AnnotationFile = { schemaVersion: ANNOTATION_FILE_SCHEMA_VERSION, documentId, annotations: [] }
    const file = this.jsonFile(path, AnnotationFileSchema, empty)
    let raw: Buffer
    try {
      raw = await readFile(path)
    } catch (error) {
      if (!isErrorCode(error, 'ENOENT')) throw new AppError('FILE_UNREADABLE', { path, reason: (error as Error).message })
      // No file is the normal state of a document never annotated; a file that had versions was lost.
      const recovery = await recoverFile(this.recovery, path, AnnotationFileSchema)
      if (recovery.restored) file.data = recovery.data
      return file
    }
    try {
      file.data = parseJsonFile(path, raw, AnnotationFileSchema)
      shareAnnotationStrings(documentId, file.data.annotations, this.sharedStrings)
      if (!this.readOnly) await keepCurrentVersion(path, raw, join(this.dir, BACKUPS_DIR))
    } catch (error) {
      if (!(error instanceof CorruptFileError)) throw error
      const recovery = await recoverFile(this.recovery, path, AnnotationFileSchema)
      if (recovery.restored) file.data = recovery.data
      else this.notify('CORRUPT_NO_BACKUP', { file: `${ANNOTATIONS_DIR}/${basename(path)}`, keptAs: recovery.keptAs ?? basename(path) })
    }
    return file
  }

  async annotations(documentId: string): Promise<readonly Annotation[]> {
    this.document(documentId)
    return (await this.annotationFile(documentId)).data.annotations
  }

  async annotationCount(documentId: string): Promise<number> {
    return countAccepted((await this.annotationFile(documentId)).data.annotations)
  }

  /** The count when the document's annotations are already in memory, else null. */
  loadedAnnotationCount(documentId: string): number | null {
    const file = this.loadedAnnotationFiles.get(documentId)
    return file ? countAccepted(file.data.annotations) : null
  }

  /**
   * Every document's annotations, in the workspace's order, read a few files at a time, each inside
   * its write queue (no save slips in between) and not kept in memory (see ANNOTATION_FILES_KEPT):
   * the caller holds what it asked for, the store does not. Null for a file that cannot be read.
   * Opening does not wait for this; views that need every annotation do.
   */
  async annotationsOfEveryDocument(): Promise<Array<readonly Annotation[] | null>> {
    const ids = this.documents.map((doc) => doc.id)
    const arrays = new Array<readonly Annotation[] | null>(ids.length).fill(null)
    let next = 0
    const worker = async () => {
      while (next < ids.length && !this.closed) {
        const at = next++
        arrays[at] = await this.withAnnotationFile(ids[at], async (annotations) => annotations).catch(() => null)
      }
    }
    await Promise.all(Array.from({ length: Math.min(8, ids.length) }, worker))
    return arrays
  }

  private queueFor(documentId: string): SerialQueue {
    let queue = this.annotationQueues.get(documentId)
    if (!queue) {
      queue = new SerialQueue()
      this.annotationQueues.set(documentId, queue)
    }
    return queue
  }

  /** Applies a change to one document's annotation file; memory changes only once it is durable. */
  private async updateAnnotations<T>(
    documentId: string,
    change: (annotations: readonly Annotation[], text: string) => { annotations: Annotation[]; result: T },
  ): Promise<T> {
    this.assertWritable()
    this.document(documentId)
    return this.queueFor(documentId).run(async () => {
      // A save of a document no view has read (a batch over many documents, a sync, an import)
      // keeps neither its file nor its text after it: kept a while and then let go, each file
      // became garbage for the full collector, and 1,000 such saves set the store's peak memory.
      // The reader asked for the text (documents.get) or the annotations of a document it shows.
      const viewed = this.annotationFiles.has(documentId) || this.textCache.has(documentId)
      const pending = this.annotationFile(documentId, viewed)
      try {
        const file = await pending
        const text = await this.text(documentId, viewed)
        const { annotations, result } = change(file.data.annotations, text)
        const next: AnnotationFile = { ...file.data, annotations }
        await this.writeOrExplain(file.adapter.path, async () => {
          await this.syncOutbox?.record(annotationChanges(documentId, file.data.annotations, annotations))
          await file.adapter.write(next)
        })
        file.data = next
        await this.figureIndex.saved(documentId, annotations)
        for (const listener of this.annotationFileListeners) await listener(documentId, annotations)
        return result
      } finally {
        if (!viewed && this.annotationFiles.get(documentId) === pending) {
          this.annotationFiles.delete(documentId)
          this.loadedAnnotationFiles.delete(documentId)
        }
      }
    })
  }

  private anchor(text: string, start: number, end: number) {
    if (start < 0 || end > text.length || end <= start) {
      throw new AppError('SPAN_OUT_OF_RANGE', { start, end, length: text.length })
    }
    return selectorFor(text, start, end)
  }

  private assertLabel(label: string): void {
    if (!this.workspace.data.labels.some((known) => known.key === label)) {
      throw new AppError('UNKNOWN_LABEL', { label })
    }
  }

  async createAnnotation(input: NewAnnotation): Promise<Annotation> {
    this.assertLabel(input.label)
    return this.updateAnnotations(input.documentId, (annotations, text) => {
      const now = new Date().toISOString()
      if (input.id && annotations.some((existing) => existing.id === input.id)) {
        throw new AppError('INVALID_INPUT', { detail: `id ${input.id} exists` })
      }
      const annotation: Annotation = {
        id: input.id ?? randomUUID(),
        documentId: input.documentId,
        ...this.anchor(text, input.start, input.end),
        label: input.label,
        attributes: input.attributes ?? {},
        links: [],
        status: 'accepted',
        author: this.settings.annotator,
        createdAt: now,
        updatedAt: now,
      }
      return { annotations: [...annotations, annotation], result: annotation }
    })
  }

  /**
   * `change` may be a function of the annotation as it is on disk: a change built from an earlier
   * read (a status, a merged indicator) would overwrite an edit saved in between.
   */
  async updateAnnotation(documentId: string, id: string, change: AnnotationChange | ((current: Annotation) => AnnotationChange)): Promise<Annotation> {
    const [updated] = await this.updateAnnotationsWhere(documentId, (annotation) => annotation.id === id, typeof change === 'function' ? change : () => change)
    if (!updated) throw new AppError('ANNOTATION_NOT_FOUND', { id })
    return updated
  }

  /** Changes every annotation of a document that `pick` selects, in one write. */
  async updateAnnotationsWhere(documentId: string, pick: (annotation: Annotation) => boolean, change: (current: Annotation) => AnnotationChange): Promise<Annotation[]> {
    return this.updateAnnotations(documentId, (annotations, text) => {
      const updated: Annotation[] = []
      const now = new Date().toISOString()
      const next = annotations.map((current) => {
        if (!pick(current)) return current
        const edit = change(current)
        if (edit.label !== undefined) this.assertLabel(edit.label)
        const annotation: Annotation = {
          ...current,
          ...this.anchor(text, edit.start ?? current.start, edit.end ?? current.end),
          label: edit.label ?? current.label,
          attributes: edit.attributes ?? current.attributes,
          links: edit.links ?? current.links,
          status: edit.status ?? current.status,
          updatedAt: now,
        }
        updated.push(annotation)
        return annotation
      })
      return { annotations: next, result: updated }
    })
  }

  /**
   * Adds the suggestion engine's proposals for one document in a single write, as status
   * 'suggested'. `choose` picks them from the annotations as they are on disk, inside the file's
   * queue, so two runs at once cannot both add the same proposal.
   */
  async addSuggestions(
    documentId: string,
    choose: (known: readonly Annotation[]) => ReadonlyArray<Pick<Annotation, 'label' | 'start' | 'end' | 'attributes'> & { suggestion: NonNullable<Annotation['suggestion']> }>,
  ): Promise<Annotation[]> {
    return this.updateAnnotations(documentId, (annotations, text) => {
      const proposals = choose(annotations)
      for (const label of new Set(proposals.map((proposal) => proposal.label))) this.assertLabel(label)
      const now = new Date().toISOString()
      const added: Annotation[] = proposals.map((proposal) => ({
        id: randomUUID(),
        documentId,
        ...this.anchor(text, proposal.start, proposal.end),
        label: proposal.label,
        attributes: proposal.attributes,
        links: [],
        status: 'suggested',
        suggestion: proposal.suggestion,
        author: this.settings.annotator,
        createdAt: now,
        updatedAt: now,
      }))
      return { annotations: [...annotations, ...added], result: added }
    })
  }

  /**
   * Puts an annotation back exactly as it was (undo of a delete, redo of a create). Its text
   * anchor is taken from the document again, so a stale or forged quote cannot get in.
   */
  async restoreAnnotation(annotation: Annotation): Promise<Annotation> {
    this.assertLabel(annotation.label)
    return this.updateAnnotations(annotation.documentId, (annotations, text) => {
      const restored: Annotation = { ...annotation, ...this.anchor(text, annotation.start, annotation.end) }
      const exists = annotations.some((existing) => existing.id === annotation.id)
      return {
        annotations: exists
          ? annotations.map((existing) => (existing.id === annotation.id ? restored : existing))
          : [...annotations, restored],
        result: restored,
      }
    })
  }

  /**
   * Puts annotations (as they are, re-anchored from the text like a restore) and removes others
   * in one document, in one write: an adoption, and its undo, change each file once.
   */
  async applyAnnotationBatch(documentId: string, put: readonly Annotation[], removeIds: readonly string[]): Promise<Annotation[]> {
    for (const label of new Set(put.map((annotation) => annotation.label))) this.assertLabel(label)
    return this.updateAnnotations(documentId, (annotations, text) => {
      const placed = put.map((annotation) => {
        if (annotation.documentId !== documentId) throw new AppError('INVALID_INPUT', { detail: `annotation ${annotation.id} belongs to ${annotation.documentId}` })
        return { ...annotation, ...this.anchor(text, annotation.start, annotation.end) }
      })
      const replaced = new Set([...removeIds, ...placed.map((annotation) => annotation.id)])
      return { annotations: [...annotations.filter((annotation) => !replaced.has(annotation.id)), ...placed], result: placed }
    })
  }

  /**
   * One part of a document's figure summary: from figures/ when it matches the annotation file,
   * else rebuilt from the annotation file inside the document's queue (so no save can slip in
   * between). A rebuild does not keep the annotation file in memory: rebuilding 10,000 must not
   * hold them all.
   */
  async figureSummary<P extends SummaryPart>(documentId: string, part: P): Promise<FigureSummary[P]> {
    this.document(documentId)
    return this.listedFigureSummary(documentId, part)
  }

  private async listedFigureSummary<P extends SummaryPart>(documentId: string, part: P): Promise<FigureSummary[P]> {
    const fresh = await this.figureIndex.read(documentId, part)
    if (fresh) return fresh
    return this.queueFor(documentId).run(async () => {
      const file = await (this.annotationFiles.get(documentId) ?? this.loadAnnotationFile(documentId))
      return (await this.figureIndex.rebuild(documentId, file.data.annotations))[part]
    })
  }

  /** One part of every document's figure summary, in the workspace's order; an unreadable annotation file counts as empty. */
  async figureSummaries<P extends SummaryPart>(part: P): Promise<Array<FigureSummary[P]>> {
    if (part !== 'figures') return this.readFigureSummaries(part)
    // The warm-up at opening and the compare view's first request read the summaries once, together.
    this.figuresReading ??= this.readFigureSummaries('figures').finally(() => {
      this.figuresReading = null
    })
    return this.figuresReading as Promise<Array<FigureSummary[P]>>
  }

  private async readFigureSummaries<P extends SummaryPart>(part: P): Promise<Array<FigureSummary[P]>> {
    const ids = this.documents.map((doc) => doc.id)
    const parts = new Array<FigureSummary[P]>(ids.length)
    // Once the figures are known, asking again (every compare request) touches neither the disk nor the queues.
    const missing: number[] = []
    for (let at = 0; at < ids.length; at++) {
      const known = part === 'figures' ? this.figureIndex.knownFigures(ids[at]) : undefined
      if (known) parts[at] = known as FigureSummary[P]
      else missing.push(at)
    }
    // Summaries on disk and true are read a batch at a time in this thread (see FigureIndex.readNow),
    // other work let in between batches; the rest are rebuilt, SUMMARY_REBUILDS_AT_ONCE documents at a time.
    const rebuilt: number[] = []
    for (let from = 0; from < missing.length; from += SUMMARIES_PER_BATCH) {
      for (const at of missing.slice(from, from + SUMMARIES_PER_BATCH)) {
        let found: FigureSummary[P] | null = null
        try {
          found = this.figureIndex.readNow(ids[at], part)
        } catch {
          // Rebuilt below, which says what is wrong with the annotation file, if anything.
        }
        if (found) parts[at] = found
        else rebuilt.push(at)
      }
      if (from + SUMMARIES_PER_BATCH < missing.length) await new Promise<void>((resume) => setImmediate(resume))
    }
    let next = 0
    const worker = async () => {
      while (next < rebuilt.length) {
        const at = rebuilt[next++]
        parts[at] = await this.listedFigureSummary(ids[at], part).catch(() => (part === 'figures' ? noFigures(ids[at]) : []) as FigureSummary[P])
      }
    }
    await Promise.all(Array.from({ length: Math.min(SUMMARY_REBUILDS_AT_ONCE, rebuilt.length) }, worker))
    // A save during the reading left its figures in the index: they win over what was read before it.
    if (part === 'figures') for (let at = 0; at < ids.length; at++) parts[at] = (this.figureIndex.knownFigures(ids[at]) as FigureSummary[P] | undefined) ?? parts[at]
    return parts
  }

  /**
   * A document's annotations as its file holds them now, read inside its write queue (no save
   * slips in between) and not kept in memory: an index rebuilt from 10,000 files must not hold them.
   */
  async withAnnotationFile<T>(documentId: string, use: (annotations: readonly Annotation[]) => Promise<T>): Promise<T> {
    this.document(documentId)
    return this.queueFor(documentId).run(async () => {
      const file = await (this.annotationFiles.get(documentId) ?? this.loadAnnotationFile(documentId))
      return use(file.data.annotations)
    })
  }

  /** Every annotation of the workspace; an annotation file that cannot be read throws, as reading it alone would. */
  async allAnnotations(): Promise<Annotation[]> {
    // The same list the arrays were read for: workspace.json's data is replaced on change, never mutated.
    const documents = this.documents
    const arrays = await this.annotationsOfEveryDocument()
    const all: Annotation[] = []
    for (const [at, doc] of documents.entries()) all.push(...(arrays[at] ?? (await this.annotations(doc.id))))
    return all
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

  async deleteAnnotation(documentId: string, id: string): Promise<void> {
    return this.updateAnnotations(documentId, (annotations) => {
      if (!annotations.some((annotation) => annotation.id === id)) {
        throw new AppError('ANNOTATION_NOT_FOUND', { id })
      }
      return { annotations: annotations.filter((annotation) => annotation.id !== id), result: undefined }
    })
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
    await this.queueFor(id).run(async () => {
      await this.updateWorkspace((data) => ({ ...data, documents: data.documents.filter((doc) => doc.id !== id) }))
      this.annotationFiles.delete(id)
      this.loadedAnnotationFiles.delete(id)
      this.figureIndex.forget(id)
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
