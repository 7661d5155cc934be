// Ranking later sentences as candidate follow-ups of a commitment by folded character bigrams.
// A commitment is a short clause and a report sentence is long, so the score is mostly how much
// of the commitment's bigrams the sentence contains, with Dice's overlap to prefer the tighter one.
import { foldForMatching } from './fold'

export interface SentenceSpan {
  /** UTF-16 offsets into the original text. */
  start: number
  end: number
  text: string
}

// Sentences end at 。！？； and line breaks; a clause shorter than this is a heading or a list marker.
const SENTENCE_END = /[。！？；!?;\n]/
const MIN_SENTENCE_CHARS = 6

export function sentenceSpans(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = []
  let start = 0
  const push = (end: number) => {
    let from = start
    let to = end
    while (from < to && /\s/.test(text[from])) from++
    while (to > from && /\s/.test(text[to - 1])) to--
    if (to - from >= MIN_SENTENCE_CHARS) spans.push({ start: from, end: to, text: text.slice(from, to) })
  }
  for (let at = 0; at < text.length; at++) {
    if (SENTENCE_END.test(text[at])) {
      push(text[at] === '\n' ? at : at + 1)
      start = at + 1
    }
  }
  push(text.length)
  return spans
}

// Punctuation, spaces and markup carry no meaning for similarity; digits and letters stay.
const NOISE = /[\s\p{P}\p{S}]/gu

export type Bigrams = Map<string, number>

export function bigramsOf(text: string): Bigrams {
  const folded = foldForMatching(text).replace(NOISE, '')
  const grams: Bigrams = new Map()
  const chars = Array.from(folded)
  for (let i = 0; i + 1 < chars.length; i++) {
    const gram = chars[i] + chars[i + 1]
    grams.set(gram, (grams.get(gram) ?? 0) + 1)
  }
  return grams
}

function total(grams: Bigrams): number {
  let sum = 0
  for (const count of grams.values()) sum += count
  return sum
}

/** 0..1: 0.8 × share of the query's bigrams found in the candidate + 0.2 × Dice coefficient. */
export function followUpSimilarity(query: Bigrams, candidate: Bigrams): number {
  const queryTotal = total(query)
  const candidateTotal = total(candidate)
  if (queryTotal === 0 || candidateTotal === 0) return 0
  let shared = 0
  for (const [gram, count] of query) shared += Math.min(count, candidate.get(gram) ?? 0)
  return 0.8 * (shared / queryTotal) + 0.2 * ((2 * shared) / (queryTotal + candidateTotal))
}

export interface RankedSentence<D> extends SentenceSpan {
  source: D
  score: number
}

/** The best `limit` sentences of the given texts for the query, highest score first. */
export function rankSentences<D>(
  query: string,
  sources: ReadonlyArray<{ source: D; sentences: ReadonlyArray<SentenceSpan & { bigrams: Bigrams }> }>,
  limit: number,
  minScore = 0.2,
): Array<RankedSentence<D>> {
  const wanted = bigramsOf(query)
  const ranked: Array<RankedSentence<D>> = []
  for (const { source, sentences } of sources) {
    for (const sentence of sentences) {
      const score = followUpSimilarity(wanted, sentence.bigrams)
      if (score >= minScore) ranked.push({ source, start: sentence.start, end: sentence.end, text: sentence.text, score })
    }
  }
  ranked.sort((a, b) => b.score - a.score)
  return ranked.slice(0, limit)
}
