// Proposed commitments on a government work report, grouped by section: such a report yields
// hundreds of sentence-sized promises that would bury its few dozen figures, so each section's
// proposed commitments are folded into one group (承诺 ×N) until the analyst expands it. Folded
// proposals are neither painted nor stepped through; figures are shown first. Pure and cheap:
// recomputed when annotations, the filter or the expanded set change, never per keystroke.
import { documentContext, headingsOf, type SectionHeading } from '../extract'
import type { Annotation, DocumentMeta } from '../model'

export interface ProposalGroup {
  /** Stable while the document is open: the offset of its heading (-1 before the first one). */
  key: string
  /** The section's heading, '' for the text before the first heading. */
  title: string
  /** Where the group stands in text order: its first member's start. */
  start: number
  members: Annotation[]
}

/** Only reports are folded: elsewhere a document's few promises are the point of reading it. */
export function groupsCommitments(meta: Pick<DocumentMeta, 'docType'>): boolean {
  return meta.docType === 'government-work-report'
}

function headingBefore(headings: readonly SectionHeading[], offset: number): SectionHeading | null {
  let lo = 0
  let hi = headings.length - 1
  let found: SectionHeading | null = null
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (headings[mid].start <= offset) {
      found = headings[mid]
      lo = mid + 1
    } else hi = mid - 1
  }
  return found
}

/** The groups of proposed commitments among `annotations` (already filtered by label and confidence). */
export function proposalGroups(text: string, meta: Pick<DocumentMeta, 'docType' | 'year'>, annotations: readonly Annotation[]): ProposalGroup[] {
  if (!groupsCommitments(meta)) return []
  const proposed = annotations.filter((annotation) => annotation.status === 'suggested' && annotation.label === 'commitment')
  if (proposed.length === 0) return []
  const headings = headingsOf(documentContext(text, meta.year))
  const groups = new Map<string, ProposalGroup>()
  for (const annotation of [...proposed].sort((a, b) => a.start - b.start)) {
    const heading = headingBefore(headings, annotation.start)
    const key = String(heading?.start ?? -1)
    let group = groups.get(key)
    if (!group) {
      group = { key, title: heading?.title ?? '', start: annotation.start, members: [] }
      groups.set(key, group)
    }
    group.members.push(annotation)
  }
  return [...groups.values()]
}

/** What the reader paints and steps through: everything but the members of folded groups. */
export function withoutFolded(annotations: readonly Annotation[], groups: readonly ProposalGroup[], expanded: ReadonlySet<string>): readonly Annotation[] {
  const folded = new Set<string>()
  for (const group of groups) if (!expanded.has(group.key)) for (const member of group.members) folded.add(member.id)
  if (folded.size === 0) return annotations
  return annotations.filter((annotation) => !folded.has(annotation.id))
}

export type Stop = { kind: 'annotation'; annotation: Annotation } | { kind: 'group'; group: ProposalGroup }

/** Tab's stops in text order: the annotations shown, and each folded group where it begins. */
export function stops(shown: readonly Annotation[], groups: readonly ProposalGroup[], expanded: ReadonlySet<string>): Stop[] {
  const all: Stop[] = shown.map((annotation) => ({ kind: 'annotation', annotation }))
  for (const group of groups) if (!expanded.has(group.key)) all.push({ kind: 'group', group })
  const at = (stop: Stop) => (stop.kind === 'annotation' ? stop.annotation.start : stop.group.start)
  const end = (stop: Stop) => (stop.kind === 'annotation' ? stop.annotation.end : stop.group.start)
  return all.sort((a, b) => at(a) - at(b) || end(a) - end(b))
}
