import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AnnotationAttributes, Comparator } from '../../src/shared/model'
import {
  parseQuantities,
  parseYears,
  suggestAttributes,
  suggestEachFigure,
  type QuantityMatch,
} from '../../src/shared/quantity'
import { gwrDir, loadSeedFixture, seedsDir } from '../support/paths'

function only(text: string): QuantityMatch {
  const matches = parseQuantities(text)
  expect(matches).toHaveLength(1)
  return matches[0]
}

/** The sentence around the quote: boundaries are 。！？ and line breaks. */
function sentenceAround(text: string, quote: string): string {
  const at = text.indexOf(quote)
  expect(at).toBeGreaterThanOrEqual(0)
  const isBoundary = (ch: string) => '。！？\n'.includes(ch)
  let start = at
  while (start > 0 && !isBoundary(text[start - 1])) start--
  let end = at + quote.length
  while (end < text.length && !isBoundary(text[end])) end++
  return text.slice(start, end)
}

describe('seed fixture observations', () => {
  const fixture = loadSeedFixture()
  const yearOf = new Map(fixture.documents.map((doc) => [doc.file, doc.year]))

  // Quotes holding several figures: which one (0-based, in text order) the observation is about.
  const figureIndex: Array<[quote: string, value: number, index: number]> = [
    ['全年共认定登记技术合同21074项,成交额1273.36亿元', 1273.36, 1],
    ['总数从 2015 年的 1919 家增加至 2018 年超过 1.1 万家', 11000, 1],
    ['到2019年,力爭建設2家廣東省實驗室,建設國家重點實驗室20家', 20, 1],
    ['到2020年,力爭籌建1家國家實驗室,建設3家廣東省實驗室,建設國家重點實驗室21家', 21, 2],
    ['到2021年,力爭籌建1家國家實驗室,建設3家廣東省實驗室,建設國家重點實驗室22家', 22, 2],
    [
      '2021年,高新技術企業超過1.2萬家,高新技術產品產值占規模以上工業總產值比重達51%;孵化器在孵企業數量達10000家',
      10000,
      2,
    ],
    ['将现有4亿元的科技信贷风险补偿资金池规模增加至10亿元', 10, 1],
    ['推动 8 家合作银行累计为近 1300 家科技型中小企业发放贷款超 100 亿元', 100, 2],
    ['全年新增 26 家，累计 166 家，成员单位超过 2100 家', 166, 1],
  ]

  // Neither the quote nor its sentence names the year (the fixture took it from the document's
  // date, a note, or 目前/全年); the suggestion must leave periodYear empty rather than guess.
  const periodNotStated = new Set([
    '全年共认定登记技术合同21074项,成交额1273.36亿元',
    '科技创新企业超过 20 万家',
    '全市共有国家重点实验室 20 家',
    '众创空间206家（国家级53家）',
    '全市共有科技企业孵化器207家',
    '全市共有科技企业孵化器335家',
    '在孵企业（团队）超过1.2万',
    '设立了首期4亿元规模的科技型中小企业信贷风险补偿资金池',
    '将现有4亿元的科技信贷风险补偿资金池规模增加至10亿元',
    '4 亿元规模的科技信贷风险补偿资金池自 2016 年正式运作以来', // 2016 is when it started
    '推动 8 家合作银行累计为近 1300 家科技型中小企业发放贷款超 100 亿元',
    '发放贷款累计超 150 亿元',
    '累计发放贷款1284亿元',
    '新增新三板挂牌企业 26 家，累计 491 家',
    '全年新增 26 家，累计 166 家，成员单位超过 2100 家',
    '全市备案产学研联盟共175家,成员单位超过2700家',
    '全市共有国家级技术转移服务机构12家',
    '目前全市共有国家级技术转移服务机构 12 家',
    '目前共有国家级技术转移服务机构12家',
  ])

  // Where the fixture reads 达到 as "at least" although it reads the same word as "equals" in
  // 争取2017年科技信贷融资规模达到100亿元 and 比重達到3.1%. The module follows one rule
  // (plain 达到 → '=', 达到…以上 → '>='), so these two differ from the fixture.
  const comparatorDiffers: Array<[quote: string, fixture: Comparator, ours: Comparator]> = [
    ['争取总量达到15万家', '>=', '='],
    ['到2018年全市众创空间达到150家', '>=', '='],
  ]

  it('lists 48 observations', () => expect(fixture.observations).toHaveLength(48))

  it.each(fixture.observations.map((o) => [`${o.file.slice(0, 3)} ${o.quote} → ${o.value}`, o] as const))(
    '%s',
    (_name, o) => {
      const text = readFileSync(join(seedsDir, o.file), 'utf8')
      const documentYear = yearOf.get(o.file)
      expect(documentYear).toBeDefined()
      const options = { documentYear: documentYear ?? null, context: sentenceAround(text, o.quote) }
      const index = figureIndex.find(([quote, value]) => quote === o.quote && value === o.value)?.[2] ?? 0
      const figures = suggestEachFigure(o.quote, options)
      const attributes = figures[index]?.attributes
      expect(attributes).toBeDefined()
      expect(attributes?.value).toBeCloseTo(o.value, 9)
      expect(attributes?.unit).toBe(o.unit)
      const differs = comparatorDiffers.find(([quote]) => quote === o.quote)
      if (differs) expect(o.comparator).toBe(differs[1])
      expect(attributes?.comparator).toBe(differs ? differs[2] : o.comparator)
      expect(attributes?.periodYear).toBe(periodNotStated.has(o.quote) ? undefined : o.periodYear)
      if (index === 0) expect(suggestAttributes(o.quote, options)).toEqual(attributes)
    },
  )
})

