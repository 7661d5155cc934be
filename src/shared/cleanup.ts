// Import clean-up: rules that repair what web captures, PDF extraction and wiki exports leave in
// a text (navigation lines, sentences split at page breaks, ** markers, zero-width characters,
// licence footers). A document's text never changes after import, so these run once, before it:
// the user previews each rule's changes, switches rules off per file, and the ids of the rules
// that changed something are recorded on the document (DESIGN §6). Pure: no Node, no DOM.

/** One replacement, in UTF-16 offsets into the text the rule was given. */
export interface CleanupChange {
  start: number
  end: number
  removed: string
  inserted: string
}

export interface CleanupRule {
  /** Stable kebab-case id, recorded on the document; never rename one. */
  id: string
  name: { 'zh-CN': string; en: string }
  /** Why the rule exists, for the preview (one sentence in each language). */
  why: { 'zh-CN': string; en: string }
  /** Sorted, non-overlapping changes to `text`; [] when the rule has nothing to do. */
  find(text: string): CleanupChange[]
}

// ---------------------------------------------------------------------------------------------
// Lines

interface Line {
  /** Offset of the line's first character. */
  start: number
  /** Offset after its last character, before `\r\n` / `\n`. */
  end: number
  /** Offset of the next line (after the terminator); text.length for the last line. */
  next: number
  text: string
  trimmed: string
}

function splitLines(text: string): Line[] {
  const lines: Line[] = []
  let start = 0
  while (start <= text.length) {
    const newline = text.indexOf('\n', start)
    const stop = newline === -1 ? text.length : newline
    const end = stop > start && text[stop - 1] === '\r' ? stop - 1 : stop
    const lineText = text.slice(start, end)
    lines.push({ start, end, next: newline === -1 ? text.length : newline + 1, text: lineText, trimmed: trimLine(lineText) })
    if (newline === -1) break
    start = newline + 1
  }
  return lines
}

/** Trims ASCII and ideographic spaces, tabs and non-breaking spaces. */
function trimLine(line: string): string {
  return line.replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/g, '')
}

const isBlank = (line: Line): boolean => line.trimmed === ''

/** Offset of the first non-space character of a line (its indentation skipped). */
function contentStart(line: Line): number {
  return line.start + (line.text.length - line.text.replace(/^[\s\u3000\u00a0]+/, '').length)
}

/** Offset after the last non-space character of a line. */
function contentEnd(line: Line): number {
  return line.start + line.text.replace(/[\s\u3000\u00a0]+$/, '').length
}

function change(text: string, start: number, end: number, inserted: string): CleanupChange {
  return { start, end, removed: text.slice(start, end), inserted }
}

/** The line break to keep when lines around a removed block are rejoined. */
const lineBreakOf = (text: string): string => (text.includes('\r\n') ? '\r\n' : '\n')

// ---------------------------------------------------------------------------------------------
// Character classes shared by the rules

/** Ends a sentence or introduces what follows: after it, a line break is a real one. */
const sentenceFinal = /[。！？；：…!?;:]$/
/** A line that ends with a closing bracket or quote finished something; leave its break alone. */
const closingEnd = /[）)】」』”’》\]]$/
/** Punctuation that cannot begin a line of running text: the line continues the previous one. */
const continuationStart = /^[，、。；：！？）》」』”’%,.;:!?)\]】]/
/** Punctuation that cannot end a line of running text: the next line continues it. */
const openingOrClauseEnd = /[（《「『“‘([【，、,]$/
/** Punctuation inside running text (a line with none is a title, a name or a date). */
const proseMark = /[，。；、,;]/
/** A line that begins a heading, a list item or a dash-led paragraph. */
const headingStart =
  /^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[）)]|\d+[.、．](?!\d)|第[一二三四五六七八九十百\d]+[章节節条條部篇]|[—–-]{2}|[•●■◆▪○◇□※])/
const startsWithHan = (line: string): boolean => /^\p{Script=Han}/u.test(line)
const endsWithHan = (line: string): boolean => /\p{Script=Han}$/u.test(line)

/** A break is joined without a space unless an ASCII word would run into another. */
function joinerFor(before: string, after: string): string {
  return /[A-Za-z0-9]$/.test(before) && /^[A-Za-z0-9]/.test(after) ? ' ' : ''
}

// ---------------------------------------------------------------------------------------------
// zero-width

const zeroWidth = /(?:\u200b|\u200c|\u200d|\u2060|\ufeff)+/g

