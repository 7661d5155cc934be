// A teammate's layer (her accepted annotations, from `ann:<her>:*`) is a source like an imported
// file (DESIGN §12): named after her, kept in sources/ beside the workspace's own annotations,
// which it never touches. Review, agreement, compare and export read it like any source.
import type { Annotation } from '../../../shared/model'
import { hashKey } from '../../../shared/sync/records'
import { SOURCE_FILE_SCHEMA_VERSION, type SourceFile, type SourceStore } from '../sources'

/** One source per teammate, the same id on every sync (source ids are [a-z0-9-], user names are not). */
export const teamSourceId = (annotator: string) => `team-${hashKey(annotator)}`

export interface LayerChange {
  upserts: Annotation[]
  deletions: string[]
}

/** Applies one teammate's pulled changes to her source in one durable write. */
export async function applyTeammateLayer(sources: SourceStore, annotator: string, database: string, change: LayerChange): Promise<SourceFile> {
  return sources.putSource(teamSourceId(annotator), (current) => {
    const byId = new Map((current?.annotations ?? []).map((annotation) => [annotation.id, annotation]))
    for (const id of change.deletions) byId.delete(id)
    for (const annotation of change.upserts) byId.set(annotation.id, annotation)
    return {
      schemaVersion: SOURCE_FILE_SCHEMA_VERSION,
      id: teamSourceId(annotator),
      name: annotator,
      kind: 'imported',
      fileName: database,
      format: 'team-sync',
      importedAt: new Date().toISOString(),
      problems: current?.problems ?? [],
      decisions: current?.decisions ?? [],
      annotations: [...byId.values()],
    }
  })
}
