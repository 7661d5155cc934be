// One extraction engine: a span's attributes are decided the same way when the analyst tags it in
// the reader (or from a search row) and when the suggestion engine proposes it. Every case of
// issue 12 is a row here, checked through both paths on the real documents.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { extractAttributes } from '../../src/shared/extract'
import type { AnnotationAttributes, DocumentType } from '../../src/shared/model'
import { parseQuantities } from '../../src/shared/quantity'
import { starterCodebook } from '../../src/shared/starter-codebook'
import { suggest } from '../../src/shared/suggest'
import { gwrDir, seedsDir } from '../support/paths'

interface Source {
  text: string
  year: number
  docType: DocumentType
}

const gwr = (year: number): Source => ({
  text: readFileSync(join(gwrDir, `${year}_gwr_national.txt`), 'utf8'),
  year,
  docType: 'government-work-report',
})
const seed = (file: string, year: number, docType: DocumentType): Source => ({ text: readFileSync(join(seedsDir, file), 'utf8'), year, docType })

const sources = {
  gwr2015: gwr(2015),
  gwr2016: gwr(2016),
  gwr2018: gwr(2018),
  gwr2019: gwr(2019),
  seed000: seed('000_55dd0278fb5a4955.txt', 2025, 'reply-to-npc-suggestion'),
  seed002: seed('002_6713f578bdf6ed27.txt', 2019, 'action-plan'),
  seed001: seed('001_fa5698c1e2602520.txt', 2017, 'reply-to-npc-suggestion'),
  seed003: seed('003_1da18392a39b6ff1.txt', 2019, 'work-summary-and-plan'),
  seed004: seed('004_7c649211ab158f35.txt', 2020, 'reply-to-cppcc-proposal'),
}

/** What the reader (and search's tag-from-row) fills in for a selection of `quote`. */
function tagged(source: Source, quote: string, label: string, occurrence = 0): AnnotationAttributes {
  let start = -1
  for (let i = 0; i <= occurrence; i++) start = source.text.indexOf(quote, start + 1)
  if (start < 0) throw new Error(`not in the text: ${quote}`)
  return extractAttributes({
    text: source.text,
    start,
    end: start + quote.length,
    label,
    document: { year: source.year, docType: source.docType },
    indicators: starterCodebook,
  })
}

/** The suggestion engine's proposal of that label overlapping the quote (first occurrence). */
function proposed(source: Source, quote: string, label: string): AnnotationAttributes | undefined {
  const start = source.text.indexOf(quote)
  const end = start + quote.length
  const proposals = suggest({ text: source.text, documentYear: source.year, docType: source.docType, indicators: starterCodebook })
  return proposals.find((p) => p.label === label && p.start < end && p.end > start)?.attributes
}

interface Case {
  name: string
  source: keyof typeof sources
  quote: string
  label: 'target' | 'achievement' | 'commitment'
  expected: AnnotationAttributes
  /** Attributes that must not be these values. */
  not?: AnnotationAttributes
  /** The engine proposes this span too: its attributes must agree. */
  engine?: boolean
}

