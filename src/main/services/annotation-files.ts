// The annotation files of a workspace (DESIGN §4): annotations/<id>.json, one lowdb file per
// document, each written through its own queue; the files of the documents used last kept in
// memory; the figure summaries kept beside them. The workspace store owns one and delegates to it.
import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { Low } from 'lowdb'
import type { z } from 'zod'
import { ANNOTATION_FILE_SCHEMA_VERSION, AnnotationFileSchema, type Annotation, type AnnotationAttributes, type AnnotationFile, type AnnotationLink, type DocumentRecord } from '../../shared/model'
import type { MessageParams, NoticeCode } from '../../shared/messages'
import { selectorFor } from '../../shared/anchoring'
import { AppError } from './app-error'
import { isErrorCode, keepCurrentVersion, type DurableWriteOptions } from './durable-file'
import { CorruptFileError, SerialQueue, parseJsonFile, type DurableJsonFile } from './json-store-file'
import { FigureIndex, type FigureSummary, type SummaryPart } from './figure-index'
import { noFigures } from '../../shared/figure-columns'
import { recoverFile, type RecoveryContext } from './workspace-recovery'
import { annotationChanges } from '../../shared/sync/changes'
import type { SyncOutbox } from './sync/outbox'
import { SharedStrings, shareAnnotationStrings } from './shared-strings'

export const ANNOTATIONS_DIR = 'annotations'

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

/** Picks the proposals to add from the annotations on disk (see addSuggestions). */
export type SuggestionChooser = (
  known: readonly Annotation[],
) => ReadonlyArray<Pick<Annotation, 'label' | 'start' | 'end' | 'attributes'> & { suggestion: NonNullable<Annotation['suggestion']> }>

export type LowFile<S extends z.ZodType> = Low<z.output<S>> & { adapter: DurableJsonFile<S> }

export type AnnotationFileListener = (documentId: string, annotations: readonly Annotation[] | null) => Promise<void>

/** What the annotation files need of the workspace store that owns them. */
export interface AnnotationFilesHost {
  readonly dir: string
  readonly readOnly: boolean
  readonly writeOptions?: Pick<DurableWriteOptions, 'beforeRename'>
  /** The store's annotationFileListeners, told of every save and removal. */
  readonly listeners: readonly AnnotationFileListener[]
  jsonFile<S extends z.ZodType>(path: string, schema: S, fallback: z.output<S>): LowFile<S>
  recovery(): RecoveryContext
  notify(code: NoticeCode, params: MessageParams): void
  documents(): readonly DocumentRecord[]
  /** The document's record; throws DOCUMENT_NOT_FOUND for a document the workspace does not list. */
  document(id: string): DocumentRecord
  isClosed(): boolean
  text(id: string, keep: boolean): Promise<string>
  /** Whether the store keeps the document's text (a view asked for it). */
  textKept(id: string): boolean
  syncOutbox(): SyncOutbox | null
  writeOrExplain(path: string, write: () => Promise<void>): Promise<void>
  /** Throws when the workspace is read-only or closed. */
  assertWritable(): void
  /** Throws UNKNOWN_LABEL for a label the workspace does not define. */
  assertLabel(label: string): void
  /** Who new annotations are written by (the settings' annotator). */
  annotator(): string
}

/** Counts shown to users leave out proposals still to review and rejected ones. */
function countAccepted(annotations: readonly Annotation[]): number {
  let count = 0
  for (const annotation of annotations) if (annotation.status === 'accepted') count++
  return count
}

export class AnnotationFiles {
  private readonly annotationFiles = new Map<string, Promise<LowFile<typeof AnnotationFileSchema>>>()
  /** Documents whose file is to be let go once its queue reaches the release (see releaseLeastRecentFiles). */
  private readonly releasing = new Set<string>()
  /** The annotation files already read, for answers that must not wait for the disk. */
  private readonly loadedAnnotationFiles = new Map<string, LowFile<typeof AnnotationFileSchema>>()
  private readonly annotationQueues = new Map<string, SerialQueue>()
  /** What compare reads of each annotation file, kept beside it (see figure-index.ts). */
  private readonly figureIndex: FigureIndex
  private figuresReading: Promise<Array<FigureSummary['figures']>> | null = null
  /** Repeated values of the annotation files read, one string each (see shared-strings.ts). */
  private readonly sharedStrings = new SharedStrings()

  constructor(private readonly host: AnnotationFilesHost) {
    this.figureIndex = new FigureIndex(host.dir, join(host.dir, ANNOTATIONS_DIR), host.readOnly, host.writeOptions)
  }

  async queuesIdle(): Promise<void> {
    await Promise.all([...this.annotationQueues.values()].map((q) => q.idle()))
  }

  figuresIdle(): Promise<void> {
    return this.figureIndex.idle()
  }

