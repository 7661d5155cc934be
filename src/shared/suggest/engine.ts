// Proposes targets, achievements and commitments for a document: pure and deterministic, so the
// reader, the CLI and the evaluation all see the same proposals for the same text. The decisions
// are the tables in rules.ts; this file only finds the sentences, figures and cues they talk about.
import {
  attributesIn,
  clauseStartBefore,
  documentContext,
  figuresOf,
  indicatorForFigure,
  statedYear,
  subjectStart,
  withYear,
  yearRelation,
  type DocumentContext,
  type SentenceInContext,
} from '../extract'
import type { AnnotationAttributes, DocumentType, Indicator } from '../model'
import type { QuantityMatch } from '../quantity'
import {
  commitmentRules,
  figureRules,
  lexicons,
  MIN_CONFIDENCE,
  notCommitment,
  promiseOpeners,
  promiseModals,
  framingOpeners,
  figureExclusions,
  modalYaoNotAfter,
  modalYaoNotBefore,
  promiseFrames,
  statementExclusions,
  type FigureRule,
  type SectionKind,
  type SuggestLabel,
} from './rules'

export interface SuggestInput {
  text: string
  documentYear: number | null
  docType: DocumentType
  indicators: readonly Indicator[]
}

export interface Proposal {
  label: SuggestLabel
  start: number
  end: number
  quote: string
  attributes: AnnotationAttributes
  confidence: number
  /** The id of the rule that made it (rules.ts), shown to the analyst as the reason. */
  rule: string
  section: SectionKind
}

const SUFFIX_CUES = ['以上', '以下', '以内', '之内', '左右', '上下']
const CLAUSE_BREAK = /[，,：:；;。！？!?]/
const COMPARISON_BASE = /[比较](去年|上年|上年同期)|同比/g

function hasAny(text: string, words: readonly string[]): boolean {
  for (const word of words) if (text.includes(word)) return true
  return false
}

type FigureCues = Record<NonNullable<FigureRule['when']['cue']>, boolean>

function ruleHolds(rule: FigureRule, year: FigureRule['when']['year'] | undefined, section: SectionKind, cues: FigureCues): boolean {
  const { when } = rule
  if (when.year !== undefined && when.year !== year) return false
  if (when.section !== undefined && !when.section.includes(section)) return false
  if (when.cue !== undefined && !cues[when.cue]) return false
  return true
}

/** Figures listed in figureExclusions, and figures inside a quotation (a slogan or a title). */
function excluded(folded: string, sentenceStart: number, start: number, end: number, match: QuantityMatch): boolean {
  const { raw, value, unit } = match
  if (!/\d/.test(raw) && value < figureExclusions.minChineseNumeral && !figureExclusions.smallNumeralUnits.includes(unit)) return true
  if (figureExclusions.followedBy.some((word) => folded.startsWith(word, end))) return true
  const open = folded.lastIndexOf('“', start)
  return open >= sentenceStart && folded.lastIndexOf('”', start) < open && folded.indexOf('”', end) >= 0
}

function figureProposals(context: DocumentContext, place: SentenceInContext, input: SuggestInput): Proposal[] {
  const { text, folded } = context
  const { sentence, kind } = place
  const figures = figuresOf(context, place)
  if (figures.length === 0) return []
  const foldedSentence = folded.slice(sentence.start, sentence.end)
  const past = hasAny(foldedSentence, lexicons.past.words)
  const target = hasAny(foldedSentence, lexicons.target.words)
  const proposals: Proposal[] = []
  let previousEnd = sentence.start
  for (const [index, figure] of figures.entries()) {
    const { match } = figure
    // A figure with no unit, written or implied by the noun after it, is a number, not a quantity.
    if (!figure.stated.unit) continue
    let attributes = { ...figure.stated }
    const figureStart = figure.start
    let figureEnd = figure.end
    if (excluded(folded, sentence.start, figureStart, figureEnd, match)) continue
    for (const cue of SUFFIX_CUES) if (folded.startsWith(cue, figureEnd)) figureEnd += cue.length
    let start = Math.max(previousEnd, clauseStartBefore(text, figureStart, sentence.start))
    // Right after the previous figure (水泥2.3亿吨、平板玻璃…) the clause starts past its separator.
    while (start < figureStart && (CLAUSE_BREAK.test(text[start]) || /[、\s]/.test(text[start]))) start++
    attributes = statedYear(attributes, { kind, clause: folded.slice(start, figureStart), documentYear: input.documentYear })
    const year = yearRelation(attributes, input.documentYear)
    const pastClause = hasAny(folded.slice(start, figureEnd).replace(COMPARISON_BASE, ''), lexicons.pastInPlan.words)
    const rule = figureRules.find((candidate) => ruleHolds(candidate, year, kind, { past, pastClause, target }))
    previousEnd = figureEnd
    if (!rule || rule.label === null || rule.label === 'commitment' || rule.confidence < MIN_CONFIDENCE) continue
    const filled = withYear(attributes, { label: rule.label, kind, docType: input.docType, documentYear: input.documentYear })
    const subject = Math.min(start, subjectStart(folded, figures, index, sentence.start))
    const indicator = indicatorForFigure(
      folded,
      { sentenceStart: sentence.start, clauseStart: subject, figureStart, unit: match.unit },
      input.indicators,
    )
    proposals.push({
      label: rule.label,
      start,
      end: figureEnd,
      quote: text.slice(start, figureEnd),
      attributes: indicator ? { ...filled, indicator: indicator.key } : filled,
      confidence: rule.confidence,
      rule: rule.id,
      section: kind,
    })
  }
  return proposals
}

