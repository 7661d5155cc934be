// Proposes targets, achievements and commitments for a document: pure and deterministic, so the
// reader, the CLI and the evaluation all see the same proposals for the same text. The decisions
// are the tables in rules.ts; this file only finds the sentences, figures and cues they talk about.
import { foldForMatching, toSimplifiedScript } from '../fold'
import type { AnnotationAttributes, DocumentType, Indicator } from '../model'
import { suggestEachFigure } from '../quantity'
import {
  commitmentRules,
  figureRules,
  lexicons,
  MIN_CONFIDENCE,
  notCommitment,
  promiseOpeners,
  promiseModals,
  framingOpeners,
  followingNounUnits,
  figureExclusions,
  modalYaoNotAfter,
  modalYaoNotBefore,
  promiseFrames,
  statementExclusions,
  type FigureRule,
  type SectionKind,
  type SuggestLabel,
} from './rules'
import { segment, type Paragraph, type Sentence } from './segment'

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

/** Documents whose bare figures refer to the year before (results) or the year itself (plans). */
const retrospective: ReadonlySet<DocumentType> = new Set(['work-summary-and-plan', 'government-work-report'])

const SUFFIX_CUES = ['以上', '以下', '以内', '之内', '左右', '上下']
const CLAUSE_BREAK = /[，,：:；;。！？!?]/
const COMPARISON_BASE = /[比较](去年|上年|上年同期)|同比/g
const CHANGE_TO = /^(提高|增加|增长|降低|下降|上升|扩大|减少|降)[到至]/
const CONTINUATION = /^(比|较|同比|增长|提高|下降|上升|达到|占)/

/**
 * The text in simplified script with the same length, for cue matching. OpenCC maps almost every
 * character to one; where a phrase conversion changes a line's length the line is kept as written,
 * which only costs that line its traditional-script cues.
 */
function foldScript(text: string): string {
  const folded = toSimplifiedScript(text)
  if (folded.length === text.length) return folded
  return text
    .split('\n')
    .map((line) => {
      const f = toSimplifiedScript(line)
      return f.length === line.length ? f : line
    })
    .join('\n')
}

/** Folded aliases per codebook (codebooks are replaced, not mutated, when edited). */
const aliasCache = new WeakMap<readonly Indicator[], Array<{ indicator: Indicator; alias: string }>>()

/**
 * The indicator whose longest alias occurs in text already folded to simplified script: the same
 * answer as prefill's guessIndicator without converting every clause's script again, which would
 * be most of the engine's time.
 */
function indicatorIn(folded: string, indicators: readonly Indicator[]): Indicator | null {
  let aliases = aliasCache.get(indicators)
  if (!aliases) {
    aliases = indicators.flatMap((indicator) =>
      [indicator.name, ...indicator.aliases].map((alias) => ({ indicator, alias: foldForMatching(alias) })),
    )
    aliasCache.set(indicators, aliases)
  }
  const hay = folded.normalize('NFKC').toLowerCase()
  let best: { indicator: Indicator; length: number } | null = null
  for (const { indicator, alias } of aliases) {
    if (alias.length > (best?.length ?? 0) && hay.includes(alias)) best = { indicator, length: alias.length }
  }
  return best?.indicator ?? null
}

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
function excluded(folded: string, sentence: Sentence, start: number, end: number, raw: string, value: number): boolean {
  if (!/\d/.test(raw) && value < figureExclusions.minChineseNumeral) return true
  if (figureExclusions.followedBy.some((word) => folded.startsWith(word, end))) return true
  const open = folded.lastIndexOf('“', start)
  return open >= sentence.start && folded.lastIndexOf('”', start) < open && folded.indexOf('”', end) >= 0
}

