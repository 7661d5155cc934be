import search from 'approx-string-match'
import { ANCHOR_CONTEXT_CHARS } from './model'
import { clampToCodePointBoundary, codePointLength } from './offsets'

/** All offsets are UTF-16 code units; `end` is exclusive. */
export interface TextSelector {
  start: number
  end: number
  quote: string
  prefix: string
  suffix: string
}

export type AnchorMethod = 'exact-position' | 'exact-quote' | 'fuzzy'

export interface AnchorResult {
  start: number
  end: number
  method: AnchorMethod
  /**
   * 0..1. exact-position: 1. exact-quote: how well prefix and suffix match (1 when none were
   * stored). fuzzy: quote, context and position similarity combined.
   */
  score: number
}

export interface AnchorOptions {
  /** Largest share of the quote's length that a fuzzy match may differ by (default 0.25). */
  maxErrorRatio?: number
  /** Lowest combined score a fuzzy match needs to be accepted (default 0.6). */
  minScore?: number
}

export interface QuoteLocation {
  match: { start: number; end: number } | null
  /** Exact occurrences of the quote: 0 means absent, more than 1 without a hint means ambiguous. */
  candidates: number
}

// Proportions from Hypothesis's match-quote: the quote matters most, then each side of the
// context, and position only settles otherwise equal candidates.
const WEIGHT = { quote: 50, prefix: 20, suffix: 20, position: 2 }
const DEFAULT_MAX_ERROR_RATIO = 0.25
// A quote that is 10% off with unrelated context on both sides scores just over 0.5: with no
// context to back it, that is more likely a similar sentence elsewhere than the edited span.
const DEFAULT_MIN_SCORE = 0.6
// approx-string-match reports only the matches with the fewest errors in the whole text, so a
// slightly edited span could lose to a closer lookalike far away. Searching around the old
// position as well keeps the edited span among the candidates.
const LOCAL_SEARCH_MARGIN = 1000

/**
 * The selector stored with an annotation. The span is widened and the context shrunk to whole
 * code points, so no part of the selector starts or ends with half a surrogate pair.
 */
export function selectorFor(text: string, start: number, end: number): TextSelector {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > text.length) {
    throw new RangeError(`span ${start}..${end} is outside 0..${text.length}`)
  }
  const from = clampToCodePointBoundary(text, start, 'backward')
  const to = clampToCodePointBoundary(text, end, 'forward')
  const prefixFrom = clampToCodePointBoundary(text, from - ANCHOR_CONTEXT_CHARS, 'forward')
  const suffixTo = clampToCodePointBoundary(text, to + ANCHOR_CONTEXT_CHARS, 'backward')
  return {
    start: from,
    end: to,
    quote: text.slice(from, to),
    prefix: text.slice(prefixFrom, from),
    suffix: text.slice(to, suffixTo),
  }
}

/**
 * Finds where a stored selector belongs in `text`, which may differ from the text it was made on:
 * (a) the old position still holds the quote; (b) the exact quote elsewhere, chosen by context,
 * then by nearness to the old start; (c) an approximate match of the quote scored by quote,
 * context and position; otherwise null.
 */
export function anchor(text: string, selector: TextSelector, options: AnchorOptions = {}): AnchorResult | null {
  const { start, end, quote } = selector
  if (quote === '' || text === '') return null
  if (Number.isInteger(start) && start >= 0 && text.slice(start, end) === quote) {
    return { start, end: start + quote.length, method: 'exact-position', score: 1 }
  }
  const exact = occurrences(text, quote)
  if (exact.length > 0) {
    let best = { start: exact[0], score: -1 }
    for (const at of exact) {
      const context = contextScore(text, at, at + quote.length, selector)
      const score = context.weight === 0 ? 1 : context.sum / context.weight
      if (score > best.score || (score === best.score && Math.abs(at - start) < Math.abs(best.start - start))) {
        best = { start: at, score }
      }
    }
    return { start: best.start, end: best.start + quote.length, method: 'exact-quote', score: best.score }
  }
  return fuzzyAnchor(text, selector, options)
}