const cases: Case[] = [
  {
    name: '2019 report: 城镇新增就业1100万人以上 is this year\'s target',
    source: 'gwr2019',
    quote: '城镇新增就业1100万人以上',
    label: 'target',
    expected: { indicator: 'urban-jobs-new', value: 11_000_000, unit: '人', comparator: '>', periodYear: 2019 },
    engine: true,
  },
  {
    name: '2019 report: 居民消费价格涨幅3%左右 is this year\'s CPI ceiling',
    source: 'gwr2019',
    quote: '居民消费价格涨幅3%左右',
    label: 'target',
    expected: { indicator: 'cpi', value: 3, unit: '%', comparator: '≈', periodYear: 2019 },
    engine: true,
  },
  {
    name: '2018 report: 城镇新增就业1100万人以上',
    source: 'gwr2018',
    quote: '城镇新增就业1100万人以上',
    label: 'target',
    expected: { indicator: 'urban-jobs-new', value: 11_000_000, unit: '人', comparator: '>', periodYear: 2018 },
    engine: true,
  },
  {
    name: '2018 report: 居民消费价格涨幅3%左右',
    source: 'gwr2018',
    quote: '居民消费价格涨幅3%左右',
    label: 'target',
    expected: { indicator: 'cpi', value: 3, unit: '%', comparator: '≈', periodYear: 2018 },
    engine: true,
  },
  {
    name: '2019 report, review section: 城镇新增就业1361万人 is last year\'s result',
    source: 'gwr2019',
    quote: '城镇新增就业1361万人',
    label: 'achievement',
    expected: { indicator: 'urban-jobs-new', value: 13_610_000, unit: '人', periodYear: 2018 },
    engine: true,
  },
  {
    name: 'seed 003: 总数突破 1.1 万家 is the total of high-tech enterprises, not the net increase',
    source: 'seed003',
    quote: '总数**突破** 1.1 万家',
    label: 'achievement',
    expected: { indicator: 'high-tech-enterprises', value: 11_000, unit: '家', comparator: '>' },
    engine: true,
  },
  {
    name: 'seed 003: 新增高新技术企业超过 2000 家 is the increase',
    source: 'seed003',
    quote: '新增高新技术企业超过 2000 家',
    label: 'achievement',
    expected: { indicator: 'high-tech-enterprises-net-new', value: 2000, unit: '家', comparator: '>' },
    engine: true,
  },
  {
    name: 'seed 004: 增长77% is a growth rate, not the turnover in 亿元',
    source: 'seed004',
    quote: '继续大幅增长77%',
    label: 'achievement',
    expected: { value: 77, unit: '%', periodYear: 2019 },
    not: { indicator: 'tech-contract-turnover' },
    engine: true,
  },
  {
    name: 'seed 001: 积极筹建华南(广州)技术转移中心 is not about incubators',
    source: 'seed001',
    quote: '积极筹建华南(广州)技术转移中心',
    label: 'commitment',
    expected: {},
    not: { indicator: 'incubators' },
    engine: true,
  },
  {
    name: '2019 report: the 增值税 commitment promises the new rate, 13%',
    source: 'gwr2019',
    quote: '深化增值税改革，将制造业等行业现行16%的税率降至13%，将交通运输业、建筑业等行业现行10%的税率降至9%，确保主要行业税负明显降低',
    label: 'commitment',
    expected: { value: 13, unit: '%', periodYear: 2019 },
    not: { value: 16 },
  },
  {
    name: 'seed 003: 技术合同成交额从 2017 年的 357 亿元翻番至 2018 年的 719 亿元 reports 2018\'s 719',
    source: 'seed003',
    quote: '技术合同成交额从 2017 年的 357 亿元翻番至 2018 年的 719 亿元',
    label: 'achievement',
    expected: { indicator: 'tech-contract-turnover', value: 719, unit: '亿元', periodYear: 2018 },
  },
  {
    name: 'seed 002 (action plan, traditional script): 到2021年末…建設國家重點實驗室22家 is a 2021 target',
    source: 'seed002',
    quote: '建設國家重點實驗室22家',
    label: 'target',
    expected: { indicator: 'state-key-labs', value: 22, unit: '家', periodYear: 2021, deadlineYear: 2021 },
    engine: true,
  },
  {
    name: '2016 report: 到2020年…比2010年翻一番 is a doubling due in 2020',
    source: 'gwr2016',
    quote: '到2020年国内生产总值和城乡居民人均收入比2010年翻一番',
    label: 'target',
    expected: { value: 2, unit: '倍', comparator: '=', periodYear: 2020, deadlineYear: 2020 },
    not: { indicator: 'gdp-growth' },
    engine: true,
  },
  {
    name: '2019 report: 服务业对经济增长贡献率接近60% is a contribution, not GDP growth',
    source: 'gwr2019',
    quote: '服务业对经济增长贡献率接近60%',
    label: 'achievement',
    expected: { value: 60, unit: '%', comparator: '≈', periodYear: 2018 },
    not: { indicator: 'gdp-growth' },
    engine: true,
  },
  {
    name: '2018 report: 占世界经济比重从11.4% is a share, not GDP growth',
    source: 'gwr2018',
    quote: '占世界经济比重从11.4%',
    label: 'achievement',
    expected: { value: 11.4, unit: '%' },
    not: { indicator: 'gdp-growth' },
    engine: true,
  },
  {
    name: '2018 report: 大幅提高企业新购入仪器设备税前扣除上限 names no 高企 (提高企业 is not an alias)',
    source: 'gwr2018',
    quote: '大幅提高企业新购入仪器设备税前扣除上限',
    label: 'commitment',
    expected: {},
    not: { indicator: 'high-tech-enterprises' },
    engine: true,
  },
  {
    name: 'seed 000: 全市高企总量突破1.35万家 is the total of high-tech enterprises (高企 as a word)',
    source: 'seed000',
    quote: '全市高企总量突破1.35万家',
    label: 'achievement',
    expected: { indicator: 'high-tech-enterprises', value: 13_500, unit: '家', comparator: '>' },
    engine: true,
  },
  {
    name: '2015 report: 赤字率从去年的2.1%提高到2.3% sets this year\'s deficit ratio (the base shares its subject)',
    source: 'gwr2015',
    quote: '提高到2.3%',
    label: 'target',
    expected: { indicator: 'deficit-ratio', value: 2.3, unit: '%', periodYear: 2015 },
    engine: true,
  },
  {
    name: 'seed 003: 719 亿元 alone is still 技术合同成交额 (从357亿元翻番至…)',
    source: 'seed003',
    quote: '719 亿元',
    label: 'achievement',
    expected: { indicator: 'tech-contract-turnover', value: 719, unit: '亿元', periodYear: 2018 },
    engine: true,
  },
]

