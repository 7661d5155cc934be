// The year a figure refers to. A year written before the figure wins (quantity.ts reads it, with
// its role: 到2020年 is a deadline, 比上年 a base); otherwise the document's type and the section
// decide: a government work report or a work summary states last year's results and this year's
// plans, so a result is the year before the document and a target or promise the document's year,
// except in a look back (工作回顾, 过去一年), where every figure is last year's.
import type { AnnotationAttributes, DocumentType } from '../model'
import type { SectionKind } from '../suggest/rules'

/** Documents whose bare figures refer to the year before (results) or the year itself (plans). */
export const retrospectiveTypes: ReadonlySet<DocumentType> = new Set(['work-summary-and-plan', 'government-work-report'])

export type YearRelation = 'earlier' | 'later' | 'deadline'

// 赤字率从去年的2.1%提高到2.3%: the figure a change arrives at is the plan's, not last year's.
const CHANGE_TO = /^(提高|增加|增长|降低|下降|上升|扩大|减少|降)[到至]/

/**
 * The year the text states for a figure, corrected for one case: in a plan, a figure a change
 * arrives at (提高到2.3%) after a year of the past (去年的2.1%) belongs to the plan's year.
 * `clause` is the folded text from the start of the figure's clause to the figure.
 */
export function statedYear(
  stated: AnnotationAttributes,
  where: { kind: SectionKind; clause: string; documentYear: number | null },
): AnnotationAttributes {
  const { documentYear } = where
  if (
    where.kind === 'plan' && documentYear !== null && stated.deadlineYear === undefined &&
    stated.periodYear !== undefined && stated.periodYear < documentYear && CHANGE_TO.test(where.clause)
  ) {
    return { ...stated, periodYear: documentYear }
  }
  return stated
}

/** How the stated year relates to the document's: the suggestion rules label figures by it. */
export function yearRelation(attributes: AnnotationAttributes, documentYear: number | null): YearRelation | undefined {
  if (attributes.deadlineYear !== undefined) return 'deadline'
  if (attributes.periodYear === undefined || documentYear === null) return undefined
  if (attributes.periodYear > documentYear) return 'later'
  if (attributes.periodYear < documentYear) return 'earlier'
  return undefined
}

/** The year a figure with no stated year refers to, from the document's type, the label and the section. */
export function impliedYear(where: {
  label: string
  kind: SectionKind
  docType: DocumentType
  documentYear: number | null
}): number | undefined {
  const { documentYear } = where
  if (documentYear === null || !retrospectiveTypes.has(where.docType)) return undefined
  if (where.label === 'achievement' || where.kind === 'review') return documentYear - 1
  return documentYear
}

/** The stated year, or the implied one when the text states none. */
export function withYear(
  stated: AnnotationAttributes,
  where: { label: string; kind: SectionKind; docType: DocumentType; documentYear: number | null },
): AnnotationAttributes {
  if (stated.periodYear !== undefined) return stated
  const year = impliedYear(where)
  return year === undefined ? stated : { ...stated, periodYear: year }
}
