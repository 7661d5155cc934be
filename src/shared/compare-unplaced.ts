// What the compare matrix could not place, and why. A target without a year or with a unit that
// cannot be brought to its indicator's is otherwise simply absent from the matrix, and an analyst
// who tagged it reads the silence as "no target": every one is listed with its reason instead.
// Pure, and kept apart from compare.ts, which only hands over the figures it skipped.
import type { Annotation, DocumentType, Locale } from './model'

/**
 * What the compare engine reads of an annotation: a figure summary (main's figure index) holds
 * just these, so a workspace of millions of annotations is compared without its selectors.
 */
export type FigureAnnotation = Pick<Annotation, 'id' | 'documentId' | 'start' | 'quote' | 'label' | 'attributes' | 'status'>

/** Why a target or achievement is not in the matrix (or in it without a verdict). */
export const unplacedReasons = ['no-indicator', 'no-value', 'no-year', 'unit-mismatch'] as const
export type UnplacedReason = (typeof unplacedReasons)[number]

export interface UnplacedFigure {
  annotationId: string
  documentId: string
  /** UTF-16 offset in the document, for ordering and opening. */
  start: number
  label: string
  reason: UnplacedReason
  quote: string
  indicator: string | null
  value: number | null
  unit: string
  /** The indicator's unit, for a unit that could not be converted to it. */
  indicatorUnit: string | null
  periodYear: number | null
  documentTitle: string
  documentYear: number | null
  docType: DocumentType
}

/** The first field the matrix needs that an annotation lacks, or null when it has them all. */
export function missingField(annotation: FigureAnnotation): Exclude<UnplacedReason, 'unit-mismatch'> | null {
  const attributes = annotation.attributes
  if (attributes.indicator === undefined || attributes.indicator === '') return 'no-indicator'
  if (attributes.value === undefined) return 'no-value'
  if (attributes.periodYear === undefined && attributes.deadlineYear === undefined) return 'no-year'
  return null
}

interface SourceOfFigure {
  title: string
  year: number | null
  docType: DocumentType
}

export function unplacedFigure(
  annotation: FigureAnnotation,
  reason: UnplacedReason,
  source: SourceOfFigure | undefined,
  indicatorUnit: string | null = null,
): UnplacedFigure {
  const attributes = annotation.attributes
  return {
    annotationId: annotation.id,
    documentId: annotation.documentId,
    start: annotation.start,
    label: annotation.label,
    reason,
    quote: annotation.quote,
    indicator: attributes.indicator || null,
    value: attributes.value ?? null,
    unit: attributes.unit ?? '',
    indicatorUnit,
    periodYear: attributes.periodYear ?? attributes.deadlineYear ?? null,
    documentTitle: source?.title ?? annotation.documentId,
    documentYear: source?.year ?? null,
    docType: source?.docType ?? 'other',
  }
}

const REASON_ORDER: Record<UnplacedReason, number> = { 'no-year': 0, 'no-indicator': 1, 'no-value': 2, 'unit-mismatch': 3 }

// The order of String.prototype.localeCompare without arguments, made once: a workspace of
// millions of annotations can have hundreds of thousands of unplaced figures to sort.
const byTitle = new Intl.Collator()

/** Newest document first, then in the order of the text, so the list reads like the library. */
export function sortUnplaced(figures: UnplacedFigure[]): UnplacedFigure[] {
  return figures.sort(
    (a, b) =>
      (b.documentYear ?? -Infinity) - (a.documentYear ?? -Infinity) ||
      (a.documentTitle === b.documentTitle ? 0 : byTitle.compare(a.documentTitle, b.documentTitle)) ||
      a.start - b.start ||
      REASON_ORDER[a.reason] - REASON_ORDER[b.reason],
  )
}

const REASON_TEXT: Record<Locale, Record<UnplacedReason, string>> = {
  'zh-CN': {
    'no-indicator': '未设指标',
    'no-value': '没有数值',
    'no-year': '没有所指年份',
    'unit-mismatch': '单位无法换算为指标单位',
  },
  en: {
    'no-indicator': 'no indicator',
    'no-value': 'no value',
    'no-year': 'no year',
    'unit-mismatch': 'unit cannot be converted to the indicator’s',
  },
}

/** The reason in words, for the compare view and the command line alike. */
export function unplacedReasonText(figure: Pick<UnplacedFigure, 'reason' | 'unit' | 'indicatorUnit'>, locale: Locale): string {
  const text = REASON_TEXT[locale][figure.reason]
  return figure.reason === 'unit-mismatch' ? `${text} (${figure.unit} → ${figure.indicatorUnit ?? '?'})` : text
}
