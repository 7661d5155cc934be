// A teammate's layer (her accepted annotations, from `ann:<her>:*`) is a source like an imported
// file (DESIGN §12): named after her, kept in sources/ beside the workspace's own annotations,
// which it never touches. Review, agreement, compare and export read it like any source. It is
// kept one file per document (source-layer.ts), so applying a batch writes only its documents.
import type { Annotation } from '../../../shared/model'
import { hashKey } from '../../../shared/sync/records'
import type { SourceSummary } from '../../../shared/review'
import type { LayerDocumentChange } from '../source-layer'
import { SOURCE_FILE_SCHEMA_VERSION, type SourceStore } from '../sources'

/** One source per teammate, the same id on every sync (source ids are [a-z0-9-], user names are not). */
export const teamSourceId = (annotator: string) => `team-${hashKey(annotator)}`

export interface LayerChange {
  upserts: Annotation[]
  /** Annotation ids: a tombstone names no document, so each is looked up in the layer. */
  deletions: string[]
}

/** Applies one teammate's pulled changes to her source, rewriting only the documents they touch. */
export async function applyTeammateLayer(sources: SourceStore, annotator: string, database: string, change: LayerChange): Promise<SourceSummary> {
  const id = teamSourceId(annotator)
  const byDocument = new Map<string, LayerDocumentChange>()
  const of = (documentId: string) => {
    let entry = byDocument.get(documentId)
    if (!entry) byDocument.set(documentId, (entry = { upserts: [], deletions: [] }))
    return entry
  }
  // An annotation never changes document, so a deletion goes where the layer holds it (nowhere: nothing to do).
  const where = await sources.locate(id, change.deletions)
  for (const annotationId of change.deletions) {
    const documentId = where.get(annotationId)
    if (documentId) of(documentId).deletions.push(annotationId)
  }
  for (const annotation of change.upserts) of(annotation.documentId).upserts.push(annotation)
  return sources.updateLayer(
    id,
    (current) => ({
      schemaVersion: SOURCE_FILE_SCHEMA_VERSION,
      id,
      name: annotator,
      kind: 'imported',
      fileName: database,
      format: 'team-sync',
      importedAt: new Date().toISOString(),
      problems: current?.problems ?? [],
      decisions: current?.decisions ?? [],
      annotations: [],
    }),
    byDocument,
  )
}
