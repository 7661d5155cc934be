// Imported annotation sources, teammates' layers and the curated source, kept apart from the
// workspace's own annotations (durable writes with backups like every store file), so an import
// never touches the analyst's annotations; only adjudication writes the curated one. Imports and
// layers are kept one file per document beside a header (source-layer.ts), so the views read them
// through the same indexes as the workspace's own; the curated set stays one file
// (sources/curated.json), since each decision and the annotations it made are one durable write.
// An import written by an earlier version (one file with its annotations) is read whole as before
// and kept per document from its replacement on: splitting it when a view reads it would make a
// reading view write, and a read-only workspace could not.
import { randomUUID } from 'node:crypto'
import { mkdir, readFile, readdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Annotation } from '../../shared/model'
import { CURATED_SOURCE_ID, WORKSPACE_SOURCE_ID, type SourceSummary } from '../../shared/review'
import { AppError } from './app-error'
import { isErrorCode, keepCurrentVersion, writeFileDurably } from './durable-file'
import { CorruptFileError, DurableJsonFile, SerialQueue, parseJsonFile } from './json-store-file'
import { BACKUPS_DIR, type StoreNotice, type WorkspaceStore } from './workspace-store'
import { ownCounts } from './own-counts'
import { backupTime, fileStamp, newestGoodBackup } from './workspace-recovery'
import { SOURCE_INDEX_SUFFIX, readSourceIndex, removeSourceIndex, writeSourceIndex } from './source-index'
import { LAYER_FOLDER_SUFFIX, SourceLayer, changedDocument, layerFileName, type LayerDocumentChange } from './source-layer'
import { LayerIndexes } from './source-layer-index'
import { SOURCE_FILE_SCHEMA_VERSION, SourceFileSchema, byDocument, summary, type SourceFile } from './source-file'

export { SOURCE_FILE_SCHEMA_VERSION, SourceFileSchema, type SourceFile } from './source-file'

export const SOURCES_DIR = 'sources'

/** The workspace's own source is what the analyst accepted; suggestions and rejections are not theirs. */
const accepted = (annotations: readonly Annotation[]): Annotation[] => annotations.filter((annotation) => annotation.status === 'accepted')

const isLayered = (file: SourceFile | undefined): boolean => file?.layout === 'per-document'

/** A per-document source read whole (by a view that needs all of it), kept true by each change. */
interface LoadedLayer {
  documents: Map<string, readonly Annotation[]>
  all: readonly Annotation[] | null
}

export class SourceStore {
  /** Source files read so far; a source is read whole only when its annotations are needed. */
  private readonly files = new Map<string, SourceFile>()
  /** Every source's summary, from its index (source-index.ts) or from reading it. */
  private readonly summaries = new Map<string, SourceSummary>()
  private readonly reading = new Map<string, Promise<void>>()
  private readonly layers = new Map<string, LoadedLayer>()
  /** Each per-document source's figure summaries and table rows (source-layer-index.ts), made on first use. */
  private readonly indexes = new Map<string, LayerIndexes>()
  private loaded = false
  /** Set when curated.json is damaged beyond its backups: decisions are then refused, not started afresh over it. */
  private curatedDamaged: string | null = null
  private readonly queue = new SerialQueue()

  constructor(private readonly store: WorkspaceStore) {}

  private get dir(): string {
    return join(this.store.dir, SOURCES_DIR)
  }

  private adapter(id: string): DurableJsonFile<typeof SourceFileSchema> {
    return new DurableJsonFile(join(this.dir, `${id}.json`), SourceFileSchema, { backupDir: join(this.store.dir, BACKUPS_DIR) })
  }

  private async load(): Promise<void> {
    if (this.loaded) return
    let names: string[] = []
    try {
      names = await readdir(this.dir)
    } catch (error) {
      if (!isErrorCode(error, 'ENOENT')) throw error
    }
    for (const name of names.filter((entry) => entry.endsWith('.json') && !entry.endsWith(SOURCE_INDEX_SUFFIX)).sort()) {
      const id = name.slice(0, -5)
      const indexed = await readSourceIndex(this.dir, id)
      if (indexed) this.summaries.set(id, indexed)
      else await this.read(id)
    }
    this.loaded = true
  }

  /** Reads one source file whole (validated; restored from its versions when damaged), once. */
  private read(id: string): Promise<void> {
    let pending = this.reading.get(id)
    if (!pending) {
      pending = this.readNow(id).finally(() => this.reading.delete(id))
      this.reading.set(id, pending)
    }
    return pending
  }