/** A zero-width joiner between two emoji builds one emoji (👩‍👩‍👧): it is not litter. */
function joinsEmoji(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 2), start)
  const after = text.slice(end, end + 2)
  return (
    /^\u200d+$/.test(text.slice(start, end)) &&
    /(?:\p{Extended_Pictographic}|[\u{1f3fb}-\u{1f3ff}]|\ufe0f)$/u.test(before) &&
    /^\p{Extended_Pictographic}/u.test(after)
  )
}

function findZeroWidth(text: string): CleanupChange[] {
  const changes: CleanupChange[] = []
  for (const match of text.matchAll(zeroWidth)) {
    const start = match.index
    const end = start + match[0].length
    if (!joinsEmoji(text, start, end)) changes.push(change(text, start, end, ''))
  }
  return changes
}

// ---------------------------------------------------------------------------------------------
// web-navigation

/** Whole lines a government web page wraps around the document. */
const navigationPatterns: RegExp[] = [
  /^(?:手机版|手機版)(?:二维码|二維碼)?.{0,20}$/,
  /^(?:无障碍|無障礙)(?:浏览|瀏覽|阅读|閱讀|模式)?$/,
  /^(?:您当前所在位置|您當前所在位置|当前位置|當前位置|您的位置|您现在的位置|您現在的位置)\s*[:：]/,
  /^(?:扫一扫|掃一掃|扫描二维码|掃描二維碼).{0,30}$/,
  /^(?:来源|來源|信息来源|信息來源|发布时间|發布時間|發佈時間|发布日期|發布日期)\s*[:：].{0,80}$/,
  /^(?:字号|字號|字体|字體)\s*[:：]?\s*[【[]?\s*[大中小]/,
  /^(?:分享到|浏览次数|瀏覽次數|阅读次数|閱讀次數|点击数|點擊數|访问量|訪問量)\s*[:：]/,
  /^(?:上一篇|下一篇)\s*[:：]/,
]

/** Page tools, alone or in a row: 【打印】【关闭】, [打印本页] [关闭窗口], 收藏 | 分享. */
const pageTool = /^(?:打印|列印|打印本页|打印本頁|关闭|關閉|关闭窗口|關閉窗口|关闭本页|關閉本頁|收藏|分享|返回顶部|返回頂部|返回)$/

function isPageTools(line: string): boolean {
  const tokens = line.split(/[\s【】[\]|｜/／·]+/).filter((token) => token !== '')
  return tokens.length > 0 && tokens.every((token) => pageTool.test(token))
}

/** 首页 > 信息公开 > 人大建议: short segments joined by >, starting at the home page or long enough. */
function isBreadcrumb(line: string): boolean {
  const body = line.replace(/^(?:[^:：]{0,12}[:：])?\s*/, '')
  const parts = body.split(/\s*[>＞»›]\s*/)
  if (parts.length < 2 || parts.some((part) => part === '' || part.length > 24 || /[，。；！？]/.test(part))) {
    return false
  }
  return /^(?:首页|首頁|主页|主頁|网站首页|網站首頁)$/.test(parts[0]) || parts.length >= 3
}

const relatedHeading = /^(?:相关新闻|相關新聞|相关链接|相關鏈接|相关文章|相關文章|相关阅读|相關閱讀)$/

function isNavigationLine(line: string): boolean {
  return navigationPatterns.some((pattern) => pattern.test(line)) || isPageTools(line) || isBreadcrumb(line)
}

function findWebNavigation(text: string): CleanupChange[] {
  const lines = splitLines(text)
  const remove = new Array<boolean>(lines.length).fill(false)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trimmed
    if (line === '') continue
    if (relatedHeading.test(line)) {
      remove[i] = true
      // A related-news block at the end of the page is a list of links: short lines, no sentences.
      const rest = lines.slice(i + 1).filter((other) => !isBlank(other))
      if (rest.every((other) => other.trimmed.length <= 60 && !/[。！？]/.test(other.trimmed))) {
        for (let j = i + 1; j < lines.length; j++) remove[j] = true
        break
      }
      continue
    }
    if (line.length <= 120 && isNavigationLine(line)) remove[i] = true
  }
  const changes: CleanupChange[] = []
  let i = 0
  while (i < lines.length) {
    if (!remove[i]) {
      i++
      continue
    }
    // A block: navigation lines, with the blank lines between and after them.
    let j = i
    while (j + 1 < lines.length && (remove[j + 1] || isBlank(lines[j + 1]))) j++
    // Trailing blank lines belong to the block only if it is followed by text.
    const reachesEnd = j === lines.length - 1
    if (reachesEnd) {
      // Removing the end of the text: keep the line break after the last line that stays.
      let k = i - 1
      while (k >= 0 && isBlank(lines[k])) k--
      const start = k >= 0 ? lines[k].end : 0
      const keepBreak = k >= 0 && lines[k].next > lines[k].end
      changes.push(change(text, start, text.length, keepBreak ? lineBreakOf(text) : ''))
    } else {
      changes.push(change(text, lines[i].start, lines[j + 1].start, ''))
    }
    i = j + 1
  }
  return mergeTouching(text, changes)
}

