import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { anchor, locateQuote, selectorFor, type AnchorResult, type TextSelector } from '../../src/shared/anchoring'
import { clampToCodePointBoundary } from '../../src/shared/offsets'
import { seedsDir } from '../support/paths'

/** Seed 003: a 2019 work summary extracted from PDF, with spaces like `2018 年` and `2000 家`. */
const seed = readFileSync(join(seedsDir, '003_1da18392a39b6ff1.txt'), 'utf8')

/** Selector of the n-th (0-based) occurrence of `quote` in `text`. */
function selectorOf(text: string, quote: string, occurrence = 0): TextSelector {
  let at = -1
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(quote, at + 1)
    if (at === -1) throw new Error(`occurrence ${occurrence} of ${quote} not in text`)
  }
  return selectorFor(text, at, at + quote.length)
}

function at(text: string, needle: string): number {
  const found = text.indexOf(needle)
  if (found === -1) throw new Error(`${needle} not in text`)
  return found
}

function expectWholeCodePoints(text: string, result: AnchorResult | null): void {
  if (result === null) return
  expect(clampToCodePointBoundary(text, result.start)).toBe(result.start)
  expect(clampToCodePointBoundary(text, result.end)).toBe(result.end)
}

// Hand-counted UTF-16 units: 甲0 方1 承2 诺3 𠀀4-5 年6 内7 完8 成9 😀10-11 目12 标13 ，14 乙15 方16
// 👩17-18 ZWJ19 👩20-21 ZWJ22 👧23-24 在25 𡈽26-27 地28 区29 完30 成31 目32 标33 。34 (length 35)
const FAMILY = '👩\u200d👩\u200d👧'
const mixed = `甲方承诺𠀀年内完成😀目标，乙方${FAMILY}在𡈽地区完成目标。`

describe('selectorFor', () => {
  it('has the hand-counted length', () => expect(mixed.length).toBe(35))

  it.each([
    // [name, text, start, end, expected]
    [
      'at the start: no prefix, suffix is the rest (under 32 units)',
      mixed,
      0,
      4,
      { start: 0, end: 4, quote: '甲方承诺', prefix: '', suffix: `𠀀年内完成😀目标，乙方${FAMILY}在𡈽地区完成目标。` },
    ],
    [
      'at the end: no suffix, prefix is the last 32 units before',
      mixed,
      34,
      35,
      { start: 34, end: 35, quote: '。', prefix: `承诺𠀀年内完成😀目标，乙方${FAMILY}在𡈽地区完成目标`, suffix: '' },
    ],
    [
      'a start inside 𡈽 widens the span to the whole character',
      mixed,
      27,
      30,
      { start: 26, end: 30, quote: '𡈽地区', prefix: `甲方承诺𠀀年内完成😀目标，乙方${FAMILY}在`, suffix: '完成目标。' },
    ],
    [
      'an end inside a pair widens to its end',
      'a𠀀b',
      0,
      2,
      { start: 0, end: 3, quote: 'a𠀀', prefix: '', suffix: 'b' },
    ],
    [
      'a prefix that would start inside 𠀀 is one unit shorter',
      `a𠀀${'x'.repeat(31)}Q`,
      34,
      35,
      { start: 34, end: 35, quote: 'Q', prefix: 'x'.repeat(31), suffix: '' },
    ],
    [
      'a suffix that would end inside 😀 is one unit shorter',
      `Q${'x'.repeat(31)}😀`,
      0,
      1,
      { start: 0, end: 1, quote: 'Q', prefix: '', suffix: 'x'.repeat(31) },
    ],
    [
      'a combining mark is not glued to its base',
      'cafe\u0301s',
      0,
      4,
      { start: 0, end: 4, quote: 'cafe', prefix: '', suffix: '\u0301s' },
    ],
  ])('%s', (_name, text, start, end, expected) => {
    expect(selectorFor(text, start, end)).toEqual(expected)
  })

  it('matches the 32-unit slices the store used to build inline, on a BMP seed sentence', () => {
    const start = at(seed, '我市入选英国《自然》杂志全球科研城市 50 强')
    const end = start + '我市入选英国《自然》杂志全球科研城市 50 强'.length
    expect(selectorFor(seed, start, end)).toEqual({
      start,
      end,
      quote: '我市入选英国《自然》杂志全球科研城市 50 强',
      prefix: seed.slice(start - 32, start),
      suffix: seed.slice(end, end + 32),
    })
    expect(selectorFor(seed, start, end).prefix).toBe('态环境，积极共建粤港澳大湾区国际科技创新中心，建设科技创新强市。')
    expect(selectorFor(seed, start, end).suffix).toBe('（排名第 25 位）。科技创新工作主要表现为“两个率先”“三个一')
  })

  it.each([
    ['end before start', 3, 2],
    ['negative start', -1, 2],
    ['end past the text', 0, 36],
    ['fractional', 0.5, 2],
  ])('rejects %s', (_name, start, end) => {
    expect(() => selectorFor(mixed, start, end)).toThrow(RangeError)
  })
})

