// The figures of a sentence with the year each one states, and which of them a span stands for.
// quantity.ts parses figures and years; this file decides how they are used: the paragraph before
// the sentence can give a year (except in a plan, whose paragraphs mix 去年 and 今年 from one
// sentence to the next), and a figure a change starts from (现行16%的税率降至13%, 从357亿元翻番至
// 719亿元) is the base, not what the span reports or promises.
import type { AnnotationAttributes } from '../model'
import { suggestEachFigure, type QuantityMatch } from '../quantity'
import { followingNounUnits } from '../suggest/rules'
import type { DocumentContext, SentenceInContext } from './context'

export interface SentenceFigure {
  /** Offsets in the document text. */
  start: number
  end: number
  match: QuantityMatch
  /** Value, unit, comparator and the year the text states for it. */
  stated: AnnotationAttributes
}

export function figuresOf(context: DocumentContext, place: SentenceInContext): SentenceFigure[] {
  const { text, year } = context
  const { sentence, paragraph } = place
  const quote = text.slice(sentence.start, sentence.end)
  let figures = suggestEachFigure(quote, { documentYear: year })
  if (figures.length === 0) return []
  // Parsed again only when needed: the paragraph's prefix grows with every sentence.
  if (place.kind !== 'plan' && figures.some((figure) => figure.attributes.periodYear === undefined)) {
    figures = suggestEachFigure(quote, { documentYear: year, context: text.slice(paragraph.start, sentence.end) })
  }
  return figures.map(({ match, attributes }) => {
    const end = sentence.start + match.end
    return { start: sentence.start + match.start, end, match, stated: attributes.unit ? attributes : withNounUnit(context.folded, end, attributes) }
  })
}

/** A figure with no unit written takes one from the noun right after it: 6600多万农村人口 counts 人. */
function withNounUnit(folded: string, end: number, attributes: AnnotationAttributes): AnnotationAttributes {
  const after = folded.slice(end, end + 6)
  const noun = followingNounUnits.find(([word]) => after.indexOf(word) >= 0 && after.indexOf(word) <= 2)
  return noun ? { ...attributes, unit: noun[1] } : attributes
}

const BASE_BEFORE = /(现行|原有|原来|原|从|由)[^，,；;。]*$/
const CHANGE_BETWEEN = /^[^，,；;。]*?[至到]/

/** A figure a change starts from: 现行16%的税率降至13%, 从2017年的357亿元翻番至…, X的基础上. */
export function isBase(folded: string, figures: readonly SentenceFigure[], index: number, clauseStart: number): boolean {
  const figure = figures[index]
  if (/^[^，,；;。]{0,10}的基础上/.test(folded.slice(figure.end, figure.end + 16))) return true
  const next = figures[index + 1]
  if (!next) return false
  return BASE_BEFORE.test(folded.slice(clauseStart, figure.start)) && CHANGE_BETWEEN.test(folded.slice(figure.end, next.start))
}

/** The figure a span stands for: the first one inside it that is not a base, else its first. */
export function figureForSpan(
  folded: string,
  figures: readonly SentenceFigure[],
  start: number,
  end: number,
  sentenceStart: number,
): { figure: SentenceFigure; clauseStart: number; subjectStart: number } | null {
  let first: { figure: SentenceFigure; clauseStart: number; subjectStart: number } | null = null
  for (const [index, figure] of figures.entries()) {
    if (figure.end <= start || figure.start >= end) continue
    const clauseStart = clauseStartBefore(folded, figure.start, sentenceStart)
    const found = {
      figure,
      clauseStart: afterPrevious(folded, figures, index, clauseStart),
      subjectStart: subjectStart(folded, figures, index, sentenceStart),
    }
    first ??= found
    if (!isBase(folded, figures, index, clauseStart)) return found
  }
  return first
}

/**
 * Where the words naming what a figure measures may start: its clause, but after the figure before
 * it (水泥2.3亿吨、平板玻璃2.1亿吨 name one thing each) unless that one is the base this figure
 * changes from (技术合同成交额从357亿元翻番至719亿元, 赤字率从去年的2.1%提高到2.3%: one subject).
 */
export function subjectStart(folded: string, figures: readonly SentenceFigure[], index: number, sentenceStart: number): number {
  const clauseStart = clauseStartBefore(folded, figures[index].start, sentenceStart)
  const previous = index - 1
  if (previous >= 0 && figures[previous].end > clauseStart) {
    const previousClause = clauseStartBefore(folded, figures[previous].start, sentenceStart)
    if (isBase(folded, figures, previous, previousClause)) return previousClause
  }
  return afterPrevious(folded, figures, index, clauseStart)
}

/** Right after the figure before it in the same clause (水泥2.3亿吨、平板玻璃…, 从去年的2.1%提高到…). */
function afterPrevious(folded: string, figures: readonly SentenceFigure[], index: number, clauseStart: number): number {
  const previous = figures[index - 1]
  let start = previous && previous.end > clauseStart ? previous.end : clauseStart
  while (start < figures[index].start && /[\s、，,：:；;。！？!?]/.test(folded[start])) start++
  return start
}

const CLAUSE_BREAK = /[，,：:；;。！？!?]/

/** The start of the clause holding `from`, never before `floor`, past leading spaces and quotes. */
export function clauseStartBefore(text: string, from: number, floor: number): number {
  let i = from
  while (i > floor && !CLAUSE_BREAK.test(text[i - 1])) i--
  while (i < from && /[\s“”"]/.test(text[i])) i++
  return i
}