/** Merges changes that touch or overlap into one (e.g. an end block reaching back over another). */
function mergeTouching(text: string, changes: CleanupChange[]): CleanupChange[] {
  const merged: CleanupChange[] = []
  for (const next of changes) {
    const last = merged[merged.length - 1]
    if (last && next.start <= last.end) {
      const start = Math.min(last.start, next.start)
      const inserted = next.start <= last.start ? next.inserted : last.inserted + next.inserted
      merged[merged.length - 1] = change(text, start, Math.max(last.end, next.end), inserted)
    } else {
      merged.push(next)
    }
  }
  return merged
}

// ---------------------------------------------------------------------------------------------
// licence-footer

/** The first line of a licence or copyright notice appended to a text. */
const footerStart =
  /^(?:本作品(?:是|在|属于|屬於|来自|來自|采用|採用|根据|根據|依据|依據|原文|不适用|不適用)|此作品|本文(?:件)?(?:采用|採用|依据|依據)|版权所有|版權所有|Copyright\b|©|This work is (?:in the public domain|licensed)|Public domain$)/i

/** How much of the end of a text a footer may take: a notice, not a chapter. */
const footerMaxLength = 3000

function findLicenceFooter(text: string): CleanupChange[] {
  const lines = splitLines(text)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (!footerStart.test(line.trimmed)) continue
    if (text.length - line.start > footerMaxLength || line.start < text.length / 2) continue
    // Everything after it must be notice-sized lines, not the body continuing.
    if (lines.slice(i).some((other) => other.trimmed.length > 300)) continue
    let k = i - 1
    while (k >= 0 && isBlank(lines[k])) k--
    if (k < 0) return []
    return [change(text, lines[k].end, text.length, lines[k].next > lines[k].end ? lineBreakOf(text) : '')]
  }
  return []
}

// ---------------------------------------------------------------------------------------------
// bold-markers

/** **加粗** from markdown-style PDF extraction; pairs on one line whose content is text. Runs of
 * three or more asterisks (a masked phone number 139****1234, a masked name 张**，) are left. */
const boldPair = /(?<!\*)\*\*(?=[^\s*，。、；：,.;:）)】」』”’》])([^*\n]*?[^\s*])\*\*(?!\*)/g

function findBoldMarkers(text: string): CleanupChange[] {
  const changes: CleanupChange[] = []
  for (const match of text.matchAll(boldPair)) {
    const start = match.index
    const end = start + match[0].length
    changes.push(change(text, start, start + 2, ''), change(text, end - 2, end, ''))
  }
  return changes
}

// ---------------------------------------------------------------------------------------------
// wiki-line-breaks

/** A wiki link's text on a line of its own: short, not a sentence, not a heading. */
function isFragment(line: string): boolean {
  return line.length <= 12 && !/[。！？；!?;]/.test(line) && !headingStart.test(line)
}

/** The end of a line is a Latin token glued to Chinese: 细颗粒物（PM, 广义货币M. */
const latinTokenAfterHan = /[\u0080-\uffff][A-Za-z]+$/
const shortAlphanumeric = /^[0-9A-Za-z][0-9A-Za-z.]{0,7}$/