// 推进农业现代化，改革是关键 / 新的一年是…之年: a copula in the first clause, no modal before it.
const COPULA_FIRST_CLAUSE = /^[^，,；;：:要将]{0,16}是(?!否)/
const MODAL_RE = new RegExp(
  promiseModals.words.map((word) => (word === '要' ? `(?<![${modalYaoNotAfter}])要(?![${modalYaoNotBefore}])` : word)).join('|'),
)
const SHORT_COPULA = /^[^要将]{0,16}是/
const OPENER_RE = /^[\s*]*(?:[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.、．](?!\d)|[一二三四五六七八九十]+[是、])?[\s*，,：:]*/

/** The sentence without the enumerators, subjects and modals that stand before its verb. */
function withoutOpeners(sentence: string): string {
  let rest = sentence.replace(OPENER_RE, '')
  for (let skipped = true; skipped; ) {
    skipped = false
    for (const opener of promiseOpeners.words) {
      if (rest.startsWith(opener)) {
        rest = rest.slice(opener.length).replace(OPENER_RE, '')
        skipped = true
      }
    }
  }
  return rest
}

/** Once its openers are skipped, the sentence starts with an action verb or a 以…为抓手 frame. */
function opensWithPromise(rest: string): boolean {
  if (rest.startsWith('以') && promiseFrames.words.some((frame) => rest.split(/[，,]/, 1)[0].includes(frame))) return true
  return lexicons.promise.words.some((verb) => rest.startsWith(verb))
}

function commitmentProposal(context: DocumentContext, place: SentenceInContext, input: SuggestInput, hasFigure: boolean): Proposal | null {
  const { text, folded } = context
  const { sentence, kind } = place
  const foldedSentence = folded.slice(sentence.start, sentence.end)
  if (hasAny(foldedSentence, notCommitment.words)) return null
  const bare = foldedSentence.replace(OPENER_RE, '')
  const rest = withoutOpeners(foldedSentence)
  const framing =
    framingOpeners.words.some((word) => bare.startsWith(word)) ||
    COPULA_FIRST_CLAUSE.test(bare) ||
    (bare.length <= 18 && SHORT_COPULA.test(bare))
  const cues = {
    nextStep: hasAny(foldedSentence, lexicons.nextStep.words),
    promise: !framing && (opensWithPromise(rest) || MODAL_RE.test(foldedSentence)),
    // Sentences with figures and no verb are target lists; 已 and 目标 report or discuss.
    statement: !framing && !hasFigure && !hasAny(foldedSentence, statementExclusions.words),
  }
  const rule = commitmentRules.find(
    (candidate) => cues[candidate.when.cue] && (candidate.when.section === undefined || candidate.when.section.includes(kind)),
  )
  if (!rule) return null
  let end = sentence.end
  while (end > sentence.start && /[。！？；!?;，,]/.test(text[end - 1])) end--
  if (end - sentence.start < 4) return null
  const quote = text.slice(sentence.start, end)
  const attributes = attributesIn(context, place, sentence.start, end, 'commitment', input)
  return { label: 'commitment', start: sentence.start, end, quote, attributes, confidence: rule.confidence, rule: rule.id, section: kind }
}

/** Every proposal for the text, in text order. */
export function suggest(input: SuggestInput): Proposal[] {
  const context = documentContext(input.text, input.documentYear)
  const proposals: Proposal[] = []
  for (const place of context.sentences) {
    const figures = figureProposals(context, place, input)
    proposals.push(...figures)
    // 主要预期目标是：…；…；… lists targets clause after clause; none of its items is a promise by default.
    const commitment = commitmentProposal(context, place, input, figures.length > 0 || place.inTargetList)
    if (commitment) proposals.push(commitment)
  }
  return proposals.sort((a, b) => a.start - b.start || a.end - b.end)
}

export interface KnownSpan {
  label: string
  start: number
  end: number
}

/**
 * Drops proposals that overlap an annotation of the same label, whatever its status: accepted
 * ones are already there, suggested ones already proposed, and rejected ones must not come back.
 */
export function withoutKnown(proposals: readonly Proposal[], known: readonly KnownSpan[]): Proposal[] {
  const byLabel = new Map<string, KnownSpan[]>()
  for (const span of known) byLabel.set(span.label, [...(byLabel.get(span.label) ?? []), span])
  return proposals.filter(
    (proposal) => !(byLabel.get(proposal.label) ?? []).some((span) => span.start < proposal.end && proposal.start < span.end),
  )
}