describe('government work reports: targets and results', () => {
  const reports = new Map<number, string>()
  const report = (year: number) => {
    if (!reports.has(year)) reports.set(year, readFileSync(join(gwrDir, `${year}_gwr_national.txt`), 'utf8'))
    return reports.get(year) ?? ''
  }

  it.each<[number, string, AnnotationAttributes]>([
    [2015, '国内生产总值增长7%左右', { value: 7, unit: '%', comparator: '≈' }],
    [2015, '居民消费价格涨幅3%左右', { value: 3, unit: '%', comparator: '≈' }],
    [2015, '城镇新增就业1000万人以上', { value: 10_000_000, unit: '人', comparator: '>' }],
    [2015, '城镇登记失业率4.5%以内', { value: 4.5, unit: '%', comparator: '<=' }],
    [2015, '城镇新增就业1322万人', { value: 13_220_000, unit: '人', comparator: '=' }],
    [2015, '消费对经济增长的贡献率上升3个百分点', { value: 3, unit: '个百分点', comparator: '=' }],
    [2015, '铁路投资要保持在8000亿元以上', { value: 8000, unit: '亿元', comparator: '>' }],
    [2015, '今年粮食产量要稳定在5.5亿吨以上', { value: 550_000_000, unit: '吨', comparator: '>', periodYear: 2015 }],
    [2016, '国内生产总值增长6.5%－7%', { value: 6.5, valueMax: 7, unit: '%', comparator: '=' }],
    [2016, '单位国内生产总值能耗下降3.4%以上', { value: 3.4, unit: '%', comparator: '>' }],
    [2016, '城镇新增就业1312万人', { value: 13_120_000, unit: '人', comparator: '=' }],
    [2016, '降低利息负担约2000亿元', { value: 2000, unit: '亿元', comparator: '≈' }],
    [2016, '新建改建高速公路通车里程约3万公里', { value: 30_000, unit: '公里', comparator: '≈' }],
    [2017, '城镇新增就业1100万人以上', { value: 11_000_000, unit: '人', comparator: '>' }],
    [2017, '全年资助各类学校家庭困难学生8400多万人次', { value: 84_000_000, unit: '人次', comparator: '>' }],
    [2017, '一律按不低于5%的幅度压减一般性支出', { value: 5, unit: '%', comparator: '>=' }],
    [2017, '低于13%左右的预期目标', { value: 13, unit: '%', comparator: '<' }],
    [2017, '今年要再压减钢铁产能5000万吨左右', { value: 50_000_000, unit: '吨', comparator: '≈', periodYear: 2017 }],
    [2017, '要淘汰、停建、缓建煤电产能5000万千瓦以上', { value: 50_000_000, unit: '千瓦', comparator: '>' }],
    [2018, '财政赤字率一直控制在3%以内', { value: 3, unit: '%', comparator: '<=' }],
    [2018, '移动网络流量资费年内至少降低30%', { value: 30, unit: '%', comparator: '>=' }],
    [2018, '城镇新增就业1351万人', { value: 13_510_000, unit: '人', comparator: '=' }],
    [2019, '国内生产总值增长6%－6.5%', { value: 6, valueMax: 6.5, unit: '%', comparator: '=' }],
    [2019, '城镇调查失业率5.5%左右', { value: 5.5, unit: '%', comparator: '≈' }],
    [2019, '服务业对经济增长贡献率接近60%', { value: 60, unit: '%', comparator: '≈' }],
    [2019, '全年为企业和个人减税降费约1.3万亿元', { value: 1.3, unit: '万亿元', comparator: '≈' }],
    [2019, '外汇储备保持在3万亿美元以上', { value: 3, unit: '万亿美元', comparator: '>' }],
    [2019, '粮食总产量保持在1.3万亿斤以上', { value: 1.3e12, unit: '斤', comparator: '>' }],
    // No unit written; 人口 takes 人.
    [2019, '农村贫困人口减少1000万以上', { value: 10_000_000, unit: '人', comparator: '>' }],
    // 去年 is the comparison base here, not the period.
    [2019, '比去年预算高0.2个百分点', { value: 0.2, unit: '个百分点', comparator: '=' }],
    [2020, '城镇新增就业1352万人', { value: 13_520_000, unit: '人', comparator: '=' }],
    [2020, '调查失业率在5.3%以下', { value: 5.3, unit: '%', comparator: '<=' }],
    [2020, '企业数量日均净增1万户以上', { value: 10_000, unit: '户', comparator: '>' }],
    [2020, '今年高校毕业生达874万人', { value: 8_740_000, unit: '人', comparator: '=', periodYear: 2020 }],
    [2020, '高职院校扩招200万人', { value: 2_000_000, unit: '人', comparator: '=' }],
  ])('%i: %s', (year, phrase, expected) => {
    expect(report(year)).toContain(phrase)
    expect(suggestAttributes(phrase, { documentYear: year })).toEqual(expected)
  })

  it('2018: 从11.4%提高到15%左右 holds two figures, the first one suggested', () => {
    const phrase = '占世界经济比重从11.4%提高到15%左右'
    expect(report(2018)).toContain(phrase)
    expect(parseQuantities(phrase).map((m) => [m.value, m.unit, m.comparator])).toEqual([
      [11.4, '%', undefined],
      [15, '%', '≈'],
    ])
    expect(suggestAttributes(phrase, { documentYear: 2018 })).toEqual({ value: 11.4, unit: '%', comparator: '=' })
  })
})

