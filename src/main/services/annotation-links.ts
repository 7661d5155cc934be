// An annotation's links both ways (annotations.links), for the reader's attributes panel, which
// asks again after every edit. It used to read every annotation of the workspace into memory (and
// keep them) to find the few that link to one annotation. Now the links pointing at it are found
// from what the workspace's counts note of each document (own-counts.ts: the ids its links point
// to), and only the documents named are read; a link's target is looked up in the document the
// link names (a link records its target's document when it is made, and an annotation never
// changes document).
import { AppError } from './app-error'
import { ownCounts } from './own-counts'
import type { AnnotationLinks, WorkspaceStore } from './workspace-store'

export async function annotationLinks(store: WorkspaceStore, documentId: string, id: string): Promise<AnnotationLinks> {
  const annotation = (await store.annotations(documentId)).find((candidate) => candidate.id === id)
  if (!annotation) throw new AppError('ANNOTATION_NOT_FOUND', { id })
  const known = new Set(store.documents.map((doc) => doc.id))
  const outgoing: AnnotationLinks['outgoing'] = []
  for (const link of annotation.links) {
    const annotations = known.has(link.documentId) ? await store.annotations(link.documentId).catch(() => []) : []
    outgoing.push({ link, target: annotations.find((candidate) => candidate.id === link.annotationId) ?? null })
  }
  const incoming: AnnotationLinks['incoming'] = []
  for (const linkingId of await ownCounts(store).documentsLinkingTo(id)) {
    for (const from of await store.annotations(linkingId).catch(() => [])) {
      for (const link of from.links) if (link.annotationId === id) incoming.push({ link, from })
    }
  }
  return { outgoing, incoming }
}