  /** Forgets what is kept of a removed document (inside its queue, see WorkspaceStore.removeDocumentRecord). */
  forget(documentId: string): void {
    this.annotationFiles.delete(documentId)
    this.loadedAnnotationFiles.delete(documentId)
    this.figureIndex.forget(documentId)
  }

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
    const path = join(this.host.dir, ANNOTATIONS_DIR, `${documentId}.json`)
    const empty: AnnotationFile = { schemaVersion: ANNOTATION_FILE_SCHEMA_VERSION, documentId, annotations: [] }
    const file = this.host.jsonFile(path, AnnotationFileSchema, empty)
    let raw: Buffer
    try {
      raw = await readFile(path)
    } catch (error) {
      if (!isErrorCode(error, 'ENOENT')) throw new AppError('FILE_UNREADABLE', { path, reason: (error as Error).message })
      // No file is the normal state of a document never annotated; a file that had versions was lost.
      const recovery = await recoverFile(this.host.recovery(), path, AnnotationFileSchema)
      if (recovery.restored) file.data = recovery.data
      return file
    }
    try {
      file.data = parseJsonFile(path, raw, AnnotationFileSchema)
      shareAnnotationStrings(documentId, file.data.annotations, this.sharedStrings)
      if (!this.host.readOnly) await keepCurrentVersion(path, raw, this.host.recovery().backupsDir)
    } catch (error) {
      if (!(error instanceof CorruptFileError)) throw error
      const recovery = await recoverFile(this.host.recovery(), path, AnnotationFileSchema)
      if (recovery.restored) file.data = recovery.data
      else this.host.notify('CORRUPT_NO_BACKUP', { file: `${ANNOTATIONS_DIR}/${basename(path)}`, keptAs: recovery.keptAs ?? basename(path) })
    }
    return file
  }

  async annotations(documentId: string): Promise<readonly Annotation[]> {
    this.host.document(documentId)
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
    const ids = this.host.documents().map((doc) => doc.id)
    const arrays = new Array<readonly Annotation[] | null>(ids.length).fill(null)
    let next = 0
    const worker = async () => {
      while (next < ids.length && !this.host.isClosed()) {
        const at = next++
        arrays[at] = await this.withAnnotationFile(ids[at], async (annotations) => annotations).catch(() => null)
      }
    }
    await Promise.all(Array.from({ length: Math.min(8, ids.length) }, worker))
    return arrays
  }

  queueFor(documentId: string): SerialQueue {
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
    this.host.assertWritable()
    this.host.document(documentId)
    return this.queueFor(documentId).run(async () => {
      // A save of a document no view has read (a batch over many documents, a sync, an import)
      // keeps neither its file nor its text after it: kept a while and then let go, each file
      // became garbage for the full collector, and 1,000 such saves set the store's peak memory.
      // The reader asked for the text (documents.get) or the annotations of a document it shows.
      const viewed = this.annotationFiles.has(documentId) || this.host.textKept(documentId)
      const pending = this.annotationFile(documentId, viewed)
      try {
        const file = await pending
        const text = await this.host.text(documentId, viewed)
        const { annotations, result } = change(file.data.annotations, text)
        const next: AnnotationFile = { ...file.data, annotations }
        await this.host.writeOrExplain(file.adapter.path, async () => {
          await this.host.syncOutbox()?.record(annotationChanges(documentId, file.data.annotations, annotations))
          await file.adapter.write(next)
        })
        file.data = next
        await this.figureIndex.saved(documentId, annotations)
        for (const listener of this.host.listeners) await listener(documentId, annotations)
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


  async createAnnotation(input: NewAnnotation): Promise<Annotation> {
    this.host.assertLabel(input.label)
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
        author: this.host.annotator(),
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
        if (edit.label !== undefined) this.host.assertLabel(edit.label)
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
  async addSuggestions(documentId: string, choose: SuggestionChooser): Promise<Annotation[]> {
    return this.updateAnnotations(documentId, (annotations, text) => {
      const proposals = choose(annotations)
      for (const label of new Set(proposals.map((proposal) => proposal.label))) this.host.assertLabel(label)
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
        author: this.host.annotator(),
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
    this.host.assertLabel(annotation.label)
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
    for (const label of new Set(put.map((annotation) => annotation.label))) this.host.assertLabel(label)
    return this.updateAnnotations(documentId, (annotations, text) => {
      const placed = put.map((annotation) => {
        if (annotation.documentId !== documentId) throw new AppError('INVALID_INPUT', { detail: `annotation ${annotation.id} belongs to ${annotation.documentId}` })
        return { ...annotation, ...this.anchor(text, annotation.start, annotation.end) }
      })
      const replaced = new Set([...removeIds, ...placed.map((annotation) => annotation.id)])
      return { annotations: [...annotations.filter((annotation) => !replaced.has(annotation.id)), ...placed], result: placed }
    })
  }

  async deleteAnnotation(documentId: string, id: string): Promise<void> {
    return this.updateAnnotations(documentId, (annotations) => {
      if (!annotations.some((annotation) => annotation.id === id)) {
        throw new AppError('ANNOTATION_NOT_FOUND', { id })
      }
      return { annotations: annotations.filter((annotation) => annotation.id !== id), result: undefined }
    })
  }

  /**
   * One part of a document's figure summary: from figures/ when it matches the annotation file,
   * else rebuilt from the annotation file inside the document's queue (so no save can slip in
   * between). A rebuild does not keep the annotation file in memory: rebuilding 10,000 must not
   * hold them all.
   */
  async figureSummary<P extends SummaryPart>(documentId: string, part: P): Promise<FigureSummary[P]> {
    this.host.document(documentId)
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
    const ids = this.host.documents().map((doc) => doc.id)
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
    this.host.document(documentId)
    return this.queueFor(documentId).run(async () => {
      const file = await (this.annotationFiles.get(documentId) ?? this.loadAnnotationFile(documentId))
      return use(file.data.annotations)
    })
  }

  /** Every annotation of the workspace; an annotation file that cannot be read throws, as reading it alone would. */
  async allAnnotations(): Promise<Annotation[]> {
    // The same list the arrays were read for: workspace.json's data is replaced on change, never mutated.
    const documents = this.host.documents()
    const arrays = await this.annotationsOfEveryDocument()
    const all: Annotation[] = []
    for (const [at, doc] of documents.entries()) all.push(...(arrays[at] ?? (await this.annotations(doc.id))))
    return all
  }
}