function findWikiLineBreaks(text: string): CleanupChange[] {
  const lines = splitLines(text)
  const changes: CleanupChange[] = []
  let joinedBefore = false
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = lines[i]
    const b = lines[i + 1]
    if (isBlank(a) || isBlank(b)) {
      joinedBefore = false
      continue
    }
    const c = i + 2 < lines.length ? lines[i + 2] : null
    const aEndsSentence = sentenceFinal.test(a.trimmed) || closingEnd.test(a.trimmed)
    // PM + 2.5, M + 2: one token the link split, joined without a space.
    const splitToken = latinTokenAfterHan.test(a.trimmed) && shortAlphanumeric.test(b.trimmed)
    const join: boolean =
      splitToken ||
      continuationStart.test(b.trimmed) ||
      openingOrClauseEnd.test(a.trimmed) ||
      (!aEndsSentence &&
        isFragment(b.trimmed) &&
        !headingStart.test(b.trimmed) &&
        c !== null &&
        !isBlank(c) &&
        continuationStart.test(c.trimmed)) ||
      // 今年，要加快推进 / 粤港澳大湾区 / 建设，…: a link between two pieces of one sentence.
      (!aEndsSentence &&
        proseMark.test(a.trimmed) &&
        !isHeadingLine(a.trimmed) &&
        isFragment(b.trimmed) &&
        c !== null &&
        !isBlank(c) &&
        proseMark.test(c.trimmed) &&
        !headingStart.test(c.trimmed) &&
        startsWithHan(c.trimmed)) ||
      (joinedBefore && !aEndsSentence && isFragment(a.trimmed) && !headingStart.test(b.trimmed))
    if (join) {
      const start = contentEnd(a)
      const end = contentStart(b)
      changes.push(change(text, start, end, splitToken ? '' : joinerFor(a.trimmed, b.trimmed)))
    }
    joinedBefore = join
  }
  return changes
}

// ---------------------------------------------------------------------------------------------
// pdf-line-joins

/** 一、建设… or （三）优化…,打造…: a heading marker and no sentence end; a paragraph that opens
 * with a run-in heading (（三）聚焦…。加强…) is running text. */
const isHeadingLine = (line: string): boolean => headingStart.test(line) && !/[。！？!?]/.test(line)

/** Running text: has clause or sentence punctuation, or is too long to be a title. */
const isProse = (line: string): boolean => proseMark.test(line) || line.length >= 40

/** A line that can stop mid-sentence: it ends with a character, a digit, a comma or an opener. */
function endsMidSentence(line: string): boolean {
  const bare = line.replace(/\*+$/, '')
  if (bare === '' || sentenceFinal.test(bare) || closingEnd.test(bare)) return false
  return endsWithHan(bare) || /[A-Za-z0-9%]$/.test(bare) || openingOrClauseEnd.test(bare)
}

