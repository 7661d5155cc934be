// annotations.page (issue 13): the Annotations table's pages, answered from the row index for the
// workspace's own annotations and from the source's file for an imported source or the curated set.
import type { AnnotationTablePage } from '../../../shared/api'
import type { Annotation } from '../../../shared/model'
import { checkStoredSource, isWorkspaceSource } from '../source-views'
import type { SourceStore } from '../sources'
import type { WorkspaceStore } from '../workspace-store'
import { rowBlockOf, storedBlockOf, type RowBlock } from './row-block'
import { documentsByYear, workspaceRowIndex, type RowIndex } from './row-index'
import { AnnotationSearch } from './row-search'
import { TableOrders, rowsInBlockOrder, type TableContext, type TableDocument, type TableQuery } from './table-query'

/** How long a request waits for the first reading of the rows before it answers with its progress. */
const WAIT_FOR_BUILD_MS = 100

export class AnnotationTableService {
  readonly index: RowIndex
  /** The link picker's search, on the same rows (annotations.search). */
  readonly linkSearch: AnnotationSearch
  private readonly orders = new TableOrders()
  /** A source's rows, made once per version of its annotations (a source file is read whole anyway). */
  private readonly sourceBlocks = new WeakMap<readonly Annotation[], RowBlock[]>()

  constructor(
    readonly store: WorkspaceStore,
    private readonly sources: () => SourceStore,
  ) {
    this.index = workspaceRowIndex(store)
    this.linkSearch = new AnnotationSearch(store, this.index)
  }

  async page(query: TableQuery): Promise<AnnotationTablePage> {
    let blocks: readonly RowBlock[]
    let version: unknown[]
    let strings = this.index.strings
    if (isWorkspaceSource(query.source)) {
      const building = this.index.ensure()
      const ready = await Promise.race([building.then(() => true), new Promise<false>((done) => setTimeout(() => done(false), WAIT_FOR_BUILD_MS))])
      const progress = this.index.buildProgress()
      if (!ready && progress) return this.whileBuilding(query, progress)
      blocks = this.index.blocksInOrder()
      version = [this.index.generation]
    } else {
      await checkStoredSource(this.sources(), query.source!)
      // A source kept one file per document (a teammate's layer) has its own row index (source-layer-index.ts).
      const layered = await this.sources().layerIndexes(query.source!)
      if (layered) {
        // Read for the first time (no row files yet, or all stale): its progress, as for the workspace's, until it is.
        const progress = await this.readyOrProgress(layered.rows)
        if (progress) return { total: 0, unfiltered: 0, offset: query.offset, rows: [], building: progress }
        blocks = layered.rows.blocksInOrder()
        version = [layered.rows, layered.rows.generation]
        strings = layered.rows.strings
      } else {
        const annotations = await this.sources().annotations(query.source!)
        blocks = this.sourceBlocks.get(annotations) ?? this.blocksOfSource(annotations)
        version = [annotations]
      }
    }
    return this.orders.page(this.context(blocks, strings), query, [query.source ?? '', ...version, this.store.documents, this.store.indicators, this.store.labels, this.store.settings.locale])
  }

  /** Null once every document's rows are in memory; how far their first reading is when it takes longer than a moment (as for the workspace's, above). */
  private async readyOrProgress(index: RowIndex): Promise<{ done: number; total: number } | null> {
    const building = index.ensure()
    const ready = await Promise.race([building.then(() => true), new Promise<false>((done) => setTimeout(() => done(false), WAIT_FOR_BUILD_MS))])
    return ready ? null : index.buildProgress()
  }

  /**
   * While the index is first read: the default order of the whole table (documents by year, no
   * filter) is answered from the documents read so far, which are read in that order; any other
   * query waits for the whole index. `total` counts the rows read so far.
   */
  private whileBuilding(query: TableQuery, progress: { done: number; total: number }): AnnotationTablePage {
    const defaultOrder =
      query.documentId === undefined && !query.groupByIndicator && Object.keys(query.filters).length === 0 && (query.sort === undefined || (query.sort.column === 'documentYear' && !query.sort.desc))
    if (!defaultOrder) return { total: 0, unfiltered: 0, offset: query.offset, rows: [], building: progress }
    const blocks = this.index.prefixBlocks(documentsByYear(this.store.documents))
    const known = blocks.reduce((sum, block) => sum + block.count, 0)
    return { total: known, unfiltered: known, offset: query.offset, rows: rowsInBlockOrder(this.context(blocks), query.offset, query.limit), building: progress }
  }

  private context(blocks: readonly RowBlock[], strings = this.index.strings): TableContext {
    const documents = new Map<string, TableDocument>(this.store.documents.map((doc) => [doc.id, { title: doc.title, year: doc.meta.year, docType: doc.meta.docType }]))
    const { store } = this
    return {
      blocks,
      strings,
      documents,
      indicatorNames: new Map(store.indicators.map((indicator) => [indicator.key, indicator.name])),
      labelNames: new Map(store.labels.map((label) => [label.key, label.name[store.settings.locale]])),
      collator: new Intl.Collator(store.settings.locale === 'en' ? 'en' : 'zh-Hans-CN', { numeric: true }),
    }
  }

  private blocksOfSource(annotations: readonly Annotation[]): RowBlock[] {
    const byDocument = new Map<string, Annotation[]>()
    for (const annotation of annotations) {
      let list = byDocument.get(annotation.documentId)
      if (!list) byDocument.set(annotation.documentId, (list = []))
      list.push(annotation)
    }
    const blocks = [...byDocument].map(([documentId, list]) => rowBlockOf(documentId, storedBlockOf(list), this.index.strings))
    this.sourceBlocks.set(annotations, blocks)
    return blocks
  }

  /** Resolves once the row files queued so far are written. */
  idle(): Promise<void> {
    return this.index.idle()
  }
}
