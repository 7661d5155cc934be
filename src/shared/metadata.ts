// Detects a document's title and metadata from its text. Pure: used by the importer in main
// and the CLI, tested against the hand-checked facts in the shared fixture.
import { toSimplifiedScript } from './fold'
import type { DocumentMeta, DocumentType, Script } from './model'

export interface DetectedMetadata {
  title: string
  meta: DocumentMeta
}

/** Lines that web captures wrap around the real text; never a title. */
const navigationLine =
  /^(手机版|無障礙|无障碍|扫一扫|掃一掃|您当前所在位置|您當前所在位置|首页|首頁|来源|來源|发布时间|發布時間|相关新闻|相關新聞|打印|关闭|關閉|【|字号|字號)/

/** Endings that mark a line as a document title (函, 计划, 报告 …). */
const titleEnding =
  /(函|通知|计划|計劃|规划|規劃|方案|意见|意見|办法|辦法|报告|報告|总结|總結|安排|决定|決定|答复|答覆|建议|建議|提案|（[^）]*年）|\([^)]*年\))$/

/** 一、 (一) 1. 第一章: headings inside the body, not the document's title. */
const sectionHeading = /^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|第[一二三四五六七八九十]+[章节条部分])/

const sentencePunctuation = /[。；;！!？?]|[，,].*[，,]/

const chineseDigits: Record<string, number> = {
  〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
}

/** Reads 二〇一九 (digit by digit) or 二十九 / 十二 (with 十) as a number. */
function chineseNumeral(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text)
  if (!text.includes('十')) {
    let value = 0
    for (const ch of text) {
      const digit = chineseDigits[ch]
      if (digit === undefined) return null
      value = value * 10 + digit
    }
    return value
  }
  const [tens, ones] = text.split('十')
  const tensValue = tens === '' ? 1 : chineseDigits[tens]
  const onesValue = ones === '' ? 0 : chineseDigits[ones]
  if (tensValue === undefined || onesValue === undefined) return null
  return tensValue * 10 + onesValue
}

const numeral = '[0-9〇零一二三四五六七八九十]'
const fullDatePattern = new RegExp(
  `(${numeral}{4})\\s*年\\s*(${numeral}{1,3})\\s*月\\s*(${numeral}{1,3})\\s*日|(\\d{4})-(\\d{1,2})-(\\d{1,2})`,
  'g',
)

export interface FoundDate {
  iso: string
  year: number
  index: number
  /** The date stands alone on its line, as under a letter's signature. */
  standalone: boolean
}

export function findFullDates(text: string): FoundDate[] {
  const found: FoundDate[] = []
  for (const match of text.matchAll(fullDatePattern)) {
    const [y, m, d] = match[1] ? [match[1], match[2], match[3]] : [match[4], match[5], match[6]]
    const year = chineseNumeral(y)
    const month = chineseNumeral(m)
    const day = chineseNumeral(d)
    if (year === null || month === null || day === null) continue
    if (year < 1949 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31) continue
    const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
    const lineStart = text.lastIndexOf('\n', match.index) + 1
    const lineEndAt = text.indexOf('\n', match.index)
    const line = text.slice(lineStart, lineEndAt === -1 ? text.length : lineEndAt)
    found.push({ iso, year, index: match.index, standalone: line.trim() === match[0].trim() })
  }
  return found
}

function candidateLines(text: string): string[] {
  const lines: string[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/[\s\u3000]+/g, ' ').trim()
    if (line === '' || navigationLine.test(line)) continue
    lines.push(line)
    if (lines.length >= 40) break
  }
  return lines
}

/** 各位代表： 李鹰代表: 陶天权委员: 同志们！ — the greeting of a speech or a letter, never a title. */
const salutation =
  /^(?:各位\S{1,4}|同志们|同志們|\S{1,8}(?:代表|委员|委員|同志|先生|女士))\s*[:：!！,，]?$|[:：]$/