function findPdfLineJoins(text: string): CleanupChange[] {
  const lines = splitLines(text)
  const changes: CleanupChange[] = []
  let previous = -1
  for (let i = 0; i < lines.length; i++) {
    if (isBlank(lines[i])) continue
    const p = previous
    previous = i
    if (p < 0) continue
    const a = lines[p]
    const b = lines[i]
    // A heading (一、… （一）… with no full stop in it) is never joined to what follows.
    if (isHeadingLine(a.trimmed) || !proseMark.test(a.trimmed) || !endsMidSentence(a.trimmed)) continue
    if (headingStart.test(b.trimmed) || !isProse(b.trimmed)) continue
    // An indented line opens a paragraph; a page break's continuation is never indented.
    if (contentStart(b) > b.start) continue
    // …and it starts like the rest of a sentence: a character, a digit, a quote, a bracket.
    if (!startsWithHan(b.trimmed) && !/^[A-Za-z0-9“‘《（(*]/.test(b.trimmed) && !continuationStart.test(b.trimmed)) {
      continue
    }
    changes.push(change(text, contentEnd(a), contentStart(b), joinerFor(a.trimmed, b.trimmed)))
  }
  return changes
}

// ---------------------------------------------------------------------------------------------
// blank-line-runs

function findBlankLineRuns(text: string): CleanupChange[] {
  const changes: CleanupChange[] = []
  for (const match of text.matchAll(/\r?\n(?:[ \t\u3000\u00a0\r]*\n){2,}/g)) {
    const crlf = match[0].startsWith('\r') || match[0].includes('\r\n')
    changes.push(change(text, match.index, match.index + match[0].length, crlf ? '\r\n\r\n' : '\n\n'))
  }
  return changes
}

// ---------------------------------------------------------------------------------------------
// The rules, in the order they are applied.

export const cleanupRules: readonly CleanupRule[] = [
  {
    id: 'zero-width',
    name: { 'zh-CN': '零宽字符', en: 'Zero-width characters' },
    why: {
      'zh-CN': '删除看不见的零宽空格、连接符和字节顺序标记（U+200B–U+200D、U+2060、U+FEFF），它们会让搜索和匹配失败；表情符号内部的连接符保留。',
      en: 'Removes invisible zero-width spaces, joiners and byte-order marks (U+200B–U+200D, U+2060, U+FEFF) that break search and matching; joiners inside emoji are kept.',
    },
    find: findZeroWidth,
  },
  {
    id: 'web-navigation',
    name: { 'zh-CN': '网页导航行', en: 'Web page navigation' },
    why: {
      'zh-CN': '删除网页抓取带来的整行导航内容：手机版、无障碍、当前位置（面包屑）、来源/发布时间、扫一扫、打印/关闭、相关新闻；正文不动。',
      en: 'Removes whole lines a web capture wraps around the document: mobile version, accessibility, breadcrumbs, source/publication stamp, QR prompts, print/close, related news; the text itself is kept.',
    },
    find: findWebNavigation,
  },
  {
    id: 'licence-footer',
    name: { 'zh-CN': '版权许可页脚', en: 'Licence footer' },
    why: {
      'zh-CN': '删除文末附加的版权或许可说明（如维基文库的“本作品是中华人民共和国的……”），它不是文件的一部分。',
      en: 'Removes a licence or copyright notice appended to the end (such as Wikisource’s “本作品是中华人民共和国的…”); it is not part of the document.',
    },
    find: findLicenceFooter,
  },
  {
    id: 'bold-markers',
    name: { 'zh-CN': '加粗标记 **', en: 'Bold markers **' },
    why: {
      'zh-CN': '删除 PDF 或 Markdown 转换留下的成对 ** 加粗标记；三个以上的星号（如隐去的号码）保留。',
      en: 'Removes paired ** bold markers left by PDF or Markdown conversion; runs of three or more asterisks (masked numbers) are kept.',
    },
    find: findBoldMarkers,
  },
  {
    id: 'wiki-line-breaks',
    name: { 'zh-CN': '维基链接断行', en: 'Wiki link line breaks' },
    why: {
      'zh-CN': '维基导出把链接文字单独成行（如“PM\\n2.5\\n）”“M\\n2\\n和”），把这些断在句子中间的换行接回去。',
      en: 'Wiki exports put link text on lines of its own (“PM\\n2.5\\n）”, “M\\n2\\n和”); rejoins these breaks inside sentences.',
    },
    find: findWikiLineBreaks,
  },
  {
    id: 'pdf-line-joins',
    name: { 'zh-CN': 'PDF 分页断句', en: 'PDF page-break joins' },
    why: {
      'zh-CN': 'PDF 分页处的空行或换行把一句话断开：上一行没有以句末标点结束、下一行接着这句话时，把两行接起来；标题（一、（一）等）不接。',
      en: 'A PDF page break splits a sentence with a blank line: where a line does not end a sentence and the next continues it, the two are joined; headings (一、, （一）…) never are.',
    },
    find: findPdfLineJoins,
  },
  {
    id: 'blank-line-runs',
    name: { 'zh-CN': '连续空行', en: 'Runs of blank lines' },
    why: {
      'zh-CN': '把三个及以上的连续换行（中间只有空白）合并为一个空行。',
      en: 'Collapses three or more consecutive line breaks (with only spaces between) into one blank line.',
    },
    find: findBlankLineRuns,
  },
]

export const cleanupRuleIds: readonly string[] = cleanupRules.map((rule) => rule.id)

/** Applies sorted, non-overlapping changes (offsets into `text`). */
export function applyChanges(text: string, changes: readonly CleanupChange[]): string {
  let out = ''
  let at = 0
  for (const { start, end, inserted } of changes) {
    if (start < at || end < start || end > text.length) {
      throw new RangeError(`clean-up changes overlap or are out of order at ${start}–${end}`)
    }
    out += text.slice(at, start) + inserted
    at = end
  }
  return out + text.slice(at)
}

/** What each rule would change in `text`, each on the text as given: only rules with changes. */
export function previewCleanup(text: string): Array<{ rule: CleanupRule; changes: CleanupChange[] }> {
  return cleanupRules
    .map((rule) => ({ rule, changes: rule.find(text) }))
    .filter((entry) => entry.changes.length > 0)
}

/**
 * Runs the enabled rules in the fixed order of `cleanupRules`, each on the previous one's
 * output. `applied` lists, in that order, the rules that changed something (what the document
 * records). Unknown ids are ignored.
 */
export function applyCleanup(text: string, enabledRuleIds: readonly string[]): { text: string; applied: string[] } {
  const enabled = new Set(enabledRuleIds)
  const applied: string[] = []
  let current = text
  for (const rule of cleanupRules) {
    if (!enabled.has(rule.id)) continue
    const changes = rule.find(current)
    if (changes.length === 0) continue
    current = applyChanges(current, changes)
    applied.push(rule.id)
  }
  return { text: current, applied }
}
