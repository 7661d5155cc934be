// Review (issue 6): the spans of several sources on one document are aligned into units (same
// label, overlapping spans, transitively), each agreed, differing or only in one source, and
// each settled by a decision that the curated source keeps.
import { z } from 'zod'
import { AnnotationAttributesSchema, type Annotation, type AnnotationAttributes } from './model'

/** The workspace's own annotations, as a review and agreement source. */
export const WORKSPACE_SOURCE_ID = 'workspace'
export const CURATED_SOURCE_ID = 'curated'

export type UnitStatus = 'agreed' | 'differing' | 'only-one'

export interface UnitMember {
  sourceId: string
  annotation: Annotation
}

export interface ReviewUnit {
  key: string
  label: string
  start: number
  end: number
  status: UnitStatus
  members: UnitMember[]
}

export const reviewActions = ['accept', 'merge', 'edit', 'reject'] as const
export type ReviewAction = (typeof reviewActions)[number]

export const DecidedSpanSchema = z
  .object({
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
    label: z.string().min(1).max(64),
    attributes: AnnotationAttributesSchema,
  })
  .strict()
export type DecidedSpan = z.infer<typeof DecidedSpanSchema>

export const ReviewDecisionSchema = z.object({
  unitKey: z.string().max(20_000),
  documentId: z.string(),
  action: z.enum(reviewActions),
  /** For accept: whose annotation was taken. */
  sourceId: z.string().optional(),
  /** Ids, in the curated source, of the annotations this decision produced (none for reject). */
  annotationIds: z.array(z.string()),
  author: z.string(),
  decidedAt: z.string(),
})
export type ReviewDecision = z.infer<typeof ReviewDecisionSchema>

const sameAttributes = (a: AnnotationAttributes, b: AnnotationAttributes) =>
  a.indicator === b.indicator && a.value === b.value && a.periodYear === b.periodYear

/**
 * Units of one document. `sources` lists the annotations of each source in display order; a
 * unit is agreed only when every source has exactly one span there, all with the same offsets
 * and the same indicator, value and period year.
 */
export function alignUnits(sources: ReadonlyArray<{ id: string; annotations: readonly Annotation[] }>): ReviewUnit[] {
  const members: UnitMember[] = sources.flatMap((source) =>
    source.annotations.filter((annotation) => annotation.status !== 'rejected').map((annotation) => ({ sourceId: source.id, annotation })),
  )
  const units: ReviewUnit[] = []
  const byLabel = new Map<string, UnitMember[]>()
  for (const member of members) {
    const list = byLabel.get(member.annotation.label) ?? []
    list.push(member)
    byLabel.set(member.annotation.label, list)
  }
  for (const [label, list] of byLabel) {
    // Sweep by start: a span joins the current unit while it begins before the unit ends.
    list.sort((a, b) => a.annotation.start - b.annotation.start || a.annotation.end - b.annotation.end)
    let current: UnitMember[] = []
    let end = -1
    const flush = () => {
      if (current.length === 0) return
      const order = (member: UnitMember) => sources.findIndex((source) => source.id === member.sourceId)
      current.sort((a, b) => order(a) - order(b) || a.annotation.start - b.annotation.start)
      units.push(makeUnit(label, current, sources.length))
      current = []
    }
    for (const member of list) {
      if (current.length > 0 && member.annotation.start >= end) flush()
      if (current.length === 0) end = member.annotation.end
      current.push(member)
      end = Math.max(end, member.annotation.end)
    }
    flush()
  }
  return units.sort((a, b) => a.start - b.start || a.end - b.end || a.label.localeCompare(b.label))
}

function makeUnit(label: string, members: UnitMember[], sourceCount: number): ReviewUnit {
  const sourceIds = new Set(members.map((member) => member.sourceId))
  const first = members[0].annotation
  const identical =
    sourceIds.size === sourceCount &&
    members.length === sourceCount &&
    members.every(
      ({ annotation }) => annotation.start === first.start && annotation.end === first.end && sameAttributes(annotation.attributes, first.attributes),
    )
  const status: UnitStatus = sourceIds.size === 1 && sourceCount > 1 ? 'only-one' : identical ? 'agreed' : 'differing'
  const key = `${label}|${members
    .map((member) => `${member.sourceId}/${member.annotation.id}`)
    .sort()
    .join(',')}`
  return {
    key,
    label,
    start: Math.min(...members.map((member) => member.annotation.start)),
    end: Math.max(...members.map((member) => member.annotation.end)),
    status,
    members,
  }
}

/** Merge: the smallest span covering every member; each attribute from the first source that set it. */
export function mergeUnit(unit: ReviewUnit): DecidedSpan {
  const attributes: AnnotationAttributes = {}
  for (const { annotation } of unit.members) {
    for (const [name, value] of Object.entries(annotation.attributes) as Array<[keyof AnnotationAttributes, unknown]>) {
      if (value !== undefined && attributes[name] === undefined) (attributes as Record<string, unknown>)[name] = value
    }
  }
  return { start: unit.start, end: unit.end, label: unit.label, attributes }
}

export interface ReviewProgress {
  settled: number
  total: number
}

export function reviewProgress(units: readonly ReviewUnit[], decisions: readonly ReviewDecision[]): ReviewProgress {
  const decided = new Set(decisions.map((decision) => decision.unitKey))
  return { settled: units.filter((unit) => decided.has(unit.key)).length, total: units.length }
}

export interface SourceSummary {
  id: string
  name: string
  kind: 'workspace' | 'imported' | 'curated'
  fileName: string
  format: string
  importedAt: string
  annotationCount: number
  documentIds: string[]
  /** sha256 of the imported file's bytes: how a second import of the same file is recognised. */
  contentSha256?: string
}

export interface ReviewState {
  documentId: string
  sources: SourceSummary[]
  units: ReviewUnit[]
  decisions: ReviewDecision[]
  /** The curated source's annotations on this document. */
  curated: Annotation[]
  progress: ReviewProgress
}