function clauseStartBefore(text: string, from: number, floor: number): number {
  let i = from
  while (i > floor && !CLAUSE_BREAK.test(text[i - 1])) i--
  while (i < from && /[\s“”"]/.test(text[i])) i++
  return i
}

function figureProposals(text: string, folded: string, paragraph: Paragraph, sentence: Sentence, input: SuggestInput): Proposal[] {
  const quoteText = text.slice(sentence.start, sentence.end)
  // Only what precedes the figure can give it a year, so the paragraph up to this sentence will do.
  const paragraphText = text.slice(paragraph.start, sentence.end)
  let figures = suggestEachFigure(quoteText, { documentYear: input.documentYear })
  if (figures.length === 0) return []
  // A figure with no year in its sentence looks back through the paragraph, except in a plan,
  // whose paragraphs mix 去年 (the base) and 今年 (the plan) from one sentence to the next.
  // Parsed only when needed: the paragraph's prefix grows with every sentence.
  if (paragraph.kind !== 'plan' && figures.some((figure) => figure.attributes.periodYear === undefined)) {
    figures = suggestEachFigure(quoteText, { documentYear: input.documentYear, context: paragraphText })
  }
  const foldedSentence = folded.slice(sentence.start, sentence.end)
  const past = hasAny(foldedSentence, lexicons.past.words)
  const target = hasAny(foldedSentence, lexicons.target.words)
  const proposals: Proposal[] = []
  let previousEnd = sentence.start
  for (const { match, attributes } of figures) {
    if (!attributes.unit) {
      const after = folded.slice(sentence.start + match.end, sentence.start + match.end + 6)
      const noun = followingNounUnits.find(([word]) => after.indexOf(word) >= 0 && after.indexOf(word) <= 2)
      if (!noun) continue
      attributes.unit = noun[1]
    }
    const figureStart = sentence.start + match.start
    let figureEnd = sentence.start + match.end
    if (excluded(folded, sentence, figureStart, figureEnd, match.raw, match.value)) continue
    for (const cue of SUFFIX_CUES) if (folded.startsWith(cue, figureEnd)) figureEnd += cue.length
    let year: FigureRule['when']['year'] | undefined
    if (attributes.deadlineYear !== undefined) year = 'deadline'
    else if (attributes.periodYear !== undefined && input.documentYear !== null) {
      if (attributes.periodYear > input.documentYear) year = 'later'
      else if (attributes.periodYear < input.documentYear) year = 'earlier'
    }
    let start = Math.max(previousEnd, clauseStartBefore(text, figureStart, sentence.start))
    // Right after the previous figure (水泥2.3亿吨、平板玻璃…) the clause starts past its separator.
    while (start < figureStart && (CLAUSE_BREAK.test(text[start]) || /[、\s]/.test(text[start]))) start++
    // 赤字率从去年的2.1%提高到2.3%: the figure a change arrives at belongs to the plan's year.
    if (
      paragraph.kind === 'plan' && year === 'earlier' && input.documentYear !== null &&
      CHANGE_TO.test(folded.slice(start, figureStart))
    ) {
      year = undefined
      attributes.periodYear = input.documentYear
    }
    const pastClause = hasAny(folded.slice(start, figureEnd).replace(COMPARISON_BASE, ''), lexicons.pastInPlan.words)
    const rule = figureRules.find((candidate) => ruleHolds(candidate, year, paragraph.kind, { past, pastClause, target }))
    previousEnd = figureEnd
    if (!rule || rule.label === null || rule.label === 'commitment' || rule.confidence < MIN_CONFIDENCE) continue
    const filled: AnnotationAttributes = { ...attributes }
    if (filled.periodYear === undefined && input.documentYear !== null && retrospective.has(input.docType)) {
      filled.periodYear = rule.label === 'achievement' ? input.documentYear - 1 : input.documentYear
    }
    const clause = text.slice(start, figureEnd)
    // 比上年增长7.4% continues the clause before it, which names what grew.
    const continues = CONTINUATION.test(folded.slice(start, figureEnd))
    const indicator =
      indicatorIn(folded.slice(start, figureEnd), input.indicators) ??
      (continues ? indicatorIn(folded.slice(clauseStartBefore(text, Math.max(sentence.start, start - 1), sentence.start), start), input.indicators) : null)
    if (indicator) filled.indicator = indicator.key
    proposals.push({
      label: rule.label,
      start,
      end: figureEnd,
      quote: clause,
      attributes: filled,
      confidence: rule.confidence,
      rule: rule.id,
      section: paragraph.kind,
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

function commitmentProposal(
  text: string,
  folded: string,
  sentence: Sentence,
  kind: SectionKind,
  input: SuggestInput,
  hasFigure: boolean,
): Proposal | null {
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
  const attributes: AnnotationAttributes = {}
  const indicator = indicatorIn(foldedSentence, input.indicators)
  if (indicator) attributes.indicator = indicator.key
  return { label: 'commitment', start: sentence.start, end, quote, attributes, confidence: rule.confidence, rule: rule.id, section: kind }
}

/** Every proposal for the text, in text order. */
export function suggest(input: SuggestInput): Proposal[] {
  const { text } = input
  const folded = foldScript(text)
  const proposals: Proposal[] = []
  for (const paragraph of segment(folded, input.documentYear)) {
    let kind = paragraph.kind
    // 主要预期目标是：…；…；… lists targets clause after clause; none of its items is a promise by default.
    let targetList = false
    for (const sentence of paragraph.sentences) {
      if (sentence.heading) continue
      const foldedSentence = folded.slice(sentence.start, sentence.end)
      const listed = targetList
      if (foldedSentence.includes('预期目标')) targetList = true
      // 下一步，我局将… turns the rest of the paragraph into plans.
      if (kind !== 'plan' && hasAny(foldedSentence, lexicons.nextStep.words)) kind = 'plan'
      const here = { ...paragraph, kind }
      const figures = figureProposals(text, folded, here, sentence, input)
      proposals.push(...figures)
      const commitment = commitmentProposal(text, folded, sentence, kind, input, figures.length > 0 || listed)
      if (commitment) proposals.push(commitment)
    }
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
