// How many accepted annotations each document of the workspace holds, for the library's counts,
// the source picker's "本工作区 (n)" and the documents it names. Counting used to read every annotation of the
// workspace into memory (2 million objects on a big corpus, only to count them); here each
// annotation file is counted once, without keeping it, and the count is kept true by the store's
// saves and removals (its annotation-file listeners run inside the file's write queue). The same
// reading notes which documents hold proposals or rejected annotations (the link search reads those
// whole) and what each document's links point to (the links pointing at an annotation).
import type { Annotation } from '../../shared/model'
import type { WorkspaceStore } from './workspace-store'

/** Files counted at once on a first listing: enough to keep the disk busy, few enough to stay small. */
const CONCURRENT_READS = 8

interface DocumentCounts {
  accepted: number
  /** Proposals still to review and rejected annotations, which the Annotations table's row index leaves out. */
  unaccepted: number
  /** The annotations the document's annotations link to, for the links pointing at an annotation (few: most link nowhere). */
  linkTargets: ReadonlySet<string> | null
}

function countsOf(annotations: readonly Annotation[]): DocumentCounts {
  let accepted = 0
  let linkTargets: Set<string> | null = null
  for (const annotation of annotations) {
    if (annotation.status === 'accepted') accepted++
    for (const link of annotation.links) (linkTargets ??= new Set()).add(link.annotationId)
  }
  return { accepted, unaccepted: annotations.length - accepted, linkTargets }
}

export class OwnCounts {
  private readonly byDocument = new Map<string, DocumentCounts>()

  constructor(private readonly store: WorkspaceStore) {
    store.annotationFileListeners.push(async (documentId, annotations) => {
      if (annotations) this.byDocument.set(documentId, countsOf(annotations))
      else this.byDocument.delete(documentId)
    })
  }

  /** The count when known without reading the document's file, else null. */
  known(documentId: string): number | null {
    return this.byDocument.get(documentId)?.accepted ?? this.store.loadedAnnotationCount(documentId)
  }

  private async countsFor(documentId: string): Promise<DocumentCounts> {
    const known = this.byDocument.get(documentId)
    if (known) return known
    // Set inside the file's queue: a save that follows cannot be overwritten by these older counts.
    return this.store.withAnnotationFile(documentId, async (annotations) => {
      if (!this.byDocument.has(documentId)) this.byDocument.set(documentId, countsOf(annotations))
      return this.byDocument.get(documentId)!
    })
  }

  private async count(documentId: string): Promise<number> {
    return this.known(documentId) ?? (await this.countsFor(documentId)).accepted
  }

  /** Whether the document holds proposals or rejected annotations (read once, then followed through its saves). */
  async holdsUnaccepted(documentId: string): Promise<boolean> {
    return (await this.countsFor(documentId)).unaccepted > 0
  }

  /** The documents (in the workspace's order) holding an annotation that links to `annotationId`. */
  async documentsLinkingTo(annotationId: string): Promise<string[]> {
    const ids = this.store.documents.map((document) => document.id)
    const linking = new Array<boolean>(ids.length).fill(false)
    let next = 0
    const worker = async () => {
      while (next < ids.length) {
        const at = next++
        linking[at] = (await this.countsFor(ids[at]).catch(() => null))?.linkTargets?.has(annotationId) ?? false
      }
    }
    await Promise.all(Array.from({ length: Math.min(CONCURRENT_READS, ids.length) }, worker))
    return ids.filter((_, at) => linking[at])
  }

  /** The workspace's accepted annotations: how many, and the documents that have any (in document order). */
  async summary(): Promise<{ annotationCount: number; documentIds: string[] }> {
    const ids = this.store.documents.map((document) => document.id)
    const counts = new Array<number>(ids.length).fill(0)
    let next = 0
    const worker = async () => {
      while (next < ids.length) {
        const at = next++
        counts[at] = await this.count(ids[at])
      }
    }
    await Promise.all(Array.from({ length: Math.min(CONCURRENT_READS, ids.length) }, worker))
    let annotationCount = 0
    const documentIds: string[] = []
    ids.forEach((id, at) => {
      annotationCount += counts[at]
      if (counts[at] > 0) documentIds.push(id)
    })
    return { annotationCount, documentIds }
  }
}

const countsByStore = new WeakMap<WorkspaceStore, OwnCounts>()

/** One counter per open store, however many services ask (each would otherwise add a listener). */
export function ownCounts(store: WorkspaceStore): OwnCounts {
  let counts = countsByStore.get(store)
  if (!counts) {
    counts = new OwnCounts(store)
    countsByStore.set(store, counts)
  }
  return counts
}
