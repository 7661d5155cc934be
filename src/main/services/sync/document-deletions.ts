// Deleting a document travels as deletions (issue 11): its record leaves the team's database as
// a tombstone, and so do the user's annotations on it, so no machine keeps a layer pointing at a
// text the team removed. Deleting keeps everything in the trash (document-trash.ts), and a restore
// marks the same records again, which sends them back.
import { encodeLocalKey } from '../../../shared/sync/changes'
import type { WorkspaceStore } from '../workspace-store'

/** Marks every annotation of the document in the outbox (when the workspace is in a team). */
export async function markDocumentAnnotations(store: WorkspaceStore, documentId: string): Promise<void> {
  if (!store.syncOutbox) return
  // An unreadable annotation file has nothing that could be sent either.
  const annotations = await store.annotations(documentId).catch(() => [])
  await store.syncOutbox.record(annotations.map((annotation) => encodeLocalKey({ kind: 'annotation', documentId, id: annotation.id })))
}
