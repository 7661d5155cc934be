// The workspace on disk (DESIGN §4): workspace.json for metadata, documents/<id>.txt for the
// immutable texts, annotations/<id>.json (one lowdb file per document), backups/ for the
// versions each save replaced. Only this class writes there, one file queue at a time.
import { createHash, randomUUID } from 'node:crypto'
import { mkdir, readFile, readdir, rename, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
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
import { foldForMatching } from '../../shared/fold'
import { detectMetadata } from '../../shared/metadata'
import { starterCodebook } from '../../shared/starter-codebook'
import { AppError } from './app-error'
import {
  isErrorCode,
  listBackups,
  removeStaleTempFiles,
  writeFileDurably,
  type DurableWriteOptions,
} from './durable-file'
import { CorruptFileError, DurableJsonFile, SerialQueue, parseJsonFile } from './json-store-file'
import { acquireWorkspaceLock } from './workspace-lock'

export const WORKSPACE_FILE = 'workspace.json'
export const DOCUMENTS_DIR = 'documents'
export const ANNOTATIONS_DIR = 'annotations'
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
}

type LowFile<S extends z.ZodType> = Low<z.output<S>> & { adapter: DurableJsonFile<S> }

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

function stamp(): string {
  return new Date().toISOString().replace(/:/g, '-').replace('.', '-')
}