/** Exact occurrences only: the unique one, or the one nearest `nearStart` (the earlier on a tie). */
export function locateQuote(text: string, quote: string, nearStart?: number): QuoteLocation {
  const found = quote === '' ? [] : occurrences(text, quote)
  if (found.length === 0 || (found.length > 1 && nearStart === undefined)) {
    return { match: null, candidates: found.length }
  }
  const hint = nearStart ?? found[0]
  const nearest = found.reduce((best, at) => (Math.abs(at - hint) < Math.abs(best - hint) ? at : best))
  return { match: { start: nearest, end: nearest + quote.length }, candidates: found.length }
}

function fuzzyAnchor(text: string, selector: TextSelector, options: AnchorOptions): AnchorResult | null {
  const { quote } = selector
  const maxErrors = Math.floor(quote.length * (options.maxErrorRatio ?? DEFAULT_MAX_ERROR_RATIO))
  if (maxErrors < 1) return null
  const localFrom = Math.max(0, Math.min(selector.start, text.length) - quote.length - LOCAL_SEARCH_MARGIN)
  const localTo = Math.min(text.length, Math.max(selector.end, 0) + quote.length + LOCAL_SEARCH_MARGIN)
  const matches = [
    ...search(text, quote, maxErrors),
    ...search(text.slice(localFrom, localTo), quote, maxErrors).map((match) => ({
      ...match,
      start: match.start + localFrom,
      end: match.end + localFrom,
    })),
  ]
  // On a tie prefer the span closest in characters to the quote: a changed last character still
  // belongs to the span even when leaving it out costs as many errors.
  const quoteLength = codePointLength(quote)
  const lengthGap = (span: AnchorResult) => Math.abs(codePointLength(text.slice(span.start, span.end)) - quoteLength)
  let best: AnchorResult | null = null
  for (const match of matches) {
    const from = clampToCodePointBoundary(text, match.start, 'backward')
    const to = clampToCodePointBoundary(text, match.end, 'forward')
    const context = contextScore(text, from, to, selector)
    const quoteSimilarity = 1 - match.errors / quote.length
    const positionSimilarity = 1 - Math.min(1, Math.abs(from - selector.start) / text.length)
    const score =
      (WEIGHT.quote * quoteSimilarity + context.sum + WEIGHT.position * positionSimilarity) /
      (WEIGHT.quote + context.weight + WEIGHT.position)
    const candidate: AnchorResult = { start: from, end: to, method: 'fuzzy', score }
    if (best === null || score > best.score || (score === best.score && lengthGap(candidate) < lengthGap(best))) {
      best = candidate
    }
  }
  return best !== null && best.score >= (options.minScore ?? DEFAULT_MIN_SCORE) ? best : null
}

function occurrences(text: string, quote: string): number[] {
  const found: number[] = []
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) found.push(at)
  return found
}

/** Weighted similarity of the stored prefix/suffix to the text around a candidate span. */
function contextScore(text: string, start: number, end: number, selector: TextSelector): { sum: number; weight: number } {
  let sum = 0
  let weight = 0
  if (selector.prefix !== '') {
    const around = text.slice(Math.max(0, start - selector.prefix.length), start)
    sum += WEIGHT.prefix * similarity(selector.prefix, around)
    weight += WEIGHT.prefix
  }
  if (selector.suffix !== '') {
    const around = text.slice(end, end + selector.suffix.length)
    sum += WEIGHT.suffix * similarity(selector.suffix, around)
    weight += WEIGHT.suffix
  }
  return { sum, weight }
}

/** 1 − edit distance / longer length; the strings are at most a context's length. */
function similarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length)
  return longer === 0 ? 1 : 1 - levenshtein(a, b) / longer
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1)
      current.push(Math.min(substitution, previous[j] + 1, current[j - 1] + 1))
    }
    previous = current
  }
  return previous[b.length]
}