describe('parseQuantities: units', () => {
  it.each<[string, number, string]>([
    ['增长6.5%', 6.5, '%'],
    ['上升3个百分点', 3, '个百分点'],
    ['下降2‰', 2, '‰'],
    ['成交额1273.36亿元', 1273.36, '亿元'],
    ['投入5000万元', 5000, '万元'],
    ['补贴300元', 300, '元'],
    ['吸引外资50亿美元', 50, '亿美元'],
    ['2000家', 2000, '家'],
    ['30个', 30, '个'],
    ['1100万人', 11_000_000, '人'],
    ['1500万人次', 15_000_000, '人次'],
    ['20名院士', 20, '名'],
    ['127项成果', 127, '项'],
    ['12件', 12, '件'],
    ['5台设备', 5, '台'],
    ['4所高职', 4, '所'],
    ['26条具体措施', 26, '条'],
    ['236场', 236, '场'],
    ['13支子基金', 13, '支'],
    ['10万套', 100_000, '套'],
    ['1万户', 10_000, '户'],
    ['855万平方米', 8_550_000, '平方米'],
    ['230平方公里', 230, '平方公里'],
    ['8000公里', 8000, '公里'],
    ['5.5亿吨', 550_000_000, '吨'],
    ['100万亩', 1_000_000, '亩'],
    ['3倍', 3, '倍'],
    ['60岁', 60, '岁'],
    ['3个月', 3, '个月'],
    ['5000万千瓦', 50_000_000, '千瓦'],
  ])('%s → %d %s', (text, value, unit) => {
    const match = only(text)
    expect(match.value).toBeCloseTo(value, 9)
    expect(match.unit).toBe(unit)
  })

  it.each<[string, string]>([
    ['增长3%', '%'],
    ['增长3个百分点', '个百分点'],
    ['增长3％', '%'],
    ['提高3個百分點', '个百分点'],
  ])('percent and percentage points stay apart: %s → %s', (text, unit) => {
    expect(only(text).unit).toBe(unit)
  })

  it.each<[string, number, string]>([
    ['1273.36億元', 1273.36, '亿元'],
    ['1.14萬家', 11_400, '家'],
    ['3個', 3, '个'],
    ['兩項', 2, '项'],
  ])('traditional script %s → %d %s', (text, value, unit) => {
    const match = only(text)
    expect(match.value).toBeCloseTo(value, 9)
    expect(match.unit).toBe(unit)
  })
})