describe('anchor: the quote is still where it was', () => {
  it.each([
    ['seed sentence with PDF spaces', seed, '2018 年新增高新技术企业超过 2000 家', 0],
    ['second of two identical quotes', seed, '新增高新技术企业超过 2000 家', 1],
    ['supplementary Han 𡈽', mixed, '在𡈽地区', 0],
    ['ZWJ family', mixed, FAMILY, 0],
  ])('%s', (_name, text, quote, occurrence) => {
    const selector = selectorOf(text, quote, occurrence)
    expect(anchor(text, selector)).toEqual({ start: selector.start, end: selector.end, method: 'exact-position', score: 1 })
  })
})

describe('anchor: text inserted or removed before the span (exact quote, shifted)', () => {
  const title = '强化科技创新引领 推动高质量发展 共建粤港澳大湾区国际科技创新中心\n\n'
  it.each([
    // [name, old text, quote, occurrence, new text, expected start in new text, expected score]
    ['a preface inserted before', seed, '4 亿元规模的科技型中小企业信贷风险补偿资金池', 0, `【前言】\n${seed}`, 855 + 5, 1],
    ['the title line removed', seed, '4 亿元规模的科技型中小企业信贷风险补偿资金池', 0, seed.replace(title, ''), 855 - title.length, 1],
    ['😀 inserted before 𡈽 (two UTF-16 units)', mixed, '在𡈽地区', 0, `😀${mixed}`, 27, 1],
    // The stored prefix was the whole text before the span (15 units); 13 are left: 2 edits of 15.
    ['𠀀 removed before the family', mixed, `乙方${FAMILY}`, 0, mixed.replace('𠀀', ''), 13, (20 * (1 - 2 / 15) + 20) / 40],
    [
      // 个 → 大 in `——四个突破：`, inside the 32 units before the span: one edit of 32.
      'the context itself edited: found, with a lower score',
      seed,
      '新增高新技术企业超过 2000 家，总数',
      0,
      `【前言】\n${seed.replace('——四个突破：', '——四大突破：')}`,
      800 + 5,
      (20 * (1 - 1 / 32) + 20) / 40,
    ],
  ])('%s', (_name, oldText, quote, occurrence, newText, expectedStart, expectedScore) => {
    const selector = selectorOf(oldText, quote, occurrence)
    const result = anchor(newText, selector)
    expect(result).toMatchObject({ start: expectedStart, end: expectedStart + quote.length, method: 'exact-quote' })
    expect(result?.score).toBeCloseTo(expectedScore, 12)
    expect(newText.slice(expectedStart, expectedStart + quote.length)).toBe(quote)
    expectWholeCodePoints(newText, result)
  })
})

