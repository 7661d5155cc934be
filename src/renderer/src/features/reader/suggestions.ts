// Which proposals of the suggestion engine the reader shows, and in what order they are reviewed.
// Pure and cheap: recomputed when annotations or the filter change, never per keystroke.
import type { Annotation } from '../../../../shared/model'

export interface SuggestFilter {
  /** '' for every label. */
  label: string
  minConfidence: number
}

export const CONFIDENCE_STEPS = [0, 0.5, 0.7, 0.85] as const

/** Accepted annotations and the proposals that pass the filter; rejected ones are only remembered. */
export function visibleAnnotations(annotations: readonly Annotation[], filter: SuggestFilter): readonly Annotation[] {
  if (!annotations.some((annotation) => annotation.status !== 'accepted')) return annotations
  return annotations.filter((annotation) => {
    if (annotation.status === 'accepted') return true
    if (annotation.status === 'rejected') return false
    if (filter.label && annotation.label !== filter.label) return false
    return (annotation.suggestion?.confidence ?? 1) >= filter.minConfidence
  })
}

export function countByStatus(annotations: readonly Annotation[]): { accepted: number; suggested: number } {
  let accepted = 0
  let suggested = 0
  for (const annotation of annotations) {
    if (annotation.status === 'accepted') accepted++
    else if (annotation.status === 'suggested') suggested++
  }
  return { accepted, suggested }
}

/** The first proposal starting after `offset` (wrapping round), for moving on after a decision. */
export function nextProposal(annotations: readonly Annotation[], offset: number, exceptId: string): Annotation | null {
  let first: Annotation | null = null
  let after: Annotation | null = null
  for (const annotation of annotations) {
    if (annotation.status !== 'suggested' || annotation.id === exceptId) continue
    if (!first || annotation.start < first.start) first = annotation
    if (annotation.start >= offset && (!after || annotation.start < after.start)) after = annotation
  }
  return after ?? first
}

/** Proposals overlapping [start, end): what Shift+Enter accepts. */
export function proposalsIn(annotations: readonly Annotation[], start: number, end: number): Annotation[] {
  return annotations.filter((annotation) => annotation.status === 'suggested' && annotation.start < end && annotation.end > start)
}