export function detectTitle(text: string, fileName: string): string {
  const lines = candidateLines(text)
  let best: { line: string; score: number } | null = null
  for (const line of lines) {
    const cleaned = line.replace(/^[—–-]+\s*/, '').replace(/^\*+|\*+$/g, '').trim()
    if (cleaned.length < 6 || cleaned.length > 100 || sentencePunctuation.test(cleaned)) continue
    if (salutation.test(cleaned) || sectionHeading.test(cleaned)) continue
    let score = 0
    if (titleEnding.test(cleaned)) score += 3
    if (/关于|關於/.test(cleaned)) score += 1
    if (/工作总结|工作安排|工作總結|行动计划|行動計劃|政府工作报告/.test(cleaned)) score += 2
    if (score > (best?.score ?? 0)) best = { line: cleaned, score }
  }
  if (best) return best.line
  // A reply letter often has no title line: name it after the proposal it answers.
  const answered = /您提出的(《[^》]{2,80}》)/.exec(text)
  if (answered) return `${answered[1]}的答复`
  // A government work report often starts straight with 各位代表：; name it after its year.
  if (/向大会报告(?:过去五年)?政府工作|向大會報告(?:過去五年)?政府工作/.test(text.slice(0, 3000))) {
    return governmentWorkReportTitle(text, fileName)
  }
  const firstLine = lines.find((line) => line.length >= 4 && line.length <= 100 && !salutation.test(line))
  return firstLine ?? fileName.replace(/\.[^.]+$/, '')
}

/** 2019年政府工作报告 (報告 in a traditional-script text), from the year the text gives. */
function governmentWorkReportTitle(text: string, fileName: string): string {
  const year = detectYear(text, '', fileName)
  const report = detectScript(text) === 'zh-Hant' ? '政府工作報告' : '政府工作报告'
  return year === null ? report : `${year}年${report}`
}

export function detectYear(text: string, title: string, fileName: string): number | null {
  const dates = findFullDates(text)
  if (dates.length > 0) return Math.max(...dates.map((date) => date.year))
  const titleYears = [...title.matchAll(/(\d{4})\s*年?/g)].map((m) => Number(m[1]))
  const plausible = titleYears.filter((year) => year >= 1949 && year <= 2200)
  if (plausible.length > 0) return Math.max(...plausible)
  // A work report reviews the year before the one it is delivered in: 一、2018年工作回顾.
  const reviewed = /[一1][、.．]\s*(\d{4})\s*年(?:和今年以来)?工作回顾|[一1][、.．]\s*(\d{4})\s*年(?:和今年以來)?工作回顧/.exec(
    text.slice(0, 5000),
  )
  if (reviewed) return Number(reviewed[1] ?? reviewed[2]) + 1
  const fromFile = /(19[4-9]\d|2[01]\d\d)/.exec(fileName)
  return fromFile ? Number(fromFile[1]) : null
}

export function detectDocumentType(text: string, title: string): DocumentType {
  const head = `${title}\n${text.slice(0, 3000)}`
  if (/政府工作报告|政府工作報告|向大会报告(?:过去五年)?政府工作|向大會報告(?:過去五年)?政府工作/.test(head)) return 'government-work-report'
  // A reply letter is addressed to an NPC deputy (代表) or a CPPCC member (委员); the
  // salutation says which more reliably than words in a web page's breadcrumbs.
  const addressedTo = /^\s*\S{1,6}(代表|委员|委員)[:：]/m.exec(head)?.[1]
  const isReply = /答复|答覆|函复|函復|收悉/.test(head)
  if (isReply && addressedTo === '代表') return 'reply-to-npc-suggestion'
  if (isReply && addressedTo) return 'reply-to-cppcc-proposal'
  if (isReply && /提案/.test(title)) return 'reply-to-cppcc-proposal'
  if (isReply && /建议|建議/.test(title)) return 'reply-to-npc-suggestion'
  if (/行动计划|行動計劃|实施方案|實施方案/.test(title)) return 'action-plan'
  if (/工作总结|工作總結/.test(head) && /工作安排|工作计划|工作計劃/.test(head)) return 'work-summary-and-plan'
  return 'other'
}

/** Traditional when a noticeable share of Han characters change under 繁→简 conversion. */
export function detectScript(text: string): Script {
  const sample = text.slice(0, 5000)
  const converted = toSimplifiedScript(sample)
  let han = 0
  let changed = 0
  const limit = Math.min(sample.length, converted.length)
  for (let i = 0; i < limit; i++) {
    if (/\p{Script=Han}/u.test(sample[i])) {
      han++
      if (sample[i] !== converted[i]) changed++
    }
  }
  return han > 0 && changed / han > 0.03 ? 'zh-Hant' : 'zh-Hans'
}

/** 穗科创函〔2017〕830号, 穗科字〔2019〕316號, 国办发[2018]32号, 粤府（2019）5号, 穗府［2016］3号,
 * 穗科函【2021】15号, with full-width digits too. The document's own characters are kept. */
const docNumberPattern =
  /[\u4e00-\u9fff]{1,10}\s*[〔［[(（【]\s*[0-9０-９]{4}\s*[〕］\])）】]\s*第?\s*[0-9０-９]{1,5}\s*[号號]/g

