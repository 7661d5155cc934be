// Which codebook indicator a span is about. For a figure: the alias nearest before it in its own
// clause (Chinese names the subject just before the number), whose unit the figure can be brought
// to (a % figure is not an amount in 亿元), and not an increment (净增/新增) when the clause says the
// figure is a total (总数突破1.1万家). A clause that only continues the one before it (比上年增长…,
// 总数…) looks back through its sentence. For a span without a figure: the first alias it names
// outside an enumeration (…、科技孵化器、产业园区等 lists resources, it does not name the subject).
import { conversionFactor } from '../compare'
import { foldForMatching } from '../fold'
import type { Indicator } from '../model'

interface Alias {
  indicator: Indicator
  alias: string
}

/** Folded aliases per codebook (codebooks are replaced, not mutated, when edited). */
const aliasCache = new WeakMap<readonly Indicator[], Alias[]>()

function aliasesOf(indicators: readonly Indicator[]): Alias[] {
  let aliases = aliasCache.get(indicators)
  if (!aliases) {
    aliases = indicators.flatMap((indicator) =>
      [indicator.name, ...indicator.aliases].map((alias) => ({ indicator, alias: foldForMatching(alias) })).filter((a) => a.alias !== ''),
    )
    aliasCache.set(indicators, aliases)
  }
  return aliases
}

const INCREMENT_WORDS = /净增|新增|淨增|增量/
/** An indicator that counts what was added, not what there is. */
export function isIncrement(indicator: Indicator): boolean {
  return [indicator.name, ...indicator.aliases].some((name) => INCREMENT_WORDS.test(name))
}

