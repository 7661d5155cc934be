// One extraction engine: the attributes of a span (indicator, value, valueMax, unit, comparator,
// periodYear, deadlineYear) from the span, its sentence, its section and the document's type and
// year. The reader's tagging, search's tag-from-row, the codebook's indicator suggestions and the
// suggestion engine all decide through these files, so a span gets the same attributes whichever
// way it was made. Pure: the document's context is computed from its text here.
import type { AnnotationAttributes, DocumentType, Indicator } from '../model'
import { suggestAttributes } from '../quantity'
import { documentContext, sentenceAt, type DocumentContext, type SentenceInContext } from './context'
import { figureForSpan, figuresOf } from './figure'
import { indicatorForFigure, indicatorForSpan } from './indicator'
import { statedYear, withYear } from './year'

export { documentContext, headingsOf, sentenceAt, type DocumentContext, type SectionHeading, type SentenceInContext } from './context'
export { clauseStartBefore, figuresOf, isBase, subjectStart, type SentenceFigure } from './figure'
export { indicatorForFigure, indicatorForSpan, indicatorNamedIn, isIncrement } from './indicator'
export { impliedYear, retrospectiveTypes, statedYear, withYear, yearRelation, type YearRelation } from './year'

export interface ExtractInput {
  /** The whole document text (offsets are UTF-16 code units into it). */
  text: string
  start: number
  end: number
  label: string
  document: { year: number | null; docType: DocumentType }
  indicators: readonly Indicator[]
}

export function extractAttributes(input: ExtractInput): AnnotationAttributes {
  const context = documentContext(input.text, input.document.year)
  const place = sentenceAt(context, input.start)
  return attributesIn(context, place, input.start, input.end, input.label, {
    docType: input.document.docType,
    indicators: input.indicators,
  })
}

/** The attributes of [start, end) in a document whose context is computed, `place` its sentence. */
export function attributesIn(
  context: DocumentContext,
  place: SentenceInContext | null,
  start: number,
  end: number,
  label: string,
  document: { docType: DocumentType; indicators: readonly Indicator[] },
): AnnotationAttributes {
  const { text, folded, year: documentYear } = context
  const { indicators } = document
  const where = { label, docType: document.docType, documentYear }
  if (!place) {
    // A heading or a line the segmenter left out: only what the span itself says.
    const attributes = withYear(suggestAttributes(text.slice(start, end), { documentYear }), { ...where, kind: 'other' })
    const indicator = indicatorForSpan(folded, start, end, indicators)
    return indicator ? { ...attributes, indicator: indicator.key } : attributes
  }
  const sentenceStart = place.sentence.start
  const found = figureForSpan(folded, figuresOf(context, place), start, end, sentenceStart)
  if (!found) {
    // No figure: the year the span or its sentence states (before the span), else the implied one.
    const sentence = text.slice(sentenceStart, Math.max(end, place.sentence.end))
    const stated = suggestAttributes(text.slice(start, end), { documentYear, context: sentence })
    const attributes = withYear(stated, { ...where, kind: place.kind })
    const indicator = indicatorForSpan(folded, start, end, indicators)
    return indicator ? { ...attributes, indicator: indicator.key } : attributes
  }
  const { figure, clauseStart, subjectStart } = found
  const stated = statedYear(figure.stated, { kind: place.kind, clause: folded.slice(clauseStart, figure.start), documentYear })
  const attributes = withYear(stated, { ...where, kind: place.kind })
  const indicator = indicatorForFigure(
    folded,
    { sentenceStart, clauseStart: Math.min(subjectStart, start), figureStart: figure.start, unit: figure.match.unit },
    indicators,
  )
  if (!indicator) return attributes
  return { ...attributes, indicator: indicator.key, ...(attributes.unit === undefined ? { unit: indicator.unit } : {}) }
}