  private async readNow(id: string): Promise<void> {
    const path = join(this.dir, `${id}.json`)
    try {
      const raw = await readFile(path, 'utf8')
      const file = parseJsonFile(path, raw, SourceFileSchema)
      // A per-document source's summary from its index (true: a change removes the index first) is not counted again.
      this.remember(file, isLayered(file) ? (this.summaries.get(id) ?? (await this.layerSummary(file))) : undefined)
      if (!this.store.readOnly) {
        // The version on disk is the one a later recovery must restore.
        await keepCurrentVersion(path, raw, join(this.store.dir, BACKUPS_DIR))
        await writeSourceIndex(this.dir, this.summaries.get(id)!)
      }
    } catch (error) {
      if (isErrorCode(error, 'ENOENT')) {
        this.summaries.delete(id)
        return
      }
      if (!(error instanceof CorruptFileError)) throw error
      this.summaries.delete(id)
      await this.recover(id)
    }
  }

  private remember(file: SourceFile, known?: SourceSummary): void {
    this.files.set(file.id, file)
    this.summaries.set(file.id, known ?? summary(file))
  }

  private layer(id: string): SourceLayer {
    return new SourceLayer(
      this.dir,
      id,
      {
        dir: this.store.dir,
        backupsDir: join(this.store.dir, BACKUPS_DIR),
        readOnly: this.store.readOnly,
        notify: (code, params) => this.notify(code as StoreNotice['code'], params),
      },
      this.indexesOf(id),
    )
  }

  private indexesOf(id: string): LayerIndexes {
    let indexes = this.indexes.get(id)
    if (!indexes) {
      indexes = new LayerIndexes({
        folder: join(this.dir, `${id}${LAYER_FOLDER_SUFFIX}`),
        readOnly: this.store.readOnly,
        fileName: (documentId) => layerFileName(id, documentId),
        // The summary's list: written after the documents' files, so it never names one not written yet.
        documentIds: () => this.summaries.get(id)?.documentIds ?? [],
        // In the queue every change of the layer runs in: no write slips in between reading a file and indexing it.
        withDocument: (documentId, use) => this.queue.run(async () => use(await this.layer(id).read(documentId))),
      })
      this.indexes.set(id, indexes)
    }
    return indexes
  }

  /**
   * The indexes of a source kept one file per document (an import or a teammate's layer), which
   * compare, the commitments view, the Annotations table and agreement read instead of its
   * annotations whole; null for a source kept in one file (the curated set, an earlier version's import).
   */
  async layerIndexes(id: string): Promise<LayerIndexes | null> {
    return isLayered(await this.get(id)) ? this.indexesOf(id) : null
  }

  /** Resolves once every layer's summaries and row files queued so far are written. */
  async indexesWritten(): Promise<void> {
    await Promise.all([...this.indexes.values()].map((indexes) => indexes.idle()))
  }

  /** A per-document source's summary counted from its files (when its index is missing or stale), one file at a time. */
  private async layerSummary(file: SourceFile): Promise<SourceSummary> {
    const layer = this.layer(file.id)
    let annotationCount = 0
    const documentIds: string[] = []
    for (const documentId of await layer.documentIds()) {
      const count = (await layer.read(documentId)).length
      annotationCount += count
      if (count > 0) documentIds.push(documentId)
    }
    return { ...summary(file), annotationCount, documentIds }
  }

  /**
   * A damaged source file, the way the store treats its own files: the newest backup that
   * validates takes its place and the damaged one is kept aside under a dated name, with a
   * notice. Without a backup an imported source is set aside (it can be imported again); the
   * curated file stays where it is and decisions are refused until the user moves it, since
   * starting an empty one would overwrite every earlier decision.
   */
  private async recover(id: string): Promise<void> {
    const path = join(this.dir, `${id}.json`)
    const file = `${SOURCES_DIR}/${id}.json`
    const good = await newestGoodBackup(path, join(this.store.dir, BACKUPS_DIR), SourceFileSchema)
    const restored: SourceFile | null = good?.data ?? null
    if (!restored && id === CURATED_SOURCE_ID) {
      this.curatedDamaged = file
      this.notify('CURATED_CORRUPT_NO_BACKUP', { file })
      return
    }
    let keptAs = `${id}.json`
    if (!this.store.readOnly) {
      keptAs = `${id}.json.corrupt-${fileStamp()}`
      await rename(path, join(this.dir, keptAs))
    }
    if (!restored) {
      this.notify('SOURCE_CORRUPT_NO_BACKUP', { file, keptAs: `${SOURCES_DIR}/${keptAs}` })
      return
    }
    if (!this.store.readOnly) await writeFileDurably(path, JSON.stringify(restored), { backupDir: join(this.store.dir, BACKUPS_DIR) })
    this.remember(restored, isLayered(restored) ? await this.layerSummary(restored) : undefined)
    if (!this.store.readOnly) await writeSourceIndex(this.dir, this.summaries.get(id)!)
    this.notify('RECOVERED_FROM_BACKUP', { file, keptAs: `${SOURCES_DIR}/${keptAs}`, backup: backupTime(good!.backup) })
  }