/** Words that make a figure a total or stock, after the subject: 总数突破1.1万家, 累计发放. */
const TOTAL_WORDS = /总数|总量|总计|合计|累计|共有|现有|已有|存量/
/** A clause opening with these continues the one before it, which names what is measured. */
// 占…比重 is not among them: a share is a quantity of its own, not its subject's.
const CONTINUES = /^(比|较|同比|增长|提高|下降|上升|达到|达|其中|总数|总量|总额|总计|合计|累计|共|规模|年均|分别)/
/** Between an alias and the figure, these make the figure another quantity: 占国内生产总值比例4%, 对经济增长贡献率60%. */
const ANOTHER_QUANTITY = /比重|比例|贡献率|占比|占/
/** Characters a short alias (高企) may follow: it stands as a word there, not inside one (提高企业). */
const SHORT_ALIAS_AFTER = /[\s，,：:；;。、（(“"的和与及市省区县全]/
const CLAUSE_BREAK = /[，,：:；;。！？!?\n]/

export interface FigurePlace {
  /** The sentence's start: the search never crosses it. */
  sentenceStart: number
  /** Where the figure's clause starts (after ，；： or after the figure before it). */
  clauseStart: number
  figureStart: number
  /** The figure's unit as written ('' when none). */
  unit: string
}

/** A two-character alias counts only where it stands as a word. */
function standsAlone(folded: string, at: number, alias: string): boolean {
  return alias.length > 2 || at === 0 || SHORT_ALIAS_AFTER.test(folded[at - 1])
}

function unitFits(unit: string, indicator: Indicator): boolean {
  return unit === '' || conversionFactor(unit, indicator.unit) !== null
}

/** The alias occurrence ending nearest `until` inside folded[from, until), longest on a tie. */
function nearestIn(
  folded: string,
  from: number,
  until: number,
  indicators: readonly Indicator[],
  accept: (alias: Alias, at: number) => boolean,
): Indicator | null {
  const window = folded.slice(from, until)
  let best: { alias: Alias; end: number } | null = null
  for (const candidate of aliasesOf(indicators)) {
    let at = window.lastIndexOf(candidate.alias)
    while (at >= 0) {
      const end = at + candidate.alias.length
      if (standsAlone(folded, from + at, candidate.alias) && accept(candidate, from + at)) {
        if (!best || end > best.end || (end === best.end && candidate.alias.length > best.alias.alias.length)) best = { alias: candidate, end }
        break
      }
      at = at === 0 ? -1 : window.lastIndexOf(candidate.alias, at - 1)
    }
  }
  return best?.alias.indicator ?? null
}

function clauseStartBefore(folded: string, from: number, floor: number): number {
  let i = from
  while (i > floor && !CLAUSE_BREAK.test(folded[i - 1])) i--
  return i
}

/** The indicator a figure measures, from the folded document text around it. */
export function indicatorForFigure(folded: string, place: FigurePlace, indicators: readonly Indicator[]): Indicator | null {
  let clauseStart = Math.max(place.sentenceStart, place.clauseStart)
  const figureStart = place.figureStart
  for (;;) {
    const clause = folded.slice(clauseStart, figureStart)
    const total = TOTAL_WORDS.exec(clause)
    const found = nearestIn(folded, clauseStart, figureStart, indicators, ({ indicator, alias }, at) => {
      if (!unitFits(place.unit, indicator)) return false
      if (ANOTHER_QUANTITY.test(folded.slice(at + alias.length, figureStart))) return false
      // A total said after the subject (新增…超过2000家，总数突破1.1万家) is not an increment.
      if (total && isIncrement(indicator) && clauseStart + total.index >= at + alias.length) return false
      return true
    })
    if (found) return found
    const opener = folded.slice(clauseStart, figureStart).replace(/^[\s*“"]+/, '')
    if (clauseStart <= place.sentenceStart || !CONTINUES.test(opener)) return null
    // Step back over the break into the clause before, keeping the total words of this one.
    const previousEnd = clauseStart - 1
    const previousStart = clauseStartBefore(folded, previousEnd, place.sentenceStart)
    const previous = nearestIn(folded, previousStart, previousEnd, indicators, ({ indicator }) => {
      if (!unitFits(place.unit, indicator)) return false
      return !(total && isIncrement(indicator))
    })
    if (previous) return previous
    clauseStart = previousStart
    if (!CONTINUES.test(folded.slice(previousStart, previousEnd).replace(/^[\s*“"]+/, ''))) return null
  }
}

/** A 、-list item ending in 等 (科技金融资本、科技孵化器、产业园区等): mentioned, not the subject. */
function inEnumeration(folded: string, at: number, end: number, floor: number, ceiling: number): boolean {
  let a = at
  while (a > floor && !/[，,：:；;。、]/.test(folded[a - 1])) a--
  let b = end
  while (b < ceiling && !/[，,：:；;。、]/.test(folded[b])) b++
  const listedBefore = a > floor && folded[a - 1] === '、'
  const listedAfter = b < ceiling && folded[b] === '、'
  return listedBefore || listedAfter
}

/** The indicator a span without a figure names: its first alias outside an enumeration. */
export function indicatorForSpan(folded: string, start: number, end: number, indicators: readonly Indicator[]): Indicator | null {
  const window = folded.slice(start, end)
  let best: { alias: Alias; at: number } | null = null
  for (const candidate of aliasesOf(indicators)) {
    let at = window.indexOf(candidate.alias)
    while (at >= 0 && (!standsAlone(folded, start + at, candidate.alias) || inEnumeration(folded, start + at, start + at + candidate.alias.length, start, end))) {
      at = window.indexOf(candidate.alias, at + 1)
    }
    if (at < 0) continue
    if (!best || at < best.at || (at === best.at && candidate.alias.length > best.alias.alias.length)) best = { alias: candidate, at }
  }
  return best?.alias.indicator ?? null
}

/** The indicator a piece of text names (a quote without its document): folded here. */
export function indicatorNamedIn(text: string, indicators: readonly Indicator[]): Indicator | null {
  const folded = foldForMatching(text)
  return indicatorForSpan(folded, 0, folded.length, indicators)
}
