// Annotation counts that follow every edit, accept and undo. Main counts a document's annotations
// when the library is listed; once the renderer holds a document's annotations (the reader loaded
// them), its annotation store is the newer truth, so counts are taken from there: one mechanism,
// the same store that paints the highlights, and no request per edit.
import { useMemo } from 'react'
import type { DocumentSummary } from '../../../shared/api'
import { annotationStore, useAnnotationVersion } from './annotation-store'

export function acceptedCount(documentId: string): number | null {
  if (!annotationStore.isLoaded(documentId)) return null
  let count = 0
  for (const annotation of annotationStore.annotationsOf(documentId)) if (annotation.status === 'accepted') count++
  return count
}

/** The documents with the counts of those the renderer holds replaced by the live ones. */
export function useLiveDocuments(documents: DocumentSummary[]): DocumentSummary[] {
  const version = useAnnotationVersion()
  return useMemo(() => {
    void version
    return documents.map((doc) => {
      const live = acceptedCount(doc.id)
      return live === null || live === doc.annotationCount ? doc : { ...doc, annotationCount: live }
    })
  }, [documents, version])
}