describe('parseQuantities: magnitudes and the currency rule', () => {
  it.each<[string, number, string]>([
    ['1.1 万家', 11_000, '家'],
    ['1100万人以上', 11_000_000, '人'],
    ['2万家以上', 20_000, '家'],
    ['1273.36亿元', 1273.36, '亿元'],
    ['5千万元', 5000, '万元'], // 千 multiplies, 万 stays with 元
    ['100多亿元', 100, '亿元'],
    ['3万亿美元', 3, '万亿美元'],
    ['1.3万亿斤', 1.3e12, '斤'], // only currencies keep their magnitude
    ['在孵企业超过1.2万', 12_000, ''],
  ])('%s → %d %s', (text, value, unit) => {
    const match = only(text)
    expect(match.value).toBeCloseTo(value, 9)
    expect(match.unit).toBe(unit)
  })
})

describe('parseQuantities: comparator cues', () => {
  it.each<[string, Comparator | undefined]>([
    ['突破850亿元', '>'],
    ['超过2000家', '>'],
    ['超過1.14萬家', '>'],
    ['超 100 亿元', '>'],
    ['逾300家', '>'],
    ['多于5个', '>'],
    ['高于3%', '>'],
    ['1000万人以上', '>'],
    ['2200 多家', '>'],
    ['50余家', '>'],
    ['为1700多万人', '>'],
    ['不低于5%', '>='],
    ['不少于10个', '>='],
    ['至少30%', '>='],
    ['至少降低30%', '>='],
    ['达到20万家以上', '>='],
    ['达到719亿元', '='],
    ['達9600家', '='],
    ['失业率为4.5%', '='],
    ['实现1000亿元', '='],
    ['7%左右', '≈'],
    ['约2000亿元', '≈'],
    ['大约3万公里', '≈'],
    ['近 1300 家', '≈'],
    ['接近60%', '≈'],
    ['控制在3%左右', '≈'],
    ['4.5%以内', '<='],
    ['控制在3%以内', '<='],
    ['5.3%以下', '<='],
    ['不超过3%', '<='],
    ['低于3%', '<'],
    ['少于10家', '<'],
    ['低于13%左右', '<'],
    ['总数**突破** 1.1 万家', '>'],
    ['增长6.5%', undefined],
    ['下降3%左右', '≈'],
  ])('%s → %s', (text, comparator) => {
    expect(only(text).comparator).toBe(comparator)
  })
})

