// What a save changed, as the outbox records it: local keys (a document's annotation, a document,
// a label, an indicator), not CouchDB ids, so the outbox needs no sync settings to record them
// and a change of user name between two syncs cannot mislabel a pending edit.
import type { Annotation, WorkspaceFile } from '../model'
import { canonicalJson } from './records'

export type LocalKey =
  | { kind: 'annotation'; documentId: string; id: string }
  | { kind: 'document'; documentId: string }
  | { kind: 'label'; key: string }
  | { kind: 'indicator'; key: string }

export function encodeLocalKey(key: LocalKey): string {
  switch (key.kind) {
    case 'annotation':
      return `a:${key.documentId}:${key.id}`
    case 'document':
      return `d:${key.documentId}`
    case 'label':
      return `l:${key.key}`
    case 'indicator':
      return `i:${key.key}`
  }
}

export function decodeLocalKey(encoded: string): LocalKey | null {
  const rest = encoded.slice(2)
  switch (encoded.slice(0, 2)) {
    case 'a:': {
      const colon = rest.indexOf(':')
      return colon > 0 && colon < rest.length - 1 ? { kind: 'annotation', documentId: rest.slice(0, colon), id: rest.slice(colon + 1) } : null
    }
    case 'd:':
      return rest ? { kind: 'document', documentId: rest } : null
    case 'l:':
      return rest ? { kind: 'label', key: rest } : null
    case 'i:':
      return rest ? { kind: 'indicator', key: rest } : null
    default:
      return null
  }
}

/**
 * The annotations a save of one document's file changed. The store replaces an annotation
 * object when it changes and never mutates one, so identity tells what changed without
 * comparing contents.
 */
export function annotationChanges(documentId: string, before: readonly Annotation[], after: readonly Annotation[]): string[] {
  const previous = new Map(before.map((annotation) => [annotation.id, annotation]))
  const changed: string[] = []
  for (const annotation of after) {
    if (previous.get(annotation.id) !== annotation) changed.push(encodeLocalKey({ kind: 'annotation', documentId, id: annotation.id }))
    previous.delete(annotation.id)
  }
  for (const id of previous.keys()) changed.push(encodeLocalKey({ kind: 'annotation', documentId, id }))
  return changed
}

function keyedChanges<T>(before: readonly T[], after: readonly T[], keyOf: (item: T) => string): string[] {
  const previous = new Map(before.map((item) => [keyOf(item), canonicalJson(item)]))
  const changed: string[] = []
  for (const item of after) {
    const key = keyOf(item)
    if (previous.get(key) !== canonicalJson(item)) changed.push(key)
    previous.delete(key)
  }
  return [...changed, ...previous.keys()]
}

/** The documents, labels and indicators a save of workspace.json changed (settings do not travel). */
export function workspaceChanges(before: WorkspaceFile, after: WorkspaceFile): string[] {
  return [
    ...keyedChanges(before.documents, after.documents, (doc) => doc.id).map((documentId) => encodeLocalKey({ kind: 'document', documentId })),
    ...keyedChanges(before.labels, after.labels, (label) => label.key).map((key) => encodeLocalKey({ kind: 'label', key })),
    ...keyedChanges(before.indicators, after.indicators, (indicator) => indicator.key).map((key) => encodeLocalKey({ kind: 'indicator', key })),
  ]
}
