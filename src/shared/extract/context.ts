// Where a span stands in its document: its paragraph, its sentence and the kind of section
// (review, plan, problems) around it, computed once per document text from the headings
// (suggest/segment.ts) so that callers need only the text, the span and the document's metadata.
import { toSimplifiedScript } from '../fold'
import { lexicons, type SectionKind } from '../suggest/rules'
import { segment, type Paragraph, type Sentence } from '../suggest/segment'

export interface SentenceInContext {
  paragraph: Paragraph
  sentence: Sentence
  /** The section's kind for this sentence: 下一步，我局将… turns the rest of its paragraph into plans. */
  kind: SectionKind
  /** A sentence after 主要预期目标是：… in the same paragraph: an item of a target list. */
  inTargetList: boolean
}

export interface DocumentContext {
  text: string
  /** The text in simplified script, half-width and lower case, with the same length (offsets are shared). */
  folded: string
  year: number | null
  paragraphs: Paragraph[]
  /** Every sentence that is not a heading, in text order. */
  sentences: SentenceInContext[]
}

/**
 * The text in simplified script with the same length. OpenCC maps almost every character to one;
 * where a phrase conversion changes a line's length the line is kept as written, which only costs
 * that line its traditional-script cues.
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

// Full-width ASCII (ＧＤＰ, （Ｒ＆Ｄ）) to half-width and Latin to lower case, one unit for one, as
// aliases are folded (NFKC, lower case) without moving any offset.
const WIDE_OR_UPPER = /[\uFF01-\uFF5EA-Z]/g
function foldWidth(text: string): string {
  return text.replace(WIDE_OR_UPPER, (ch) => {
    const code = ch.charCodeAt(0)
    return (code >= 0xff01 ? String.fromCharCode(code - 0xfee0) : ch).toLowerCase()
  })
}

function hasAny(text: string, words: readonly string[]): boolean {
  for (const word of words) if (text.includes(word)) return true
  return false
}

function build(text: string, year: number | null): DocumentContext {
  const folded = foldWidth(foldScript(text))
  const paragraphs = segment(folded, year)
  const sentences: SentenceInContext[] = []
  for (const paragraph of paragraphs) {
    let kind = paragraph.kind
    let targetList = false
    for (const sentence of paragraph.sentences) {
      if (sentence.heading) continue
      const foldedSentence = folded.slice(sentence.start, sentence.end)
      const inTargetList = targetList
      if (foldedSentence.includes('预期目标')) targetList = true
      if (kind !== 'plan' && hasAny(foldedSentence, lexicons.nextStep.words)) kind = 'plan'
      sentences.push({ paragraph, sentence, kind, inTargetList })
    }
  }
  return { text, folded, year, paragraphs, sentences }
}

// The reader tags many spans in one document, the engine walks one document at a time: the last
// few contexts are kept (texts never change after import, so a text is its own key).
const recent: DocumentContext[] = []
const KEPT = 4

export function documentContext(text: string, year: number | null): DocumentContext {
  const found = recent.find((context) => context.year === year && context.text === text)
  if (found) return found
  const context = build(text, year)
  recent.unshift(context)
  if (recent.length > KEPT) recent.pop()
  return context
}

/** The sentence holding `offset`, or the nearest one before it on its line (a heading has none). */
export function sentenceAt(context: DocumentContext, offset: number): SentenceInContext | null {
  const { sentences } = context
  let lo = 0
  let hi = sentences.length - 1
  let best = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (sentences[mid].sentence.start <= offset) {
      best = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  if (best < 0) return null
  const found = sentences[best]
  return offset <= found.paragraph.end && offset >= found.paragraph.start ? found : null
}

export interface SectionHeading {
  /** Offset of the heading; the section runs to the next heading. */
  start: number
  title: string
}

const HEADING_TITLE_CHARS = 40

/**
 * The headings of the document, chapters (一、…) and sub-sections ((一)…) alike, in text order:
 * the reader groups proposals under them.
 */
export function headingsOf(context: DocumentContext): SectionHeading[] {
  const headings: SectionHeading[] = []
  for (const paragraph of context.paragraphs) {
    const first = paragraph.sentences[0]
    const span = paragraph.heading ? paragraph : first?.heading ? first : null
    if (!span) continue
    const title = context.text.slice(span.start, span.end).trim().replace(/[。：:]$/, '')
    headings.push({ start: span.start, title: title.length > HEADING_TITLE_CHARS ? `${title.slice(0, HEADING_TITLE_CHARS)}…` : title })
  }
  return headings
}