describe('one extraction engine: the reader\'s prefill', () => {
  it.each(cases)('$name', ({ source, quote, label, expected, not }) => {
    const attributes = tagged(sources[source], quote, label)
    expect(attributes).toMatchObject(expected)
    for (const [key, value] of Object.entries(not ?? {})) expect(attributes[key as keyof AnnotationAttributes]).not.toBe(value)
  })
})

describe('one extraction engine: the suggestion engine agrees', () => {
  it.each(cases.filter((c) => c.engine))('$name', ({ source, quote, label, expected, not }) => {
    const attributes = proposed(sources[source], quote, label)
    expect(attributes).toBeDefined()
    expect(attributes).toMatchObject(expected)
    for (const [key, value] of Object.entries(not ?? {})) expect(attributes![key as keyof AnnotationAttributes]).not.toBe(value)
  })
})

describe('figures in Chinese numerals and approximations', () => {
  it.each([
    ['近千万农村人口', 10_000_000, '', '≈'],
    ['建设上百个示范基地', 100, '个', '>='],
    ['上亿群众喜迁新居', 100_000_000, '', '>='],
    ['服务数万名医生', 10_000, '名', '>'],
    ['城镇还有几千万人', 10_000_000, '人', '>'],
    ['上亿元', 1, '亿元', '>='],
    ['收入比2010年翻一番', 2, '倍', '='],
    ['技术交易额翻了一番', 2, '倍', '='],
    ['力争翻两番', 4, '倍', '='],
    ['先后两次下调存款准备金率', 2, '次', undefined],
    ['发明专利拥有量增加两倍', 2, '倍', undefined],
    ['各项活动分别达到900多次', 900, '次', '>'],
  ])('%s', (phrase, value, unit, comparator) => {
    const [figure] = parseQuantities(phrase)
    expect(figure).toMatchObject({ value, unit })
    expect(figure.comparator).toBe(comparator)
  })

  it.each([
    ['成千上万'],
    ['千千万万个市场细胞'],
    ['依靠三次产业共同带动'],
    ['市委十一届六次、七次全会'],
    ['组织开展第三次国务院大督查'],
    ['在2018年翻番的基础上'],
    ['最近千万不要'],
  ])('%s names no figure', (phrase) => {
    expect(parseQuantities(phrase)).toEqual([])
  })

  it('三个翻番 counts doublings: no multiple is read from it', () => {
    expect(parseQuantities('实现三个翻番').filter((figure) => figure.unit === '倍')).toEqual([])
  })

  it('翻番至719亿元 reads the figure it reaches, not the doubling', () => {
    expect(parseQuantities('从357亿元翻番至719亿元').map((figure) => figure.value)).toEqual([357, 719])
  })

  it('the engine proposes them with their year, section and unit', () => {
    const text = [
      '一、2018年工作回顾',
      '过去一年，我们先后两次下调存款准备金率，近千万农村人口实现脱贫，建成上百个示范基地。',
      '二、2019年政府工作任务',
      '到2020年城乡居民人均收入比2010年翻一番。',
    ].join('\n')
    const proposals = suggest({ text, documentYear: 2019, docType: 'government-work-report', indicators: starterCodebook })
    const figure = (part: string) => proposals.find((p) => p.label !== 'commitment' && p.quote.includes(part))
    expect(figure('两次')).toMatchObject({ label: 'achievement', attributes: { value: 2, unit: '次', periodYear: 2018 } })
    expect(figure('近千万')).toMatchObject({ label: 'achievement', attributes: { value: 10_000_000, unit: '人', comparator: '≈', periodYear: 2018 } })
    expect(figure('上百个')).toMatchObject({ label: 'achievement', attributes: { value: 100, unit: '个', comparator: '>=', periodYear: 2018 } })
    expect(figure('翻一番')).toMatchObject({ label: 'target', attributes: { value: 2, unit: '倍', comparator: '=', periodYear: 2020, deadlineYear: 2020 } })
  })
})