async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return false
    throw error
  }
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
  /** The annotation files already read, for answers that must not wait for the disk. */
  private readonly loadedAnnotationFiles = new Map<string, LowFile<typeof AnnotationFileSchema>>()
  private readonly annotationQueues = new Map<string, SerialQueue>()
  private readonly missingDocuments = new Set<string>()
  private readonly textCache = new Map<string, string>()
  private closed = false
  /** Annotations are replaced, never mutated, on change, so their folded text can be cached by identity. */
  private readonly foldedAnnotationText = new WeakMap<Annotation, string>()

  private constructor(
    readonly dir: string,
    readonly readOnly: boolean,
    private readonly releaseLock: () => Promise<void>,
    private readonly options: StoreOptions,
  ) {}

  // ---- opening and creating ------------------------------------------------------------

  static async isWorkspace(dir: string): Promise<boolean> {
    return pathExists(join(dir, WORKSPACE_FILE))
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
  static async using<T>(dir: string, task: (store: WorkspaceStore) => Promise<T>): Promise<T> {
    const store = await WorkspaceStore.open(dir)
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
    const hasWorkspaceFile = await WorkspaceStore.isWorkspace(dir)
    if (!hasWorkspaceFile && !(await pathExists(join(dir, DOCUMENTS_DIR)))) {
      throw new AppError('NOT_A_WORKSPACE', { path: dir })
    }
    const lock = await acquireWorkspaceLock(dir)
    const readOnly = lock.kind === 'read-only'
    const release = lock.kind === 'acquired' ? lock.release : async () => undefined
    const store = new WorkspaceStore(dir, readOnly, release, options)
    try {
      if (lock.kind === 'acquired' && lock.staleOwner) {
        store.notify('STALE_LOCK_REMOVED', { pid: lock.staleOwner.pid })
      }
      if (readOnly) store.notify('OPENED_READ_ONLY', {})
      else {
        await Promise.all(
          ['', DOCUMENTS_DIR, ANNOTATIONS_DIR].map((sub) => removeStaleTempFiles(join(dir, sub))),
        )
      }
      await store.loadWorkspaceFile()
      await store.findMissingDocumentFiles()
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

  private async loadWorkspaceFile(): Promise<void> {
    const path = join(this.dir, WORKSPACE_FILE)
    this.workspace = this.jsonFile(path, WorkspaceFileSchema, emptyWorkspaceFile(basename(this.dir)))
    let damaged = false
    try {
      const data = await this.workspace.adapter.read()
      if (data === null) damaged = true
      else this.workspace.data = data
    } catch (error) {
      if (!(error instanceof CorruptFileError)) {
        throw new AppError('FILE_UNREADABLE', { path, reason: (error as Error).message })
      }
      if (typeof error.schemaVersion === 'number' && error.schemaVersion > WORKSPACE_SCHEMA_VERSION) {
        throw new AppError('WORKSPACE_TOO_NEW', {
          found: error.schemaVersion,
          supported: WORKSPACE_SCHEMA_VERSION,
        })
      }
      damaged = true
    }
    if (!damaged) return
    const recovery = await this.recoverDamagedFile(path, WorkspaceFileSchema)
    if (recovery.restored) this.workspace.data = recovery.data
    else await this.rebuildWorkspaceFile(recovery.keptAs)
  }

  /**
   * Keeps a damaged (or vanished) file aside under a dated name and restores the newest
   * backup that validates. Without a usable backup the caller decides what to start from;
   * the damaged file stays where the notice says.
   */
  private async recoverDamagedFile<S extends z.ZodType>(
    path: string,
    schema: S,
  ): Promise<{ restored: true; data: z.output<S> } | { restored: false; keptAs: string }> {
    let keptAs = basename(path)
    if (!this.readOnly && (await pathExists(path))) {
      keptAs = `${basename(path)}.corrupt-${stamp()}`
      await rename(path, join(dirname(path), keptAs))
    }
    for (const backup of await listBackups(path, join(this.dir, BACKUPS_DIR))) {
      let data: z.output<S>
      try {
        data = parseJsonFile(backup, await readFile(backup, 'utf8'), schema)
      } catch {
        continue
      }
      if (!this.readOnly) await writeFileDurably(path, JSON.stringify(data))
      this.notify('RECOVERED_FROM_BACKUP', {
        file: basename(path),
        keptAs,
        backup: basename(backup, '.json').slice(0, 19).replace('T', ' '),
      })
      return { restored: true, data }
    }
    return { restored: false, keptAs }
  }

  /** Last resort for a lost workspace.json: every document text is still there, so list them again. */
  private async rebuildWorkspaceFile(keptAs: string): Promise<void> {
    const data = emptyWorkspaceFile(basename(this.dir))
    const folder = join(this.dir, DOCUMENTS_DIR)
    const names = (await readdir(folder).catch(() => [] as string[])).filter((name) =>
      /^[0-9a-f]{16}\.txt$/.test(name),
    )
    for (const name of names.sort()) {
      const text = await readFile(join(folder, name), 'utf8')
      data.documents.push(this.documentRecord({ fileName: name, text, format: 'txt', encoding: 'utf-8' }))
    }
    this.workspace.data = data
    if (!this.readOnly) await this.workspace.write()
    this.notify('WORKSPACE_REBUILT', { keptAs, count: names.length })
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
      await this.writeOrExplain(this.workspace.adapter.path, () => this.workspace.adapter.write(next))
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

  async text(id: string): Promise<string> {
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
    // Texts are immutable, so a small cache never goes stale; it only bounds memory.
    if (this.textCache.size >= 16) this.textCache.delete(this.textCache.keys().next().value as string)
    this.textCache.set(id, text)
    return text
  }

  // ---- annotations ----------------------------------------------------------------------

  private annotationFile(documentId: string): Promise<LowFile<typeof AnnotationFileSchema>> {
    let pending = this.annotationFiles.get(documentId)
    if (!pending) {
      pending = this.loadAnnotationFile(documentId)
      this.annotationFiles.set(documentId, pending)
      pending.then(
        (file) => this.loadedAnnotationFiles.set(documentId, file),
        () => this.annotationFiles.delete(documentId),
      )
    }
    return pending
  }

  private async loadAnnotationFile(documentId: string): Promise<LowFile<typeof AnnotationFileSchema>> {
    const path = join(this.dir, ANNOTATIONS_DIR, `${documentId}.json`)
    const empty: AnnotationFile = { schemaVersion: ANNOTATION_FILE_SCHEMA_VERSION, documentId, annotations: [] }
    const file = this.jsonFile(path, AnnotationFileSchema, empty)
    try {
      await file.read()
    } catch (error) {
      if (!(error instanceof CorruptFileError)) {
        throw new AppError('FILE_UNREADABLE', { path, reason: (error as Error).message })
      }
      const recovery = await this.recoverDamagedFile(path, AnnotationFileSchema)
      if (recovery.restored) file.data = recovery.data
      else this.notify('CORRUPT_NO_BACKUP', { file: `${ANNOTATIONS_DIR}/${basename(path)}`, keptAs: recovery.keptAs })
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
   * Reads every document's annotation file, a few at a time. Opening does not wait for this
   * (a large workspace holds tens of megabytes of annotations); views that need them all do.
   */
  async loadAllAnnotations(): Promise<void> {
    const ids = this.documents.map((doc) => doc.id)
    let next = 0
    const worker = async () => {
      while (next < ids.length && !this.closed) await this.annotationFile(ids[next++]).catch(() => undefined)
    }
    await Promise.all(Array.from({ length: Math.min(8, ids.length) }, worker))
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
      const file = await this.annotationFile(documentId)
      const text = await this.text(documentId)
      const { annotations, result } = change(file.data.annotations, text)
      const next: AnnotationFile = { ...file.data, annotations }
      await this.writeOrExplain(file.adapter.path, () => file.adapter.write(next))
      file.data = next
      return result
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

  /** Every annotation of the workspace (reads all annotation files first). */
  async allAnnotations(): Promise<Annotation[]> {
    await this.loadAllAnnotations()
    const all: Annotation[] = []
    for (const doc of this.documents) all.push(...(await this.annotations(doc.id)))
    return all
  }

  /** An annotation's links both ways: what it points to, and what points to it. */
  async annotationLinks(documentId: string, id: string): Promise<AnnotationLinks> {
    const annotation = (await this.annotations(documentId)).find((candidate) => candidate.id === id)
    if (!annotation) throw new AppError('ANNOTATION_NOT_FOUND', { id })
    const all = await this.allAnnotations()
    const byId = new Map(all.map((candidate) => [candidate.id, candidate]))
    return {
      outgoing: annotation.links.map((link) => ({ link, target: byId.get(link.annotationId) ?? null })),
      incoming: all.flatMap((from) => from.links.filter((link) => link.annotationId === id).map((link) => ({ link, from }))),
    }
  }

  /** Annotations whose quote, indicator or document title contains the query (script-folded). */
  async searchAnnotations(query: string, limit: number, excludeId?: string): Promise<Annotation[]> {
    const wanted = foldForMatching(query.trim())
    if (wanted === '') return []
    const titles = new Map(this.documents.map((doc) => [doc.id, doc.title]))
    const found: Annotation[] = []
    for (const annotation of await this.allAnnotations()) {
      if (annotation.id === excludeId) continue
      let folded = this.foldedAnnotationText.get(annotation)
      if (folded === undefined) {
        folded = foldForMatching(`${annotation.quote} ${annotation.attributes.indicator ?? ''} ${titles.get(annotation.documentId) ?? ''}`)
        this.foldedAnnotationText.set(annotation, folded)
      }
      if (folded.includes(wanted)) found.push(annotation)
      if (found.length >= limit) break
    }
    return found
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
}
