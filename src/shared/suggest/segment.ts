// Paragraphs, headings and sentences of Chinese policy prose, as UTF-16 offsets into the text.
import { HEADING_MAX_CHARS, headingRules, paragraphRules, PLAN_CARRIES_OVER, type SectionKind } from './rules'

export interface Sentence {
  start: number
  end: number
  /** The sentence is the title of an enumerated item ((一)坚持… 。 / 1.工作目标。). */
  heading: boolean
}

export interface Paragraph {
  start: number
  end: number
  kind: SectionKind
  /** The rule that set the kind, for the proposal's explanation. */
  kindRule: string | null
  heading: boolean
  sentences: Sentence[]
}

const TOP_HEADING_RE = /^\s*(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[章部分节])/
const SUB_HEADING_RE = /^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.．、](?!\d))/
// An enumeration opens a new sentence: 一是…二是…, and (一)(二) or 1. 2. inside a line.
const ENUMERATION_RE = /[一二三四五六七八九十]是|[（(][一二三四五六七八九十]{1,3}[）)]/g
const SENTENCE_END = new Set(['。', '！', '？', '；', '!', '?', ';'])

function headingKind(heading: string, documentYear: number | null): { kind: SectionKind; rule: string } | null {
  for (const rule of headingRules) if (rule.words.some((word) => heading.includes(word))) return { kind: rule.kind, rule: rule.id }
  // 2018年工作回顾 is caught above; 2019年政府工作任务 / 对2018年政府工作的建议 by the year.
  const year = /(\d{4})\s*年/.exec(heading)
  if (year && documentYear !== null) {
    const y = Number(year[1])
    if (y < documentYear) return { kind: 'review', rule: 'heading-earlier-year' }
    return { kind: 'plan', rule: 'heading-current-year' }
  }
  return null
}

function sentencesOf(text: string, start: number, end: number, firstIsHeading: boolean): Sentence[] {
  const cuts = new Set<number>()
  ENUMERATION_RE.lastIndex = 0
  const line = text.slice(start, end)
  for (let m = ENUMERATION_RE.exec(line); m; m = ENUMERATION_RE.exec(line)) {
    // 之一是 / 唯一是 are words: 一是 must follow a break or the line start; (二) needs no break.
    const before = line[m.index - 1]
    const bracketed = m[0].startsWith('（') || m[0].startsWith('(')
    if (bracketed || m.index === 0 || before === undefined || SENTENCE_END.has(before) || '，,：:　 '.includes(before)) cuts.add(start + m.index)
  }
  const sentences: Sentence[] = []
  let from = start
  const push = (to: number) => {
    let a = from
    let b = to
    while (a < b && /[\s，,：:]/.test(text[a])) a++
    while (b > a && /\s/.test(text[b - 1])) b--
    if (b > a) sentences.push({ start: a, end: b, heading: false })
    from = to
  }
  for (let i = start; i < end; i++) {
    if (cuts.has(i) && i > from) push(i)
    if (SENTENCE_END.has(text[i])) push(i + 1)
  }
  push(end)
  if (firstIsHeading && sentences.length > 0) {
    const first = sentences[0]
    if (first.end - first.start <= HEADING_MAX_CHARS) first.heading = true
  }
  return sentences
}

/** Paragraphs (lines) with their section kind, and their sentences. */
export function segment(text: string, documentYear: number | null): Paragraph[] {
  const paragraphs: Paragraph[] = []
  let section: { kind: SectionKind; rule: string | null } = { kind: 'other', rule: null }
  let sub: { kind: SectionKind; rule: string } | null = null
  let lineStart = 0
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart)
    if (lineEnd < 0) lineEnd = text.length
    const line = text.slice(lineStart, lineEnd)
    if (line.trim() !== '') {
      const top = TOP_HEADING_RE.test(line)
      const subHeading = !top && SUB_HEADING_RE.test(line)
      const headingText = line.split(/[。]/, 1)[0]
      let heading = false
      if (top && headingText.length <= HEADING_MAX_CHARS) {
        const kind = headingKind(headingText, documentYear)
        sub = null
        if (kind) section = kind
        else if (!(PLAN_CARRIES_OVER && section.kind === 'plan')) section = { kind: 'other', rule: null }
        heading = !line.includes('。') || line.trim().endsWith('。') && line.indexOf('。') === line.trim().length - 1
      } else if (subHeading && headingText.length <= HEADING_MAX_CHARS) {
        const kind = headingKind(headingText, documentYear)
        sub = kind
      }
      let kind = sub ?? section
      const trimmed = line.trimStart()
      for (const rule of paragraphRules) {
        if (rule.openers.some((opener) => trimmed.startsWith(opener))) {
          kind = { kind: rule.kind, rule: rule.id }
          break
        }
      }
      paragraphs.push({
        start: lineStart,
        end: lineEnd,
        kind: kind.kind,
        kindRule: kind.rule,
        heading,
        sentences: heading ? [] : sentencesOf(text, lineStart, lineEnd, top || subHeading),
      })
    }
    lineStart = lineEnd + 1
  }
  return paragraphs
}
