// Figures and years in Chinese policy prose. Pure: the attributes panel pre-fills from it, and the
// comparison and suggestion engines read the same numbers, so all three agree on what a span says.
//
// Magnitude rule: 万/亿/千/百 multiply the value, except a run of 万/亿 written directly before a
// currency (元, 美元…), which stays in the unit. Money is reported in the unit the document uses
// (1273.36亿元 → 1273.36 亿元, 5000万元 → 5000 万元, 5千万元 → 5000 万元) while counts are
// normalised (1.1 万家 → 11000 家, 1100万人以上 → 11000000 人), which is the codebook's convention.
// Units are returned in simplified script (億元 → 亿元) so both scripts compare equal.
import type { AnnotationAttributes, Comparator } from './model'

export interface QuantityMatch {
  /** UTF-16 offsets of the figure itself (number, magnitude, unit); cue words lie outside. */
  start: number
  end: number
  raw: string
  /** Lower bound when the figure is a range. */
  value: number
  valueMax?: number
  /** '' when the text names no unit (在孵企业超过1.2万). */
  unit: string
  /** Only when a cue word says so; a bare figure leaves it unset. */
  comparator?: Comparator
}

export type YearRole =
  | 'point' // the year a statement is about
  | 'deadline' // 到2020年 / 至2021年末 opening a target
  | 'since' // 自2016年…以来, 2014年起: the start of a span, not the period of a figure
  | 'base' // 比上年 / 较2015年: the comparison base

export interface YearMention {
  start: number
  end: number
  raw: string
  year: number
  /** End year of a range (2019—2021年), which names a plan period. */
  yearMax?: number
  role: YearRole
}

export interface SuggestOptions {
  documentYear: number | null
  /** Text around the quote, usually its sentence; searched when the quote names no year. */
  context?: string
}

export interface FigureSuggestion {
  match: QuantityMatch
  attributes: AnnotationAttributes
}

// Traditional forms and full-width characters that occur in figures and cues, each folded to one
// UTF-16 unit so that offsets found in the folded text are offsets in the original.
const FOLD_PAIRS =
  '０0１1２2３3４4５5６6７7８8９9．.％%－-—-–-～~\u3000 ' +
  '萬万億亿個个項项兩两點点條条場场戶户輛辆噸吨畝亩處处屆届種种頃顷時时歲岁臺台餘余' +
  '過过達达實实現现約约內内為为於于爭争將将較较與与從从來来' +
  '業业構构機机驗验醫医學学員员職职畢毕總总計计'
const FOLD = new Map<string, string>()
for (let i = 0; i < FOLD_PAIRS.length; i += 2) FOLD.set(FOLD_PAIRS[i], FOLD_PAIRS[i + 1])

// One pass of a character class instead of a loop of string appends: the suggestion engine folds
// every sentence of a document through here, so this is on its hot path.
const FOLD_RE = new RegExp(`[${[...FOLD.keys()].map((ch) => (/[\\\]^-]/.test(ch) ? `\\${ch}` : ch)).join('')}]`, 'g')

function fold(text: string): string {
  return text.replace(FOLD_RE, (ch) => FOLD.get(ch) ?? ch)
}

// Longest first at lookup. Classifiers as well as measures, because counts of firms, projects and
// people are what these documents set targets for. 个月 is listed so that 3个月 is not read as 3 个;
// 届 and 位 are left out because they mostly form ordinals and set phrases (十八届, 五位一体); 次
// counts events (两次降准, 900多次) once its ordinals and set phrases are set aside (ORDINAL_TIMES).
const UNITS = [
  '个百分点', '%', '‰',
  '元', '美元', '港元', '欧元',
  '家', '个', '个月', '人次', '次', '人', '名', '项', '件', '台', '所', '条', '场', '支', '篇', '份',
  '座', '套', '户', '辆', '艘', '架', '种', '处', '株', '倍', '岁', '天', '小时',
  '平方公里', '平方米', '立方米', '公顷', '亩', '公里', '千米', '米', '吨', '千克', '公斤', '斤',
  '千瓦时', '千瓦', '兆瓦',
].sort((a, b) => b.length - a.length)

