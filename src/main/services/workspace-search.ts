// Search over every document of a workspace. Texts never change after import, so each one is
// folded once (prepareSearch) the first time a search needs it and kept in memory for the
// life of the store: later queries only scan the folded texts.
import type { WorkspaceSearchResult } from '../../shared/api'
import { prepareSearch, searchDocuments, type PreparedText } from '../../shared/folded-search'
import { AppError } from './app-error'
import type { WorkspaceStore } from './workspace-store'

/** Characters of context on each side of a hit: about a line of the results table. */
const CONTEXT = 30
/** Documents read and folded at a time on first use: the reads overlap, and IPC still gets turns. */
const PREPARE_CONCURRENCY = 8

export class WorkspaceSearch {
  private readonly prepared = new Map<string, Promise<PreparedText | null>>()

  constructor(private readonly store: WorkspaceStore) {}

  /** Null for a document whose file is missing or unreadable: the rest of the workspace is still searched. */
  private preparedText(id: string): Promise<PreparedText | null> {
    let pending = this.prepared.get(id)
    if (!pending) {
      pending = this.store.text(id).then(prepareSearch, (error: unknown) => {
        if (!(error instanceof AppError)) throw error
        // Not cached: the file may be put back.
        this.prepared.delete(id)
        return null
      })
      this.prepared.set(id, pending)
    }
    return pending
  }

  private async prepareAll(ids: readonly string[]): Promise<Array<PreparedText | null>> {
    const results = new Array<PreparedText | null>(ids.length)
    let next = 0
    const worker = async () => {
      while (next < ids.length) {
        const index = next++
        results[index] = await this.preparedText(ids[index])
      }
    }
    await Promise.all(Array.from({ length: Math.min(PREPARE_CONCURRENCY, ids.length) }, worker))
    return results
  }

  async search(query: string, offset: number, limit: number): Promise<WorkspaceSearchResult> {
    const wanted = query.trim()
    if (wanted === '') return { total: 0, hits: [] }
    const documents = this.store.documents
    const prepared = await this.prepareAll(documents.map((doc) => doc.id))
    const searchable = documents.flatMap((doc, i) => {
      const text = prepared[i]
      return text ? [{ id: doc, prepared: text }] : []
    })
    const { total, hits } = searchDocuments(searchable, wanted, { offset, limit, context: CONTEXT })
    return {
      total,
      hits: hits.map(({ documentId: doc, ...hit }) => ({
        documentId: doc.id,
        title: doc.title,
        year: doc.meta.year,
        docType: doc.meta.docType,
        script: doc.meta.script,
        ...hit,
      })),
    }
  }
}