describe('anchor: the quote occurs several times', () => {
  it('context decides even when another occurrence is now nearer the old start', () => {
    // 新增高新技术企业超过 2000 家 is at 800 (四个突破) and 1899 (2018 年…). We annotated the
    // second; 1200 units inserted between them put it at 3099, while the first stays at 800,
    // 1099 from the old start against 1200.
    const quote = '新增高新技术企业超过 2000 家'
    const selector = selectorOf(seed, quote, 1)
    expect(selector.start).toBe(1899)
    const insertAt = at(seed, '一、2018 年主要工作成效') // between the two, far from both contexts
    expect(insertAt).toBeGreaterThan(800 + 64)
    expect(insertAt).toBeLessThan(1899 - 64)
    const edited = seed.slice(0, insertAt) + '补'.repeat(1200) + seed.slice(insertAt)
    expect(anchor(edited, selector)).toEqual({ start: 3099, end: 3099 + quote.length, method: 'exact-quote', score: 1 })
  })

  it('the first occurrence is found by its own context too', () => {
    const quote = '新增高新技术企业超过 2000 家'
    const selector = selectorOf(seed, quote, 0)
    const edited = `${seed.slice(0, 1000)}${'补'.repeat(1200)}${seed.slice(1000)}`
    expect(anchor(edited, { ...selector, start: 2500, end: 2517 })).toMatchObject({ start: 800, method: 'exact-quote' })
  })

  it('identical contexts (a duplicated paragraph): the one nearest the old start wins', () => {
    const paragraph = seed.slice(at(seed, '——四个突破：'), at(seed, '——四个突破：') + 200)
    const doubled = `${paragraph}\n${paragraph}`
    const quote = '4 亿元规模的科技型中小企业信贷风险补偿资金池'
    const second = selectorOf(doubled, quote, 1)
    expect(second.start).toBe(201 + paragraph.indexOf(quote))
    const result = anchor(`前言：${doubled}`, second)
    expect(result).toEqual({ start: second.start + 3, end: second.end + 3, method: 'exact-quote', score: 1 })
    const first = selectorOf(doubled, quote, 0)
    expect(anchor(`前言：${doubled}`, first)).toMatchObject({ start: first.start + 3, method: 'exact-quote' })
  })
})

