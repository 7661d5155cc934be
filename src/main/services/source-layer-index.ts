// The indexes of a source kept one file per document (a teammate's layer, source-layer.ts), so
// compare, the commitments view, the Annotations table and agreement read it as they read the
// workspace's own annotations (issue 13): the same figure summaries (figure-index.ts) and the same
// row files (annotation-rows/row-index.ts), by the same modules, in the layer's own folder —
// sources/<id>.layer/figures/<documentId>.summary and sources/<id>.layer/tables/<documentId>.rows,
// each naming the version of sources/<id>.layer/<id>-<documentId>.json it was made from. The
// layer's writes (SourceLayer.write, inside the source store's queue) keep them true; one missing,
// damaged or written for another version of its file is rebuilt from the file, read inside that
// queue, exactly like the workspace's. Removing the layer's folder removes them with it.
import { join } from 'node:path'
import type { FigureColumns } from '../../shared/figure-columns'
import type { Annotation } from '../../shared/model'
import { RowIndex, type AnnotationFolder } from './annotation-rows/row-index'
import { FigureIndex, type FigureSummary, type SummaryPart } from './figure-index'
import type { LayerWriteListener } from './source-layer'

/** Summaries read in this thread between two turns of the event loop (as the store reads its own). */
const SUMMARIES_PER_BATCH = 64

/** What the indexes need of the layer and of the source store that keeps it. */
export interface LayerFiles {
  /** sources/<id>.layer: the documents' files, and the indexes' folders beside them. */
  folder: string
  readOnly: boolean
  fileName(documentId: string): string
  /** The documents the layer holds, in the source's order (its summary's). */
  documentIds(): readonly string[]
  /** One document's annotations as its file holds them now, read inside the source store's queue. */
  withDocument<T>(documentId: string, use: (annotations: readonly Annotation[]) => Promise<T>): Promise<T>
}

type FileListener = (documentId: string, annotations: readonly Annotation[] | null) => Promise<void>

export class LayerIndexes implements LayerWriteListener {
  readonly figures: FigureIndex
  readonly rows: RowIndex
  private readonly listeners: FileListener[] = []
  /**
   * Set once compare has read the layer's figures: from then on each write updates them in memory
   * and queues their summary, as the workspace's saves do. Until then a write only drops what is
   * known of the document, leaving its summary stale on disk, to be rebuilt when first read (as
   * the row index does before the table is used): a first pull of a teammate's two million
   * annotations neither holds their figures nor waits for a summary written behind every file
   * (the sync bench at 200 documents, on a busy machine: 100 pulled edits showed after 2.1 s with
   * a summary written behind each document, 1.2–1.6 s without).
   */
  private figuresInUse = false

  constructor(private readonly files: LayerFiles) {
    this.figures = new FigureIndex(files.folder, files.folder, files.readOnly, {}, files.fileName)
    const folder: AnnotationFolder = {
      indexDir: files.folder,
      readOnly: files.readOnly,
      annotationPath: (documentId) => join(files.folder, files.fileName(documentId)),
      documentIds: () => files.documentIds(),
      readingOrder: () => files.documentIds(),
      has: (documentId) => this.holds(documentId),
      withAnnotationFile: (documentId, use) => files.withDocument(documentId, use),
      follow: (listener) => {
        this.listeners.push(listener)
      },
    }
    this.rows = new RowIndex(folder)
  }

  /** The layer's documents as a set, made again whenever its list is replaced (each change of the layer). */
  private held: { of: readonly string[]; ids: Set<string> } | null = null

  private holds(documentId: string): boolean {
    const list = this.files.documentIds()
    if (this.held?.of !== list) this.held = { of: list, ids: new Set(list) }
    return this.held.ids.has(documentId)
  }

  /** After the layer wrote a document's file, inside the source store's queue (none left: the file is gone). */
  async written(documentId: string, annotations: readonly Annotation[]): Promise<void> {
    const gone = annotations.length === 0
    try {
      if (gone || !this.figuresInUse) this.figures.forget(documentId)
      else await this.figures.saved(documentId, annotations)
    } catch {
      // Derived data: the file is durable already; a summary not made now is rebuilt when read.
      this.figures.forget(documentId)
    }
    for (const listener of this.listeners) await listener(documentId, gone ? null : annotations)
  }

  /** The figures compare reads, one array per document of the layer, in its order. */
  figureArrays(): Promise<FigureColumns[]> {
    this.figuresInUse = true
    return this.parts('figures')
  }

  /** The commitments and follow-up-linked annotations of every document, for the commitments view. */
  async linked(): Promise<Annotation[]> {
    return (await this.parts('linked')).flat()
  }

  /** One part of every document's summary: from its file when true to the document's file, else rebuilt from it. */
  private async parts<P extends SummaryPart>(part: P): Promise<Array<FigureSummary[P]>> {
    const ids = this.files.documentIds()
    const found = new Array<FigureSummary[P]>(ids.length)
    for (let at = 0; at < ids.length; at++) {
      let summary: FigureSummary[P] | null = null
      try {
        summary = this.figures.readNow(ids[at], part)
      } catch {
        // Rebuilt below.
      }
      found[at] = summary ?? (await this.rebuilt(ids[at], part))
      if (at % SUMMARIES_PER_BATCH === SUMMARIES_PER_BATCH - 1) await new Promise<void>((resume) => setImmediate(resume))
    }
    return found
  }

  private rebuilt<P extends SummaryPart>(documentId: string, part: P): Promise<FigureSummary[P]> {
    return this.files.withDocument(documentId, async (annotations) => (await this.figures.rebuild(documentId, annotations))[part])
  }

  /** Resolves once the summaries and row files queued so far are written. */
  async idle(): Promise<void> {
    await Promise.all([this.figures.idle(), this.rows.idle()])
  }
}