// Currencies keep the 万/亿 written before them (see the rule at the top).
const CURRENCIES = new Set(['元', '美元', '港元', '欧元'])

const MAGNITUDE_EXPONENT: Record<string, number> = { 百: 2, 千: 3, 万: 4, 亿: 8 }

// Cue written directly before a figure (spaces and ** bold markers from PDF extraction skipped).
// 达到/为 only say "equals" on their own; with 以上 they mean "at least" (see combineCues).
// 控制在 is absent on purpose: 控制在3%左右 is "about", and 控制在3%以内 gets <= from 以内.
const PREFIX_CUES: ReadonlyArray<readonly [string, Comparator]> = [
  ['突破', '>'], ['超过', '>'], ['超', '>'], ['逾', '>'], ['多于', '>'], ['高于', '>'], ['大于', '>'],
  ['不低于', '>='], ['不少于', '>='], ['不小于', '>='], ['至少', '>='],
  ['达到', '='], ['达', '='], ['为', '='], ['实现', '='],
  ['约', '≈'], ['约为', '≈'], ['大约', '≈'], ['近', '≈'], ['接近', '≈'], ['将近', '≈'],
  ['不超过', '<='], ['不高于', '<='], ['不大于', '<='], ['不多于', '<='],
  ['低于', '<'], ['少于', '<'], ['小于', '<'], ['不足', '<'], ['不到', '<'],
]
// A change verb may stand between the cue and the figure: 至少降低30%, 不低于增长6%.
const CHANGE_VERBS = ['增长', '下降', '降低', '提高', '减少', '增加', '上升', '压减']

const SUFFIX_CUES: ReadonlyArray<readonly [string, Comparator]> = [
  ['以上', '>'], ['以下', '<='], ['以内', '<='], ['之内', '<='], ['左右', '≈'], ['上下', '≈'],
]

// Words that open a target when 到/至 follows them (力争到2020年); after a verb (增加至2018年)
// 至 only links two actuals, and 截至 means "as of".
const DEADLINE_LEADS = ['力争', '争取', '计划', '预计', '确保', '目标', '目标是', '努力']

// A count with no unit written still has the classifier its noun always takes: 在孵企业超过1.2万
// counts 家. Only nouns with a single usual classifier are listed.
const IMPLIED_UNITS: ReadonlyArray<readonly [string, string]> = [
  ['企业', '家'], ['公司', '家'], ['机构', '家'], ['实验室', '家'], ['医院', '家'],
  ['高校', '所'], ['学校', '所'],
  ['人口', '人'], ['人才', '人'], ['人员', '人'], ['职工', '人'], ['学生', '人'], ['毕业生', '人'],
]

// 十一届六次全会, 三次产业, 第四次会议: 次 in an ordinal or a set phrase counts nothing.
const ORDINAL_TIMES_BEFORE = /[届第]$/
const ORDINAL_TIMES_AFTER = /^(全会|会议|大会|峰会|代表大会|产业|普查|全体会议|常委会|党代会|修正|修订)/

// Approximations written with a magnitude alone: 近千万 (about ten million), 上百个 (a hundred or
// more), 上亿 (a hundred million or more), 数万名 / 几千万 (several: more than the magnitude).
// The value is the magnitude itself; the word before it gives the comparator. 成千上万 and
// 千千万万 are set phrases meaning "very many" and name no figure.
const APPROXIMATION_RE = /(近|将近|接近|上|逾|数|几)([十百千万亿]+)/y
const APPROXIMATION_COMPARATOR: Record<string, Comparator> = { 近: '≈', 将近: '≈', 接近: '≈', 上: '>=', 逾: '>', 数: '>', 几: '>' }
const APPROXIMATION_START_RE = /近|将近|接近|上|逾|数|几/g