describe('parseQuantities: Chinese numerals', () => {
  it.each<[string, number, string]>([
    ['两千家', 2000, '家'],
    ['三十个', 30, '个'],
    ['十二项', 12, '项'],
    ['一百二十项', 120, '项'],
    ['一百零五人', 105, '人'],
    ['两个', 2, '个'],
    ['十万家', 100_000, '家'],
    ['三千万元', 3000, '万元'],
    ['两万亿元', 2, '万亿元'],
    ['增加两倍', 2, '倍'],
    ['百分之五十', 50, '%'],
  ])('%s → %d %s', (text, value, unit) => {
    const match = only(text)
    expect(match.value).toBe(value)
    expect(match.unit).toBe(unit)
  })

  it.each(['统一部署', '唯一一个', '“四个全面”', '第一名', '一批重大项目', '“十四五”规划', '千家万户', '十亿级企业'])(
    'no figure in %s',
    (text) => expect(parseQuantities(text)).toEqual([]),
  )
})

describe('parseQuantities: full-width digits, separators and spaces', () => {
  it.each<[string, number, string, string]>([
    ['１２３家', 123, '家', '１２３家'],
    ['增长６．５％', 6.5, '%', '６．５％'],
    ['1,352万人', 13_520_000, '人', '1,352万人'],
    ['2000 家', 2000, '家', '2000 家'],
    ['357 亿元', 357, '亿元', '357 亿元'],
    ['1.1 万家', 11_000, '家', '1.1 万家'],
    ['科技创新企业超过 20 万家', 200_000, '家', '20 万家'],
  ])('%s → %d %s', (text, value, unit, raw) => {
    const match = only(text)
    expect(match.value).toBe(value)
    expect(match.unit).toBe(unit)
    expect(match.raw).toBe(raw)
  })
})

describe('parseQuantities: ranges', () => {
  it.each<[string, number, number, string]>([
    ['6%－6.5%', 6, 6.5, '%'],
    ['6%-6.5%', 6, 6.5, '%'],
    ['6—6.5%', 6, 6.5, '%'],
    ['6.5-7%', 6.5, 7, '%'],
    ['3至5个', 3, 5, '个'],
    ['1~2家', 1, 2, '家'],
    ['3～5项', 3, 5, '项'],
    ['3万至5万家', 30_000, 50_000, '家'],
    ['3至5万家', 30_000, 50_000, '家'],
  ])('%s → %d–%d %s', (text, value, valueMax, unit) => {
    const match = only(text)
    expect([match.value, match.valueMax, match.unit, match.raw]).toEqual([value, valueMax, unit, text])
  })

  it('a change from one figure to another is two figures, not a range', () => {
    expect(parseQuantities('从 2017 年的 357 亿元翻番至 2018 年的 719 亿元').map((m) => m.value)).toEqual([357, 719])
  })
})

describe('parseQuantities: offsets', () => {
  it.each<[string, number, number, string]>([
    ['技术合同成交额突破850亿元', 9, 14, '850亿元'],
    ['总数**突破** 1.1 万家', 9, 15, '1.1 万家'],
    ['城镇新增就业1000万人以上', 6, 12, '1000万人'],
    ['增长百分之五十', 2, 7, '百分之五十'],
  ])('%s → [%i, %i) %s', (text, start, end, raw) => {
    const match = only(text)
    expect([match.start, match.end, match.raw]).toEqual([start, end, raw])
    expect(text.slice(match.start, match.end)).toBe(raw)
  })
})