  private notify(code: StoreNotice['code'], params: StoreNotice['params']): void {
    // The store's own list, so the app shows these notices with the others.
    this.store.notices.push({ id: randomUUID(), code, params })
  }

  async list(): Promise<SourceSummary[]> {
    await this.load()
    const { annotationCount, documentIds } = await ownCounts(this.store).summary()
    const workspace: SourceSummary = {
      id: WORKSPACE_SOURCE_ID,
      name: this.workspaceSourceName(),
      kind: 'workspace',
      fileName: '',
      format: 'workspace',
      importedAt: '',
      annotationCount,
      documentIds,
    }
    return [workspace, ...this.summaries.values()]
  }

  /** What the workspace's own source is called: its annotator, or the workspace when nobody is named. */
  workspaceSourceName(): string {
    return this.store.settings.annotator || this.store.name
  }

  /** The source's file; a per-document source's carries no annotations (read them with annotations()). */
  /** The summaries of the imported and curated sources (not the workspace's own, which would read all its annotations). */
  async storedSummaries(): Promise<SourceSummary[]> {
    await this.load()
    return [...this.summaries.values()]
  }

  async get(id: string): Promise<SourceFile> {
    await this.load()
    if (!this.files.has(id) && this.summaries.has(id)) await this.read(id)
    const file = this.files.get(id)
    if (!file) throw new AppError('SOURCE_NOT_FOUND', { id })
    return file
  }

  async summary(id: string): Promise<SourceSummary> {
    const found = (await this.list()).find((source) => source.id === id)
    if (!found) throw new AppError('SOURCE_NOT_FOUND', { id })
    return found
  }

  /** The annotations of a source (the workspace's own for 'workspace'), optionally of one document. */
  async annotations(id: string, documentId?: string): Promise<readonly Annotation[]> {
    if (id === WORKSPACE_SOURCE_ID) {
      return accepted(documentId ? await this.store.annotations(documentId) : await this.store.allAnnotations())
    }
    const file = await this.get(id)
    if (isLayered(file)) {
      const loaded = this.layers.get(id)
      if (documentId) return loaded?.documents.get(documentId) ?? (loaded ? [] : await this.layer(id).read(documentId))
      return this.loadLayer(id)
    }
    return documentId ? file.annotations.filter((annotation) => annotation.documentId === documentId) : file.annotations
  }

  /** Every annotation of a per-document source, read once and then kept (as a source file is); in the queue, so no change lands half-read. */
  private loadLayer(id: string): Promise<readonly Annotation[]> {
    return this.queue.run(async () => {
      let loaded = this.layers.get(id)
      if (!loaded) {
        const layer = this.layer(id)
        loaded = { documents: new Map(), all: null }
        for (const documentId of await layer.documentIds()) loaded.documents.set(documentId, await layer.read(documentId))
        this.layers.set(id, loaded)
      }
      loaded.all ??= [...loaded.documents.values()].flat()
      return loaded.all
    })
  }

  /**
   * Which document of a per-document source holds each of these annotations (a deletion names
   * only the annotation): from the layer in memory, or its files one at a time.
   */
  async locate(id: string, annotationIds: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>()
    const file = await this.get(id).catch(() => null)
    if (!file || annotationIds.length === 0) return found
    const wanted = new Set(annotationIds)
    const look = (annotations: readonly Annotation[]) => {
      for (const annotation of annotations) if (wanted.has(annotation.id)) found.set(annotation.id, annotation.documentId)
    }
    if (!isLayered(file)) look(file.annotations)
    else if (this.layers.has(id)) for (const annotations of this.layers.get(id)!.documents.values()) look(annotations)
    else {
      const layer = this.layer(id)
      for (const documentId of await layer.documentIds()) {
        look(await layer.read(documentId))
        if (found.size === wanted.size) break
      }
    }
    return found
  }