// A doubling: 翻一番 / 翻番 is twice the base, 翻两番 four times. Read as a multiple of the base
// (value 2, unit 倍), the way 增加两倍 is written, rather than as a growth of 100%.
const DOUBLING_RE = /翻(?:了)?(一|两|二|三)?番/g
const DOUBLINGS: Record<string, number> = { 一: 2, 两: 4, 二: 4, 三: 8 }

const CHINESE_DIGITS: Record<string, number> = {
  〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
}
const ARABIC_RE = /\d+(?:,\d{3}(?!\d))*(?:\.\d+)?/y
// A numeral must start with a digit or 十: 百亿级 and 千家万户 are words, not figures.
const CHINESE_RE = /[〇零一二两三四五六七八九十][〇零一二两三四五六七八九十百千万亿]*/y
const FIGURE_START_RE = /[\d〇零一二两三四五六七八九十]/g
const SPACE_RE = /[ \t]/
const CLAUSE_BREAK_RE = /[，,。；;：:、！？!?\n]/

function skipSpaces(s: string, pos: number): number {
  while (pos < s.length && SPACE_RE.test(s[pos])) pos++
  return pos
}

function unitAt(s: string, pos: number): string | null {
  return UNITS.find((unit) => s.startsWith(unit, pos)) ?? null
}

/** 十二 → 12, 一百二十 → 120, 两千 → 2000, 三十万 → 300000. */
function chineseToNumber(numeral: string): number {
  let total = 0
  let section = 0
  let digit = 0
  for (const ch of numeral) {
    if (ch in CHINESE_DIGITS) digit = CHINESE_DIGITS[ch]
    else if (ch === '十' || ch === '百' || ch === '千') {
      section += (digit || 1) * { 十: 10, 百: 100, 千: 1000 }[ch]
      digit = 0
    } else if (ch === '万') {
      total += (section + digit) * 1e4
      section = digit = 0
    } else if (ch === '亿') {
      total = (total + section + digit) * 1e8
      section = digit = 0
    }
  }
  return total + section + digit
}

interface Part {
  end: number
  /** Decimal mantissa kept as text so that 1.14 × 万 is exactly 11400. */
  mantissa: string
  magnitudes: string[]
  unit: string
  more: boolean
  chinese: boolean
}

/** number [magnitudes] [多/余] [magnitudes] [unit], spaces allowed between the pieces. */
function readPart(s: string, start: number): Part | null {
  let mantissa: string
  let magnitudes: string[] = []
  let pos: number
  ARABIC_RE.lastIndex = start
  const arabic = ARABIC_RE.exec(s)
  if (arabic) {
    mantissa = arabic[0].replace(/,/g, '')
    pos = start + arabic[0].length
  } else {
    CHINESE_RE.lastIndex = start
    const chinese = CHINESE_RE.exec(s)
    const run = chinese?.[0]
    // A lone 一 is part of too many words (统一, 唯一, 进一步) to be read as a figure, and two
    // digits side by side (唯一一个, 二〇一九) are words or dates, not a numeral.
    if (!run || run === '一' || /[一二两三四五六七八九][〇零一二两三四五六七八九]/.test(run)) return null
    // Trailing 万/亿 are split off so the currency rule can keep them (三千万元 → 3000 万元).
    const split = /^([^万亿]+)([万亿]+)$/.exec(run)
    mantissa = String(chineseToNumber(split ? split[1] : run))
    if (split) magnitudes = [...split[2]]
    pos = start + run.length
  }
  let more = false
  let unit = ''
  for (;;) {
    const next = skipSpaces(s, pos)
    const found = unitAt(s, next)
    if (found) {
      unit = found
      pos = next + found.length
      break
    }
    const ch = s[next]
    // 百分 after a number starts a new phrase (百分之五), it does not multiply the number.
    if (ch !== undefined && ch in MAGNITUDE_EXPONENT && !(ch === '百' && s.startsWith('百分', next))) {
      magnitudes.push(ch)
    } else if ((ch === '多' || ch === '余') && !more) more = true
    else break
    pos = next + 1
  }
  return { end: pos, mantissa, magnitudes, unit, more, chinese: !arabic }
}