describe('parseQuantities: texts without a figure', () => {
  it.each([
    '',
    '加快推进华南（广州）技术转移中心建设',
    '严格执行国务院“约法三章”',
    '2019年',
    '到2021年末',
    '三年(2015-2017)行动计划',
    '2018 中国创新创业成果交易会',
    '截至5月底',
    '重点地区细颗粒物（PM2.5）',
    '第20252153号',
    '出台孵化育成政策3.0版',
    '广州“12218”现代化产业体系',
  ])('%j → []', (text) => expect(parseQuantities(text)).toEqual([]))

  it('omits mixed forms it cannot read rather than misreading them', () => {
    // 1万6千多户 is 16000+; reading it as 1万 would be wrong, so it is left out.
    expect(parseQuantities('由5千多户增加到1万6千多户').map((m) => [m.value, m.unit])).toEqual([[5000, '户']])
  })
})

describe('parseYears', () => {
  it.each<[string, number | null, Array<[number, number | undefined, string, string]>]>([
    ['2019年', 2019, [[2019, undefined, 'point', '2019年']]],
    ['2019 年技术合同', 2019, [[2019, undefined, 'point', '2019 年']]],
    ['到2021年末，技术交易合同成交额', 2019, [[2021, undefined, 'deadline', '2021年末']]],
    ['力争到 2020 年，科技创新企业', 2019, [[2020, undefined, 'deadline', '2020 年']]],
    ['至2021年末,技術交易', 2019, [[2021, undefined, 'deadline', '2021年末']]],
    ['截至2024年末,我市', 2025, [[2024, undefined, 'point', '2024年末']]],
    ['增加至 2018 年超过', 2019, [[2018, undefined, 'point', '2018 年']]],
    ['2019—2021年', 2019, [[2019, 2021, 'point', '2019—2021年']]],
    ['（2018-2020 年）', 2019, [[2018, 2020, 'point', '2018-2020 年']]],
    ['三年(2015-2017)行动计划', 2017, [[2015, 2017, 'point', '2015-2017']]],
    ['自 2016 年正式运作以来', 2019, [[2016, undefined, 'since', '2016 年']]],
    ['2014年起实施', 2017, [[2014, undefined, 'since', '2014年']]],
    ['比2015年增长', 2019, [[2015, undefined, 'base', '2015年']]],
    ['二〇一九年', null, [[2019, undefined, 'point', '二〇一九年']]],
    ['２０１９年', null, [[2019, undefined, 'point', '２０１９年']]],
    ['今年', 2019, [[2019, undefined, 'point', '今年']]],
    ['本年', 2019, [[2019, undefined, 'point', '本年']]],
    ['去年', 2019, [[2018, undefined, 'point', '去年']]],
    ['上年末', 2019, [[2018, undefined, 'point', '上年']]],
    ['比上年增长6.5%', 2019, [[2018, undefined, 'base', '上年']]],
    ['明年', 2019, [[2020, undefined, 'point', '明年']]],
    ['今年', null, []],
    ['规模以上年均增长', 2019, []],
    ['城镇新增就业2000万人', 2019, []],
    ['第20252153号', 2019, []],
  ])('%s (document year %s)', (text, documentYear, expected) => {
    const years = parseYears(text, documentYear)
    expect(years.map((y) => [y.year, y.yearMax, y.role, y.raw])).toEqual(expected)
    for (const y of years) expect(text.slice(y.start, y.end)).toBe(y.raw)
  })

  it('gives offsets into the original text', () => {
    const years = parseYears('技术合同成交额从 2017 年的 357 亿元翻番至 2018 年的 719 亿元', 2019)
    expect(years.map((y) => [y.start, y.end, y.year])).toEqual([
      [9, 15, 2017],
      [27, 33, 2018],
    ])
  })
})