describe('anchor: the quote itself was edited (fuzzy)', () => {
  const noSpaces = seed.replaceAll(' ', '')
  it.each([
    [
      'one character changed (资金池 → 基金池)',
      seed,
      '4 亿元规模的科技型中小企业信贷风险补偿资金池',
      seed.replace('补偿资金池撬动', '补偿基金池撬动'),
      855,
      '4 亿元规模的科技型中小企业信贷风险补偿基金池',
    ],
    [
      'PDF spaces removed from the whole document (3 of 23 units, everything shifted)',
      seed,
      '2018 年新增高新技术企业超过 2000 家',
      noSpaces,
      at(noSpaces, '2018年新增高新技术企业超过2000家'),
      '2018年新增高新技术企业超过2000家',
    ],
    ['the girl in the ZWJ family became a boy (one UTF-16 unit)', mixed, `乙方${FAMILY}在`, mixed.replace('👧', '👦'), 15, '乙方👩\u200d👩\u200d👦在'],
    ['𡈽 became 𠀀 (two units of nine)', mixed, '在𡈽地区完成目标', mixed.replace('𡈽', '𠀀'), 25, '在𠀀地区完成目标'],
    ['a combining mark added', 'Le café noir est servi chaud.', 'café noir est servi', 'Le cafe\u0301 noir est servi chaud.', 3, 'cafe\u0301 noir est servi'],
    [
      // Matches ending after `h`, inside 𡈽 or after it cost the same two errors; the span keeps
      // the whole changed character rather than half of it or none.
      'the changed last character is a supplementary one',
      'XYZabcdefgh𠀀',
      'abcdefgh𠀀',
      'XYZabcdefgh𡈽',
      3,
      'abcdefgh𡈽',
    ],
    [
      // Ends after `h` and inside 𠀀 both cost one error; the one inside the pair becomes the end
      // of 𠀀, which is as long as the quote in characters.
      'a BMP character replaced by a supplementary one at the end',
      'abcdefghX',
      'abcdefghX',
      'abcdefgh𠀀',
      0,
      'abcdefgh𠀀',
    ],
    ['the text is the quote less its last character (quote longer than text)', '广州市科学技术局全面贯彻', '广州市科学技术局全面贯彻', '广州市科学技术局全面贯', 0, '广州市科学技术局全面贯'],
  ])('%s', (_name, oldText, quote, newText, expectedStart, expectedQuote) => {
    const result = anchor(newText, selectorOf(oldText, quote))
    expect(result).toMatchObject({ start: expectedStart, end: expectedStart + expectedQuote.length, method: 'fuzzy' })
    expect(newText.slice(expectedStart, expectedStart + expectedQuote.length)).toBe(expectedQuote)
    expect(result?.score).toBeGreaterThan(0.6)
    expect(result?.score).toBeLessThan(1)
    expectWholeCodePoints(newText, result)
  })

  it('an edited span beats a closer lookalike far away in unrelated context', () => {
    const quote = '4 亿元规模的科技型中小企业信贷风险补偿资金池'
    const lookalike = '4 亿元规模的科技信贷风险补偿资金池' // at 4126, far from 855
    const edited = seed
      .replace('规模的科技型中小企业信贷风险补偿资金池撬动', '规模的科技型小微企业信贷风险补偿基金池撬动') // 3 errors
      .replace(lookalike, '4 亿元规模的科技型中小企业信贷风险补偿资金') // 1 error
    // The approximate search over the whole text reports only the 1-error match.
    expect(anchor(edited, selectorOf(seed, quote))).toMatchObject({ start: 855, end: 855 + 23, method: 'fuzzy' })
  })

  it('a wider error budget finds a quote that was edited more', () => {
    const selector = selectorOf(seed, '4 亿元规模的科技型中小企业信贷风险补偿资金池')
    const edited = seed.replace('规模的科技型中小企业信贷风险补偿资金池撬动', '规模的科技型小微企业信贷风险补偿基金池撬动')
    // Three of 23 units changed, a quarter allows five: found by default, not with a 10% budget.
    expect(anchor(edited, selector)).toMatchObject({ start: 855, end: 855 + 23, method: 'fuzzy' })
    expect(anchor(edited, selector, { maxErrorRatio: 0.1 })).toBeNull()
  })
})