function partValue(part: Part): { value: number; unit: string } {
  const magnitudes = [...part.magnitudes]
  let kept = ''
  if (CURRENCIES.has(part.unit)) {
    while (magnitudes.length > 0 && /[万亿]/.test(magnitudes[magnitudes.length - 1])) {
      kept = magnitudes.pop() + kept
    }
  }
  const exponent = magnitudes.reduce((sum, m) => sum + MAGNITUDE_EXPONENT[m], 0)
  return { value: Number(`${part.mantissa}e${exponent}`), unit: kept + part.unit }
}

function cueBefore(s: string, start: number): Comparator | undefined {
  let end = start
  while (end > 0 && /[\s*]/.test(s[end - 1])) end--
  const verb = CHANGE_VERBS.find((v) => end >= v.length && s.startsWith(v, end - v.length))
  if (verb) end -= verb.length
  let best: readonly [string, Comparator] | undefined
  for (const cue of PREFIX_CUES) {
    const at = end - cue[0].length
    if (at >= 0 && s.startsWith(cue[0], at) && (!best || cue[0].length > best[0].length)) best = cue
  }
  return best?.[1]
}

function cueAfter(s: string, end: number): Comparator | undefined {
  let pos = end
  while (pos < s.length && /[\s*]/.test(s[pos])) pos++
  return SUFFIX_CUES.find(([cue]) => s.startsWith(cue, pos))?.[1]
}

function combineCues(prefix?: Comparator, suffix?: Comparator, more?: boolean): Comparator | undefined {
  // 达到20万家以上 and 不低于…以上 both mean "at least"; 超过…以上 stays strict.
  if (suffix === '>' && (prefix === '=' || prefix === '>=')) return '>='
  // 低于13%左右的预期目标: 左右 hedges the number, the prefix still gives the direction.
  if (suffix === '≈' && prefix !== undefined && prefix !== '=') return prefix
  const stated = suffix ?? prefix
  // 为1700多万: 多 says "more than" whatever verb introduces it.
  return more && (stated === undefined || stated === '=') ? '>' : stated
}