  private async write(file: SourceFile, known?: SourceSummary): Promise<SourceFile> {
    if (this.store.readOnly) throw new AppError('WORKSPACE_READ_ONLY', { path: this.store.dir })
    const adapter = this.adapter(file.id)
    // Last guard: a file the next load would refuse as damaged is never written.
    const checked = SourceFileSchema.safeParse(file)
    if (!checked.success) {
      const issue = checked.error.issues[0]
      throw new AppError('WRITE_FAILED', { path: adapter.path, reason: `${issue.path.join('.')}: ${issue.message}` })
    }
    await mkdir(this.dir, { recursive: true })
    try {
      await adapter.write(file)
    } catch (error) {
      throw new AppError('WRITE_FAILED', { path: adapter.path, reason: (error as Error).message })
    }
    this.remember(file, known)
    await writeSourceIndex(this.dir, this.summaries.get(file.id)!).catch(() => undefined)
    return file
  }

  /**
   * Keeps an imported file as a new source, one file per document like a teammate's layer (the
   * same write as updateLayer): compare, the commitments view, the Annotations table and
   * agreement then read it through its indexes. A crash before the header is written leaves only
   * a folder of document files no header names, which nothing reads; the user's file is untouched
   * and can be imported again.
   */
  async addImported(input: Omit<SourceFile, 'schemaVersion' | 'id' | 'kind' | 'decisions'>): Promise<SourceFile> {
    await this.load()
    const id = randomUUID()
    return this.queue.run(() => this.writeImported(id, input))
  }

  /** Imported sources made from a file with these bytes (several when both were kept), oldest first. */
  async findByContent(contentSha256: string): Promise<SourceFile[]> {
    await this.load()
    // The summaries carry the hash, so only the matching sources are read whole.
    const matching = [...this.summaries.values()].filter((entry) => entry.kind === 'imported' && entry.contentSha256 === contentSha256)
    const files = await Promise.all(matching.map((entry) => this.get(entry.id)))
    return files.sort((a, b) => a.importedAt.localeCompare(b.importedAt))
  }

  /**
   * Puts a new import in the place of an imported source: same id, so views that chose it keep it.
   * Every document file of the old import is rewritten or removed (a document the new file no
   * longer has loses its file), then the header. A crash in the middle leaves the old header (the
   * same file's bytes: a replacement is offered only for the same content) over documents partly
   * of the new reading and partly of the old one, each file whole (every write is durable by
   * rename); the summary index, removed first, is counted again from the files, never trusted
   * stale; the user's imported file is untouched, so importing it again and replacing finishes the
   * job. An earlier version's one-file import becomes per-document here; a crash before its header
   * is rewritten leaves that header, still holding every old annotation, as what is read, and the
   * document files beside it are rewritten by the next replacement.
   */
  async replaceImported(id: string, input: Omit<SourceFile, 'schemaVersion' | 'id' | 'kind' | 'decisions'>): Promise<SourceFile> {
    const existing = await this.get(id)
    if (existing.kind !== 'imported') throw new AppError('SOURCE_NOT_FOUND', { id })
    return this.queue.run(() => this.writeImported(id, input))
  }

  /** An import's annotations, checked before anything is written, as the whole source: nothing of what the source held before stays. */
  private async writeImported(id: string, input: Omit<SourceFile, 'schemaVersion' | 'id' | 'kind' | 'decisions'>): Promise<SourceFile> {
    const header: SourceFile = { schemaVersion: SOURCE_FILE_SCHEMA_VERSION, id, kind: 'imported', decisions: [], ...input, annotations: [] }
    // Last guard, as for a one-file source: no document file the next read would refuse as damaged.
    const checked = SourceFileSchema.safeParse({ ...header, annotations: input.annotations })
    if (!checked.success) {
      const issue = checked.error.issues[0]
      throw new AppError('WRITE_FAILED', { path: join(this.dir, `${id}.json`), reason: `${issue.path.join('.')}: ${issue.message}` })
    }
    const documents = new Map<string, DocumentEdit>()
    for (const [documentId, annotations] of byDocument(input.annotations)) documents.set(documentId, () => annotations)
    await this.writeLayered(id, () => header, documents, new Map())
    return this.files.get(id)!
  }

  async remove(id: string): Promise<void> {
    if (this.store.readOnly) throw new AppError('WORKSPACE_READ_ONLY', { path: this.store.dir })
    // The curated source is every review decision made so far; the UI offers no way to delete it either.
    if (id === CURATED_SOURCE_ID) throw new AppError('SOURCE_DELETE_CURATED')
    await this.get(id)
    await this.queue.run(async () => {
      // Nothing of the layer's indexes may be written into its folder after it is gone.
      await this.indexes.get(id)?.idle()
      await rm(join(this.dir, `${id}.json`), { force: true })
      await removeSourceIndex(this.dir, id)
      await this.layer(id).remove()
      this.files.delete(id)
      this.summaries.delete(id)
      this.layers.delete(id)
      this.indexes.delete(id)
    })
  }