describe('anchor: nothing to anchor to', () => {
  const resource = '4 亿元规模的科技型中小企业信贷风险补偿资金池'
  // The sentence is deleted, but the seed says `4 亿元规模的科技信贷风险补偿资金池` further on:
  // five units from the quote, within the error budget, in unrelated context.
  const withoutSentence = seed.replace(`${resource}撬动银行贷款**突破** 100 亿元，全国同期规模最大。`, '')

  it.each([
    ['the sentence vanished; only a lookalike elsewhere', withoutSentence, selectorOf(seed, resource)],
    ['an empty text', '', selectorOf(seed, resource)],
    ['an empty quote', seed, { start: 10, end: 10, quote: '', prefix: '', suffix: '' }],
    ['a quote much longer than the text', '广州市', selectorOf(seed, '广州市科学技术局全面贯彻')],
    ['a two-character quote with one changed (no error budget)', mixed.replace('区', '域'), selectorOf(mixed, '地区')],
    ['an unrelated document', 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.', selectorOf(mixed, '在𡈽地区完成目标')],
  ])('%s', (_name, text, selector) => {
    expect(anchor(text, selector)).toBeNull()
  })

  it('the lookalike is accepted only when the caller lowers the score threshold', () => {
    const result = anchor(withoutSentence, selectorOf(seed, resource), { minScore: 0.3 })
    const lookalike = '4 亿元规模的科技信贷风险补偿资金池'
    expect(result).toMatchObject({ start: at(withoutSentence, lookalike), end: at(withoutSentence, lookalike) + lookalike.length, method: 'fuzzy' })
    expect(result?.score).toBeLessThan(0.6)
  })
})

describe('locateQuote (CSV import)', () => {
  it.each([
    ['unique', seed, '2018 年新增高新技术企业超过 2000 家', undefined, { match: { start: 1893, end: 1916 }, candidates: 1 }],
    ['unique, a far hint changes nothing', seed, '2018 年新增高新技术企业超过 2000 家', 9000, { match: { start: 1893, end: 1916 }, candidates: 1 }],
    ['absent', seed, '2018年新增高新技术企业', undefined, { match: null, candidates: 0 }],
    ['absent, with a hint', seed, '不存在的句子', 100, { match: null, candidates: 0 }],
    ['ambiguous without a hint', seed, '新增高新技术企业超过 2000 家', undefined, { match: null, candidates: 2 }],
    ['ambiguous, nearest to the hint', seed, '新增高新技术企业超过 2000 家', 1500, { match: { start: 1899, end: 1916 }, candidates: 2 }],
    ['ambiguous, hint at the first', seed, '新增高新技术企业超过 2000 家', 0, { match: { start: 800, end: 817 }, candidates: 2 }],
    ['equally near: the earlier', 'abxxab', 'ab', 2, { match: { start: 0, end: 2 }, candidates: 2 }],
    ['overlapping occurrences count', 'aaa', 'aa', undefined, { match: null, candidates: 2 }],
    ['supplementary Han', '𠀀𡈽𠀀', '𡈽', undefined, { match: { start: 2, end: 4 }, candidates: 1 }],
    ['nearest 目标 past emoji, the family and 𡈽', mixed, '目标', 30, { match: { start: 32, end: 34 }, candidates: 2 }],
    ['empty quote', seed, '', 3, { match: null, candidates: 0 }],
    ['empty text', '', '科技', undefined, { match: null, candidates: 0 }],
  ])('%s', (_name, text, quote, nearStart, expected) => {
    expect(locateQuote(text, quote, nearStart)).toEqual(expected)
  })
})

describe('a 200,000-character document (linear-ish: run over ~22 copies of seed 003)', () => {
  // Each anchoring scans the text a bounded number of times (indexOf, one bit-parallel approximate
  // search, edit distances over 32-unit contexts per candidate); a quadratic one would time out.
  const copies = 22
  const big = seed.repeat(copies)
  const copy = 15
  const quote = '2018 年新增高新技术企业超过 2000 家'
  const selector = selectorFor(big, copy * seed.length + 1893, copy * seed.length + 1893 + quote.length)

  it('is that long', () => expect(big.length).toBeGreaterThan(200_000))

  it('exact position', () => {
    expect(anchor(big, selector)).toMatchObject({ start: selector.start, method: 'exact-position' })
  })

  it('exact quote among 22 identical contexts: the copy nearest the old start', () => {
    expect(anchor(`前言：${big}`, selector)).toMatchObject({ start: selector.start + 3, method: 'exact-quote', score: 1 })
  })

  it('fuzzy after all PDF spaces were removed: still copy 15', () => {
    const squeezed = seed.replaceAll(' ', '')
    const expected = copy * squeezed.length + at(squeezed, '2018年新增高新技术企业超过2000家')
    expect(anchor(squeezed.repeat(copies), selector)).toMatchObject({ start: expected, end: expected + 20, method: 'fuzzy' })
  })

  it('a short quote with hundreds of exact occurrences', () => {
    const common = selectorOf(big, '科技创新', 44 * copy + 3)
    expect(anchor(`前言：${big}`, common)).toMatchObject({ start: common.start + 3, method: 'exact-quote', score: 1 })
  })

  it('a vanished quote', () => {
    expect(anchor(big.replaceAll(quote, ''), selector)).toBeNull()
  })
})