export function detectDocNumber(text: string): string | null {
  const head = text.slice(0, 3000)
  let first: string | null = null
  for (const match of head.matchAll(docNumberPattern)) {
    const found = match[0].replace(/\s+/g, '')
    // The document's own number stands on a line of its own; others are cited in sentences.
    const lineStart = head.lastIndexOf('\n', match.index) + 1
    const lineEnd = head.indexOf('\n', match.index)
    const line = head.slice(lineStart, lineEnd === -1 ? head.length : lineEnd).replace(/\s+/g, '')
    if (line === found) return found
    first ??= found
  }
  return first
}

// ---------------------------------------------------------------------------------------------
// Issuer

/** The endings of an issuing body's name, longest first, in both scripts. */
const organisationSuffix =
  '人民代表大会常务委员会|人民代表大會常務委員會|人民政府|委员会|委員會|办公厅|辦公廳|办公室|辦公室|领导小组|領導小組|' +
  '联合会|聯合會|研究室|管理局|总局|總局|协会|協會|学会|學會|商会|商會|集团|集團|公司|银行|銀行|研究院|研究所|中心|' +
  '政府|法院|检察院|檢察院|局|厅|廳|委|部|署|院|办|辦|处|處|室|所'

/** A line that is nothing but one or more bodies' names: 广州市科学技术局, 廣州市科學技術局. */
const organisationLine = new RegExp(
  `^(?:[\\u4e00-\\u9fff]{2,30}?(?:${organisationSuffix})(?:[\\s、,，]+|$))+$`,
)
const organisationPrefix = new RegExp(
  `^([\\u4e00-\\u9fff]{2,30}?(?:${organisationSuffix}))(?=关于|關於|印发|印發|\\s*\\d{4}|\\s*[0-9０-９]{4}|文件)`,
)

function isOrganisationLine(line: string): boolean {
  return line.length >= 4 && line.length <= 80 && organisationLine.test(line)
}

/** The bodies named just above a signature date (one per line, or several on one line). */
function signatories(lines: string[], dateLine: number): string[] {
  const names: string[] = []
  for (let i = dateLine - 1; i >= 0 && dateLine - i <= 6; i--) {
    const line = lines[i]
    if (line === '') continue
    if (!isOrganisationLine(line)) break
    names.unshift(...line.split(/[\s、,，]+/).filter((name) => name !== ''))
  }
  return names
}

/**
 * The body that issued the document, in the document's own script: the signature above the
 * signing date (joint signatures joined with 、), else the 广州市XX局 a title begins with (关于…,
 * or a year), else the government a work report is delivered for (我代表国务院), else the
 * 来源 line of a web capture.
 */
export function detectIssuer(text: string, title: string): string | null {
  const lines = text.split(/\r?\n/).map((line) => line.replace(/[\s\u3000\u00a0]+/g, ' ').trim())
  const standaloneDates = findFullDates(text).filter((date) => date.standalone)
  for (const date of standaloneDates.reverse()) {
    const dateLine = text.slice(0, date.index).split('\n').length - 1
    const names = signatories(lines, dateLine)
    if (names.length > 0) return names.join('、')
  }
  const titled = organisationPrefix.exec(title.replace(/^[—–-]+\s*/, '').trim())
  if (titled) return titled[1]
  const speaker = /我代表([\u4e00-\u9fff]{0,12}?(?:国务院|國務院|人民政府|政府))/.exec(text.slice(0, 3000))
  if (speaker) return speaker[1]
  for (const line of lines.slice(0, 60)) {
    const source = /^(?:来源|來源|信息来源|信息來源)\s*[:：]\s*([\u4e00-\u9fff]{2,30})/.exec(line)
    if (source && new RegExp(`(?:${organisationSuffix})$`).test(source[1])) return source[1]
  }
  return null
}

export function detectMetadata(text: string, fileName: string): DetectedMetadata {
  let title = detectTitle(text, fileName)
  const docType = detectDocumentType(text, title)
  // A report whose first title-like line is something else (a news agency's dateline) is still
  // named as what it is.
  if (docType === 'government-work-report' && !/政府工作[报報]告/.test(title)) {
    title = governmentWorkReportTitle(text, fileName)
  }
  const dates = findFullDates(text)
  // A signature date dates the document; a web page's publication stamp only says when it was posted.
  const signed = dates.filter((date) => date.standalone)
  const latest = (signed.length > 0 ? signed : dates).reduce<FoundDate | null>(
    (best, date) => (best === null || date.iso > best.iso ? date : best),
    null,
  )
  return {
    title,
    meta: {
      year: detectYear(text, title, fileName),
      date: latest?.iso ?? null,
      docNumber: detectDocNumber(text),
      issuer: detectIssuer(text, title),
      docType,
      script: detectScript(text),
    },
  }
}