describe('suggestAttributes', () => {
  it.each<[string, string, number | null, string | undefined, AnnotationAttributes]>([
    [
      'the year and cue in the quote',
      '力争2019年技术合同成交额突破850亿元',
      2019,
      undefined,
      { value: 850, unit: '亿元', comparator: '>', periodYear: 2019 },
    ],
    [
      'the year from the sentence, not the document',
      '新增高新技术企业超过 2000 家',
      2019,
      '2018 年，新增高新技术企业超过 2000 家，总数突破 1.1 万家。',
      { value: 2000, unit: '家', comparator: '>', periodYear: 2018 },
    ],
    [
      'a target with a deadline',
      '力争到 2020 年，科技创新企业总数突破 25 万家',
      2019,
      undefined,
      { value: 250_000, unit: '家', comparator: '>', periodYear: 2020, deadlineYear: 2020 },
    ],
    [
      'a deadline found in the context',
      '建設國家重點實驗室22家',
      2019,
      '到2021年末,力爭籌建國家實驗室1家、建設廣東省實驗室3家,建設國家重點實驗室22家',
      { value: 22, unit: '家', comparator: '=', periodYear: 2021, deadlineYear: 2021 },
    ],
    [
      '今年 resolved against the document year',
      '今年城镇新增就业1100万人以上',
      2017,
      undefined,
      { value: 11_000_000, unit: '人', comparator: '>', periodYear: 2017 },
    ],
    [
      '去年 resolved against the document year',
      '去年城镇新增就业1314万人',
      2018,
      undefined,
      { value: 13_140_000, unit: '人', comparator: '=', periodYear: 2017 },
    ],
    [
      '明年 resolved against the document year',
      '明年新增孵化器20家',
      2019,
      undefined,
      { value: 20, unit: '家', comparator: '=', periodYear: 2020 },
    ],
    [
      '今年 left open without a document year',
      '今年城镇新增就业1100万人以上',
      null,
      undefined,
      { value: 11_000_000, unit: '人', comparator: '>' },
    ],
    [
      'a year after the figure belongs to the next clause',
      '争取总量达到15万家',
      2017,
      '新增科技创新企业2万家以上,争取总量达到15万家,2020年达到20万家以上',
      { value: 150_000, unit: '家', comparator: '=' },
    ],
    [
      'a since-year is not the period',
      '4 亿元规模的科技信贷风险补偿资金池自 2016 年正式运作以来',
      2019,
      undefined,
      { value: 4, unit: '亿元', comparator: '=' },
    ],
    [
      'a context that does not contain the quote counts as preceding it',
      '全市共有国家重点实验室 20 家',
      2019,
      '2018 年末',
      { value: 20, unit: '家', comparator: '=', periodYear: 2018 },
    ],
    [
      'a range',
      '今年国内生产总值增长6%－6.5%',
      2019,
      undefined,
      { value: 6, valueMax: 6.5, unit: '%', comparator: '=', periodYear: 2019 },
    ],
    ['no figure: only the year', '到2020年，建成华南技术转移中心', 2019, undefined, { periodYear: 2020, deadlineYear: 2020 }],
    ['nothing to suggest', '加快推进华南（广州）技术转移中心建设', 2019, undefined, {}],
  ])('%s', (_name, quote, documentYear, context, expected) => {
    expect(suggestAttributes(quote, { documentYear, context })).toEqual(expected)
  })

  it('suggestEachFigure gives every figure its own year', () => {
    const quote = '总数从 2015 年的 1919 家增加至 2018 年超过 1.1 万家'
    expect(suggestEachFigure(quote, { documentYear: 2019 }).map((f) => f.attributes)).toEqual([
      { value: 1919, unit: '家', comparator: '=', periodYear: 2015 },
      { value: 11_000, unit: '家', comparator: '>', periodYear: 2018 },
    ])
  })
})