export function parseQuantities(text: string): QuantityMatch[] {
  const s = fold(text)
  const yearSpans = findYears(s, null).map((y) => [y.start, y.end] as const)
  const matches: QuantityMatch[] = []
  let resumeAt = 0
  FIGURE_START_RE.lastIndex = 0
  for (let m = FIGURE_START_RE.exec(s); m; m = FIGURE_START_RE.exec(s)) {
    const start = m.index
    if (start < resumeAt) continue
    const span = yearSpans.find(([a, b]) => start >= a && start < b)
    if (span) {
      resumeAt = span[1]
      continue
    }
    const before = s[start - 1] ?? ''
    // Mid-token (PM2.5, H7N9, a numeral run already rejected) or an ordinal (第3名).
    if (/[A-Za-z\d.〇零一二两三四五六七八九十百千万亿第]/.test(before)) continue
    const first = readPart(s, start)
    if (!first) continue

    let end = first.end
    let { value, unit } = partValue(first)
    let valueMax: number | undefined
    let more = first.more
    const sep = skipSpaces(s, end)
    if ('-~至到'.includes(s[sep] ?? '!')) {
      const second = readPart(s, skipSpaces(s, sep + 1))
      if (second && (first.unit === '' || first.unit === second.unit)) {
        // 3至5万家: the second bound's magnitude and unit belong to both.
        const lower = first.unit === '' && first.magnitudes.length === 0
          ? partValue({ ...second, mantissa: first.mantissa })
          : { value, unit }
        const upper = partValue(second)
        if (upper.value > lower.value && (upper.unit !== '' || second.magnitudes.length > 0)) {
          value = lower.value
          unit = upper.unit
          valueMax = upper.value
          end = second.end
          more ||= second.more
        }
      }
    }
    let figureStart = start
    if (unit === '' && s.startsWith('百分之', start - 3)) {
      figureStart = start - 3
      unit = '%'
    }
    const hasMagnitude = first.magnitudes.length > 0 || valueMax !== undefined
    // 1万6千多户 and 1亿3千多万 mix scripts in a way not read here: omitted rather than misread.
    const continues = /\d/.test(s[skipSpaces(s, end)] ?? '')
    // A numeral right after an opening quote names a slogan (“四个全面”), not a count.
    const slogan = first.chinese && /[“「『"]/.test(before)
    if (continues || slogan || (unit === '' && (first.chinese || !hasMagnitude))) {
      resumeAt = first.end
      continue
    }
    if (unit === '次' && (ORDINAL_TIMES_BEFORE.test(s.slice(Math.max(0, figureStart - 1), figureStart)) || ORDINAL_TIMES_AFTER.test(s.slice(end, end + 5)))) {
      resumeAt = first.end
      continue
    }
    const comparator = combineCues(cueBefore(s, figureStart), cueAfter(s, end), more)
    matches.push({
      start: figureStart,
      end,
      raw: text.slice(figureStart, end),
      value,
      ...(valueMax !== undefined ? { valueMax } : {}),
      unit,
      ...(comparator ? { comparator } : {}),
    })
    resumeAt = end
  }
  return [...matches, ...approximations(s, text, matches), ...doublings(s, text, matches)].sort((a, b) => a.start - b.start)
}

const overlapsAny = (matches: readonly QuantityMatch[], start: number, end: number) =>
  matches.some((match) => match.start < end && start < match.end)

/** 近千万, 上百个, 上亿, 数万名: a magnitude alone, hedged. */
function approximations(s: string, text: string, found: readonly QuantityMatch[]): QuantityMatch[] {
  const matches: QuantityMatch[] = []
  APPROXIMATION_START_RE.lastIndex = 0
  for (let m = APPROXIMATION_START_RE.exec(s); m; m = APPROXIMATION_START_RE.exec(s)) {
    APPROXIMATION_RE.lastIndex = m.index
    const approximation = APPROXIMATION_RE.exec(s)
    if (!approximation) continue
    const [whole, word, magnitudes] = approximation
    const before = s.slice(Math.max(0, m.index - 2), m.index)
    // 成千上万 (上 after 千), 千千万万; 最近 / 附近 / 以上 / 之上 are words of their own.
    if (/[千百最附以之]$/.test(before) || /(.)\1/.test(magnitudes) || magnitudes === '十') continue
    let end = m.index + whole.length
    let unit = ''
    const next = skipSpaces(s, end)
    const found2 = unitAt(s, next)
    if (found2 && !CURRENCIES.has(found2)) {
      unit = found2
      end = next + found2.length
    } else if (found2) {
      // 上亿元: money keeps its magnitude in the unit, as 5000万元 does.
      const kept = /[万亿]+$/.exec(magnitudes)?.[0] ?? ''
      const rest = magnitudes.slice(0, magnitudes.length - kept.length)
      matches.push(approximationMatch(text, m.index, next + found2.length, rest === '' ? 1 : magnitudeValue(rest), kept + found2, word))
      continue
    }
    if (unit === '次' && ORDINAL_TIMES_AFTER.test(s.slice(end, end + 5))) continue
    if (overlapsAny(found, m.index, end)) continue
    matches.push(approximationMatch(text, m.index, end, magnitudeValue(magnitudes), unit, word))
  }
  return matches
}

function magnitudeValue(magnitudes: string): number {
  return Number(`1e${[...magnitudes].reduce((sum, m) => sum + (m === '十' ? 1 : MAGNITUDE_EXPONENT[m]), 0)}`)
}

function approximationMatch(text: string, start: number, end: number, value: number, unit: string, word: string): QuantityMatch {
  // The figure starts at the magnitude: 近/上 are its cue, as 超过 is for 超过2000家.
  const figureStart = start + word.length
  return { start: figureStart, end, raw: text.slice(figureStart, end), value, unit, comparator: APPROXIMATION_COMPARATOR[word] }
}

/** 翻一番 / 翻两番: a multiple of the base, unless the figure it reaches follows (翻番至719亿元). */
function doublings(s: string, text: string, found: readonly QuantityMatch[]): QuantityMatch[] {
  const matches: QuantityMatch[] = []
  DOUBLING_RE.lastIndex = 0
  for (let m = DOUBLING_RE.exec(s); m; m = DOUBLING_RE.exec(s)) {
    const end = m.index + m[0].length
    const after = s.slice(end, end + 8)
    // 三个翻番 counts doublings; 翻番至719亿元 and 在2018年翻番的基础上 state the figure elsewhere.
    if (/^\s*[至到]/.test(after) || /^的?基础上/.test(after) || s[m.index - 1] === '个' || overlapsAny(found, m.index, end)) continue
    matches.push({ start: m.index, end, raw: text.slice(m.index, end), value: DOUBLINGS[m[1] ?? '一'], unit: '倍', comparator: '=' })
  }
  return matches
}

function yearRole(s: string, start: number, end: number): YearRole {
  let before = start
  while (before > 0 && /[\s*]/.test(s[before - 1])) before--
  const head = s.slice(Math.max(0, before - 4), before)
  const tail = s.slice(skipSpaces(s, end), skipSpaces(s, end) + 2)
  if (head.endsWith('自') || tail.startsWith('起') || tail === '以来') return 'since'
  if (/(比|较)$/.test(head)) return 'base'
  // 在2018年翻番的基础上，继续增长77%: the year is what the figure builds on, not its period.
  if (/^[^，,。；;]{0,10}的基础上/.test(s.slice(end, end + 16))) return 'base'
  if (/[到至]$/.test(head) && !head.endsWith('截至')) {
    const lead = head.slice(0, -1)
    const atClauseStart = lead === '' || CLAUSE_BREAK_RE.test(lead[lead.length - 1]) || /[\s（(]$/.test(lead)
    if (atClauseStart || DEADLINE_LEADS.some((word) => lead.endsWith(word))) return 'deadline'
  }
  return 'point'
}

const RELATIVE_YEARS: Record<string, number> = { 今年: 0, 本年: 0, 去年: -1, 上年: -1, 前年: -2, 明年: 1 }
const YEAR_RE = new RegExp(
  [
    /(?<![\d.])(\d{4})(?:\s*[-~至到]\s*(\d{4}))?\s*年[度末底]?/.source,
    /(?<![\d.])(\d{4})\s*[-~]\s*(\d{4})(?![\d.])/.source, // a plan period in brackets: (2015-2017)
    /([〇零一二三四五六七八九]{4})年[度末底]?/.source,
    /(今年|本年|去年|上年|前年|明年)/.source,
  ].join('|'),
  'g',
)
const isYear = (y: number) => y >= 1900 && y <= 2200

function findYears(s: string, documentYear: number | null): Array<Omit<YearMention, 'raw'>> {
  const found: Array<Omit<YearMention, 'raw'>> = []
  YEAR_RE.lastIndex = 0
  for (let m = YEAR_RE.exec(s); m; m = YEAR_RE.exec(s)) {
    const [whole, y1, y1Max, bare, bareMax, chinese, relative] = m
    let year: number
    let yearMax: number | undefined
    if (y1 !== undefined || bare !== undefined) {
      year = Number(y1 ?? bare)
      const max = y1Max ?? bareMax
      yearMax = max === undefined ? undefined : Number(max)
      if (!isYear(year) || (yearMax !== undefined && (!isYear(yearMax) || yearMax <= year))) continue
      // 2000-3000家 is a range of counts, not of years.
      if (bare !== undefined && unitAt(s, skipSpaces(s, m.index + whole.length))) continue
    } else if (chinese !== undefined) {
      year = Number([...chinese].map((ch) => CHINESE_DIGITS[ch]).join(''))
      if (!isYear(year)) continue
    } else {
      // 以上年均增长 is 以上 + 年均, not 上年; relative years need the document's year.
      if (documentYear === null || (relative === '上年' && s[m.index - 1] === '以')) continue
      year = documentYear + RELATIVE_YEARS[relative]
    }
    const end = m.index + whole.length
    found.push({
      start: m.index,
      end,
      year,
      ...(yearMax !== undefined ? { yearMax } : {}),
      role: yearRole(s, m.index, end),
    })
  }
  return found
}

export function parseYears(text: string, documentYear: number | null): YearMention[] {
  return findYears(fold(text), documentYear).map((y) => ({ ...y, raw: text.slice(y.start, y.end) }))
}

// A year the figure can belong to: a single year that is neither a start point nor a base.
function periodCandidates(years: YearMention[]): YearMention[] {
  return years.filter((y) => y.yearMax === undefined && (y.role === 'point' || y.role === 'deadline'))
}

// Chinese puts the time before what happens in it, so only years written before the figure count:
// in 争取总量达到15万家,2020年达到20万家以上 the 2020 belongs to the next clause.
function lastBefore(years: YearMention[], offset: number): YearMention | undefined {
  return years.filter((y) => y.end <= offset).at(-1)
}

function impliedUnit(s: string, start: number): string | undefined {
  let clauseStart = start
  while (clauseStart > 0 && !CLAUSE_BREAK_RE.test(s[clauseStart - 1])) clauseStart--
  const clause = s.slice(clauseStart, start)
  let best: { at: number; unit: string } | undefined
  for (const [noun, unit] of IMPLIED_UNITS) {
    const at = clause.lastIndexOf(noun)
    if (at >= 0 && (!best || at + noun.length > best.at)) best = { at: at + noun.length, unit }
  }
  return best?.unit
}

function yearAttributes(year: YearMention | undefined): AnnotationAttributes {
  if (!year) return {}
  return { periodYear: year.year, ...(year.role === 'deadline' ? { deadlineYear: year.year } : {}) }
}

/** Attributes for every figure in the quote, in text order (the suggestion engine's view). */
export function suggestEachFigure(quote: string, options: SuggestOptions): FigureSuggestion[] {
  const { quoteYears, contextYear } = yearsAround(quote, options)
  const folded = fold(quote)
  return parseQuantities(quote).map((match) => {
    const unit = match.unit || impliedUnit(folded, match.start)
    const attributes: AnnotationAttributes = {
      value: match.value,
      ...(match.valueMax !== undefined ? { valueMax: match.valueMax } : {}),
      ...(unit ? { unit } : {}),
      // A figure stated without a hedging cue is stated as exact.
      comparator: match.comparator ?? '=',
      ...yearAttributes(lastBefore(quoteYears, match.start) ?? contextYear),
    }
    return { match, attributes }
  })
}

/** The best single guess for a selected span: its first figure, and the year that figure is about. */
export function suggestAttributes(quote: string, options: SuggestOptions): AnnotationAttributes {
  const [first] = suggestEachFigure(quote, options)
  if (first) return first.attributes
  const { quoteYears, contextYear } = yearsAround(quote, options)
  return yearAttributes(quoteYears.at(-1) ?? contextYear)
}

function yearsAround(quote: string, options: SuggestOptions) {
  const quoteYears = periodCandidates(parseYears(quote, options.documentYear))
  let contextYear: YearMention | undefined
  if (options.context) {
    const at = options.context.indexOf(quote)
    // When the quote cannot be located, the whole context is taken as preceding it.
    const limit = at >= 0 ? at : options.context.length
    contextYear = lastBefore(periodCandidates(parseYears(options.context, options.documentYear)), limit)
  }
  return { quoteYears, contextYear }
}
