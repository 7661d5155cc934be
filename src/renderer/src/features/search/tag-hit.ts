// Tagging a search hit straight from the results, with the same prefilled attributes the
// reader gives a selection (one extraction engine: src/shared/extract).
import type { DocumentWithText, WorkspaceSearchHit } from '../../../../shared/api'
import type { Indicator, Label } from '../../../../shared/model'
import { extractAttributes } from '../../../../shared/extract'
import { call } from '../../bridge'
import { annotationStore } from '../../state/annotation-store'

export class HitTagger {
  /** Texts never change, so one fetch per document serves every hit in it. */
  private readonly documents = new Map<string, Promise<DocumentWithText>>()

  private document(id: string): Promise<DocumentWithText> {
    let pending = this.documents.get(id)
    if (!pending) {
      pending = call('documents.get', { id })
      pending.catch(() => this.documents.delete(id))
      this.documents.set(id, pending)
    }
    return pending
  }

  async tag(hit: WorkspaceSearchHit, label: Label, indicators: readonly Indicator[]): Promise<void> {
    const id = hit.documentId
    // The store shows an edit only in a document whose annotations it holds.
    const [{ document, text }] = await Promise.all([this.document(id), annotationStore.isLoaded(id) ? null : annotationStore.load(id)])
    const attributes = extractAttributes({ text, start: hit.start, end: hit.end, label: label.key, document: document.meta, indicators })
    await annotationStore.create(text, { documentId: id, start: hit.start, end: hit.end, label: label.key, attributes }).saved
  }
}