  /** Changes the curated source (made on first use), one change at a time. */
  async updateCurated(author: string, change: (file: SourceFile) => SourceFile): Promise<SourceFile> {
    await this.load()
    if (this.summaries.has(CURATED_SOURCE_ID)) await this.read(CURATED_SOURCE_ID)
    if (this.curatedDamaged) throw new AppError('CURATED_UNREADABLE', { file: this.curatedDamaged })
    return this.queue.run(async () => {
      const current = this.files.get(CURATED_SOURCE_ID) ?? {
        schemaVersion: SOURCE_FILE_SCHEMA_VERSION,
        id: CURATED_SOURCE_ID,
        name: author,
        kind: 'curated' as const,
        fileName: '',
        format: 'curated',
        importedAt: new Date().toISOString(),
        annotations: [],
        problems: [],
        decisions: [],
      }
      return this.write(change({ ...current, name: author || current.name }))
    })
  }

  /**
   * Adds or changes the per-document source `id` (a teammate's layer, from team sync): only the
   * documents named in `changes` are read and rewritten, each durably, then the header. The
   * summary index is taken away first and written last, so a crash in between leaves the
   * summary to be counted again from the files rather than a wrong one. A source still in one
   * file (written by an earlier version) is split into per-document files on its first change.
   */
  async updateLayer(id: string, header: (current: SourceFile | undefined) => SourceFile, changes: ReadonlyMap<string, LayerDocumentChange>): Promise<SourceSummary> {
    await this.load()
    if (!this.files.has(id) && this.summaries.has(id)) await this.read(id)
    return this.queue.run(() => {
      const current = this.files.get(id)
      const edits = new Map<string, DocumentEdit>()
      for (const [documentId, change] of changes) edits.set(documentId, (previous) => changedDocument(previous, change))
      // A source still in one file (an earlier version's) is rewritten whole from what it holds.
      return this.writeLayered(id, () => header(current), edits, current && !isLayered(current) ? byDocument(current.annotations) : null)
    })
  }

  /**
   * The one way a per-document source is written (in the queue): each edited document's file
   * durably, then the header (made only then). `whole`, when given, is everything the source is to be built on
   * (an import: nothing; a one-file source: its annotations by document): every document it
   * names or that has a file now is written, so no file of what the source was stays behind.
   * Otherwise only the edited documents are read and written. The summary index is taken away
   * first and written last, so a crash in between leaves the summary to be counted again from the
   * files rather than a wrong one.
   */
  private async writeLayered(id: string, header: () => SourceFile, edits: ReadonlyMap<string, DocumentEdit>, whole: ReadonlyMap<string, readonly Annotation[]> | null): Promise<SourceSummary> {
    if (this.store.readOnly) throw new AppError('WORKSPACE_READ_ONLY', { path: this.store.dir })
    const layer = this.layer(id)
    const before = this.files.has(id) ? this.summaries.get(id) : undefined
    let annotationCount = whole ? 0 : (before?.annotationCount ?? 0)
    const documentIds = new Set(whole ? [] : (before?.documentIds ?? []))
    const touched = new Set(edits.keys())
    if (whole) for (const documentId of [...whole.keys(), ...(await layer.documentIds())]) touched.add(documentId)
    await mkdir(this.dir, { recursive: true })
    await removeSourceIndex(this.dir, id)
    const loaded = this.layers.get(id)
    try {
      for (const documentId of touched) {
        const previous = whole ? (whole.get(documentId) ?? []) : (loaded?.documents.get(documentId) ?? (loaded ? [] : await layer.read(documentId)))
        const next = edits.get(documentId)?.(previous) ?? previous
        await layer.write(documentId, next)
        if (!whole) annotationCount -= previous.length
        annotationCount += next.length
        if (next.length > 0) documentIds.add(documentId)
        else documentIds.delete(documentId)
        if (loaded) {
          if (next.length > 0) loaded.documents.set(documentId, next)
          else loaded.documents.delete(documentId)
          loaded.all = null
        }
      }
    } catch (error) {
      // What is in memory may no longer be what is on disk: read again when next needed.
      this.layers.delete(id)
      throw new AppError('WRITE_FAILED', { path: layer.folder, reason: (error as Error).message })
    }
    const file: SourceFile = { ...header(), id, annotations: [], layout: 'per-document' }
    await this.write(file, { ...summary(file), annotationCount, documentIds: [...documentIds].sort() })
    return this.summaries.get(id)!
  }
}

/** What one document of a per-document source becomes, from what it holds now. */
type DocumentEdit = (previous: readonly Annotation[]) => readonly Annotation[]
