import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { applyChanges, applyCleanup, cleanupRules, previewCleanup } from '../../src/shared/cleanup'
import { gwrDir, seedsDir } from '../support/paths'

const seed = (file: string): string => readFileSync(join(seedsDir, file), 'utf8')
const gwr = (year: number): string => readFileSync(join(gwrDir, `${year}_gwr_national.txt`), 'utf8')

const seed001 = seed('001_fa5698c1e2602520.txt')
const seed003 = seed('003_1da18392a39b6ff1.txt')
const gwr2019 = gwr(2019)

const allRuleIds = cleanupRules.map((rule) => rule.id)

function ruleById(id: string) {
  const rule = cleanupRules.find((candidate) => candidate.id === id)
  if (!rule) throw new Error(`no rule ${id}`)
  return rule
}

/** One rule alone on the text. */
function runRule(id: string, text: string): { text: string; count: number } {
  const changes = ruleById(id).find(text)
  return { text: applyChanges(text, changes), count: changes.length }
}

describe('the rule list', () => {
  it('has the recorded ids, in the order they are applied', () => {
    expect(allRuleIds).toEqual([
      'zero-width',
      'web-navigation',
      'licence-footer',
      'bold-markers',
      'wiki-line-breaks',
      'pdf-line-joins',
      'blank-line-runs',
    ])
  })
  it.each(cleanupRules.map((rule) => [rule.id, rule] as const))('%s is named and explained in both languages', (_id, rule) => {
    expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/)
    for (const text of [rule.name['zh-CN'], rule.name.en, rule.why['zh-CN'], rule.why.en]) expect(text.length).toBeGreaterThan(2)
  })
})

interface RealCase {
  rule: string
  source: string
  text: string
  count: number
  /** Exact snippets of the input and what each becomes. */
  pairs: Array<[before: string, after: string]>
  /** Snippets of the input that the rule must leave exactly as they are. */
  untouched?: string[]
}

// Snippets copied from the files by hand; counts checked by reading every change.
const realCases: RealCase[] = [
  {
    rule: 'web-navigation',
    source: 'seed 001 (web capture)',
    text: seed001,
    count: 3,
    pairs: [
      [
        // The breadcrumb's separators are ' > ' with no-break spaces (U+00A0).
        '手机版\n\n手机版二维码,扫一扫进入手机版\n\n无障碍\n您当前所在位置:首页\u00a0>\u00a0信息公开\u00a0>\u00a0建议提案办理情况公开\u00a0>\u00a0人大建议\n\n广州市科技创新委员会关于',
        '广州市科技创新委员会关于',
      ],
      [
        '代表建议答复的函\n\n来源:市科学技术局 发布时间: 2017-07-04 02:18:22\n\n穗科创函〔2017〕830号',
        '代表建议答复的函\n\n穗科创函〔2017〕830号',
      ],
      ['(联系人:邹文涛,电话:83124137)\n\n相关新闻\n扫一扫在手机打开当前页', '(联系人:邹文涛,电话:83124137)\n'],
    ],
    untouched: ['  附件:代表建议、批评和意见办理情况征询意见表(一式三份).doc\n\n  广州市科技创新委员会\n\n  2017年6月29日'],
  },
  {
    rule: 'bold-markers',
    source: 'seed 003 (PDF)',
    text: seed003,
    count: 32,
    pairs: [
      ['总数**突破** 1.1 万家', '总数突破 1.1 万家'],
      ['实现重大**突破**。工作局面上有新**突破**，广州高新区', '实现重大突破。工作局面上有新突破，广州高新区'],
      ['。**打造战略科技力量。**加强国家重点实验室建设', '。打造战略科技力量。加强国家重点实验室建设'],
      ['业总数突破 25 万家。**实施高**\n\n新技术企业', '业总数突破 25 万家。实施高\n\n新技术企业'],
    ],
  },
  {
    rule: 'pdf-line-joins',
    source: 'seed 003 (PDF)',
    text: seed003,
    count: 10,
    pairs: [
      ['南方海洋科学与工程广东省\n\n实验室正式揭牌；', '南方海洋科学与工程广东省实验室正式揭牌；'],
      ['国家首批双创示范基地。加\n\n强与港澳对接合作', '国家首批双创示范基地。加强与港澳对接合作'],
      ['成果转\n\n化及技术服务收入超过 132', '成果转化及技术服务收入超过 132'],
      ['钟南山\n\n院士担任总师', '钟南山院士担任总师'],
      ['缺乏重\n\n大科技基础设施', '缺乏重大科技基础设施'],
      ['从“0”到“1”的原始性\n\n创新，建立健全', '从“0”到“1”的原始性创新，建立健全'],
      ['**实施高**\n\n新技术企业树标提质行动', '**实施高**新技术企业树标提质行动'],
      ['**改革财政科\n\n技经费配置', '**改革财政科技经费配置'],
    ],
    untouched: [
      '共建粤港澳大湾区国际科技创新中心\n\n——广州市科学技术局 2018 年工作总结和 2019 年工作安排\n\n2018 年，',
      '二、存在的主要问题\n\n经过全市上下不懈努力',
      '三、2019 年重点工作安排\n\n2019 年，广州市科学技术局',
      '一、2018 年主要工作成效\n\n（一）聚焦粤港澳大湾区',
    ],
  },
  {
    rule: 'wiki-line-breaks',
    source: 'gwr 2019 (Wikisource)',
    text: gwr2019,
    count: 18,
    pairs: [
      ['污染防治得到加强，细颗粒物（PM\n2.5\n）浓度继续下降，生态文明', '污染防治得到加强，细颗粒物（PM2.5）浓度继续下降，生态文明'],
      ['广义货币M\n2\n和社会融资规模增速', '广义货币M2和社会融资规模增速'],
      ['重点地区细颗粒物（PM\n2.5\n）浓度继续下降。', '重点地区细颗粒物（PM2.5）浓度继续下降。'],
      ['本作品是中华人民共和国的\n法律\n、\n法规\n，国家机关', '本作品是中华人民共和国的法律、法规，国家机关'],
      ['公务演讲，\n不总是\n具有立法', '公务演讲，不总是具有立法'],
    ],
    untouched: ['各位代表：\n\n现在，我代表国务院', '\n\nPublic domain\nPublic domain\nfalse\nfalse'],
  },
  {
    rule: 'licence-footer',
    source: 'gwr 2019 (Wikisource)',
    text: gwr2019,
    count: 1,
    pairs: [['实现中华民族伟大复兴的中国梦不懈奋斗！\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n本作品是中华人民共和国的\n', '实现中华民族伟大复兴的中国梦不懈奋斗！\n']],
  },
  {
    rule: 'blank-line-runs',
    source: 'gwr 2019 (Wikisource)',
    text: gwr2019,
    count: 9,
    pairs: [
      ['并请全国政协委员提出意见。\n\n\n\n一、2018年工作回顾\n\n\n过去一年', '并请全国政协委员提出意见。\n\n一、2018年工作回顾\n\n过去一年'],
    ],
  },
]

describe('each rule on the real files', () => {
  it.each(realCases.map((c) => [`${c.rule} on ${c.source}`, c] as const))('%s', (_name, c) => {
    const result = runRule(c.rule, c.text)
    expect(result.count).toBe(c.count)
    for (const [before, after] of c.pairs) {
      expect(c.text).toContain(before)
      expect(result.text).toContain(after)
      expect(result.text).not.toContain(before)
    }
    for (const snippet of c.untouched ?? []) {
      expect(c.text).toContain(snippet)
      expect(result.text).toContain(snippet)
    }
  })

  it('the licence footer is gone to the last line', () => {
    const result = runRule('licence-footer', gwr2019).text
    expect(result.endsWith('实现中华民族伟大复兴的中国梦不懈奋斗！\n')).toBe(true)
    expect(result).not.toMatch(/本作品|维基文库|Public domain|false/)
  })

  it('wiki-line-breaks finds nothing in the reports that are not from a wiki', () => {
    for (const year of [2015, 2016, 2017, 2018, 2020]) expect(ruleById('wiki-line-breaks').find(gwr(year))).toEqual([])
  })
})

describe('documents that need no clean-up are left alone', () => {
  const clean: Array<[string, string]> = [
    ['seed 000 (reply letter)', seed('000_55dd0278fb5a4955.txt')],
    ['seed 002 (traditional action plan)', seed('002_6713f578bdf6ed27.txt')],
    ['seed 004 (reply letter)', seed('004_7c649211ab158f35.txt')],
    ...[2015, 2016, 2017, 2018, 2020].map((year): [string, string] => [`gwr ${year}`, gwr(year)]),
    [
      'a clean paragraph',
      '广州市科学技术局\n2020年9月3日\n\n一、总体要求\n\n到2020年，全市高新技术企业超过1.2万家，技术合同成交额达到1500亿元。\n（一）总体思路\n坚持创新驱动，强化企业主体地位。\n',
    ],
  ]
  it.each(clean)('%s: no rule changes anything', (_name, text) => {
    expect(previewCleanup(text)).toEqual([])
    expect(applyCleanup(text, allRuleIds)).toEqual({ text, applied: [] })
  })
})

describe('synthetic cases', () => {
  const cases: Array<{ rule: string; name: string; input: string; output: string }> = [
    { rule: 'zero-width', name: 'zero-width space inside a word', input: '高新\u200b技术企业', output: '高新技术企业' },
    { rule: 'zero-width', name: 'BOM, word joiner, ZWNJ', input: '\ufeff技术\u2060合同\u200c成交额\ufeff', output: '技术合同成交额' },
    { rule: 'zero-width', name: 'ZWJ between Han characters', input: '高\u200d企', output: '高企' },
    { rule: 'zero-width', name: 'ZWJ inside an emoji is kept', input: '家庭👩\u200d👩\u200d👧合影', output: '家庭👩\u200d👩\u200d👧合影' },
    {
      rule: 'web-navigation',
      name: 'breadcrumb, tools and font size',
      input: '当前位置：首页 > 政务公开 > 通知公告\n字号：大 中 小\n\n关于印发方案的通知\n\n各区人民政府：\n\n  现印发给你们。\n\n【打印】【关闭】\n',
      output: '关于印发方案的通知\n\n各区人民政府：\n\n  现印发给你们。\n',
    },
    {
      rule: 'web-navigation',
      name: 'traditional script',
      input: '您當前所在位置：首頁 > 政務公開\n\n廣州市科學技術局關於公布名單的通知\n\n發布時間：2019-10-08\n\n正文。\n\n[ 打印本頁 ] [ 關閉窗口 ]',
      output: '廣州市科學技術局關於公布名單的通知\n\n正文。\n',
    },
    {
      rule: 'web-navigation',
      name: 'a sentence with > and a 来源 inside a line stay',
      input: '增长率 > 5%，比上年提高。\n资金来源：市财政。\n',
      output: '增长率 > 5%，比上年提高。\n资金来源：市财政。\n',
    },
    {
      rule: 'web-navigation',
      name: 'related news that is followed by sentences keeps the sentences',
      input: '正文。\n相关新闻\n这是一个完整的句子。\n',
      output: '正文。\n这是一个完整的句子。\n',
    },
    {
      rule: 'licence-footer',
      name: 'copyright line of a web page',
      input: `${'正文内容。'.repeat(40)}\n\n版权所有：广州市科学技术局\n粤ICP备05000000号\n`,
      output: `${'正文内容。'.repeat(40)}\n`,
    },
    {
      rule: 'licence-footer',
      name: 'a notice at the start of a document is not a footer',
      input: `版权所有：某出版社\n${'正文内容。'.repeat(40)}\n`,
      output: `版权所有：某出版社\n${'正文内容。'.repeat(40)}\n`,
    },
    { rule: 'bold-markers', name: 'pairs on one line', input: '**一是**加强。**二是**完善。', output: '一是加强。二是完善。' },
    {
      rule: 'bold-markers',
      name: 'masked numbers and a masked name stay',
      input: '联系人：张**，电话：139****1234',
      output: '联系人：张**，电话：139****1234',
    },
    { rule: 'bold-markers', name: 'an unpaired marker stays', input: '**突破\n1.1 万家', output: '**突破\n1.1 万家' },
    {
      rule: 'pdf-line-joins',
      name: 'a sentence split by a page break',
      input: '全市高新技术企业总数突破1.1万家，居全国\n\n第三位。\n',
      output: '全市高新技术企业总数突破1.1万家，居全国第三位。\n',
    },
    {
      rule: 'pdf-line-joins',
      name: 'English words get their space back',
      input: '为此，支持建设 Guangzhou Science\n\nPark，形成集聚。',
      output: '为此，支持建设 Guangzhou Science Park，形成集聚。',
    },
    {
      rule: 'pdf-line-joins',
      name: 'headings, signatures and new paragraphs stay',
      input:
        '一、总体要求\n\n（一）总体思路，基本原则\n\n坚持创新驱动，强化企业主体\n\n1.工作目标。\n\n附件：名单，表格\n\n广州市科学技术局\n\n  他说，我们\n\n  另起一段。',
      output:
        '一、总体要求\n\n（一）总体思路，基本原则\n\n坚持创新驱动，强化企业主体\n\n1.工作目标。\n\n附件：名单，表格\n\n广州市科学技术局\n\n  他说，我们\n\n  另起一段。',
    },
    {
      rule: 'wiki-line-breaks',
      name: 'a linked term on its own line',
      input: '今年，要加快推进\n粤港澳大湾区\n建设，取得新进展。\n',
      output: '今年，要加快推进粤港澳大湾区建设，取得新进展。\n',
    },
    {
      rule: 'wiki-line-breaks',
      name: 'title block lines stay',
      input: '政府工作报告\n——2015年3月5日在第十二届全国人民代表大会第三次会议上\n国务院总理 李克强\n各位代表：\n',
      output: '政府工作报告\n——2015年3月5日在第十二届全国人民代表大会第三次会议上\n国务院总理 李克强\n各位代表：\n',
    },
    { rule: 'blank-line-runs', name: 'three newlines', input: '甲\n\n\n乙', output: '甲\n\n乙' },
    { rule: 'blank-line-runs', name: 'one blank line stays', input: '甲\n\n乙\n', output: '甲\n\n乙\n' },
    { rule: 'blank-line-runs', name: 'lines of spaces count as blank', input: '甲\n \n\u3000\n  乙', output: '甲\n\n  乙' },
    { rule: 'blank-line-runs', name: 'CRLF', input: '甲\r\n\r\n\r\n\r\n乙', output: '甲\r\n\r\n乙' },
  ]
  it.each(cases.map((c) => [`${c.rule}: ${c.name}`, c] as const))('%s', (_name, c) => {
    expect(runRule(c.rule, c.input).text).toBe(c.output)
  })
})

describe('changes are well formed on every real file', () => {
  const files: Array<[string, string]> = [
    ...['000_55dd0278fb5a4955.txt', '001_fa5698c1e2602520.txt', '002_6713f578bdf6ed27.txt', '003_1da18392a39b6ff1.txt', '004_7c649211ab158f35.txt'].map(
      (file): [string, string] => [file, seed(file)],
    ),
    ...[2015, 2016, 2017, 2018, 2019, 2020].map((year): [string, string] => [`gwr ${year}`, gwr(year)]),
  ]
  it.each(files)('%s: sorted, not overlapping, removed is what the offsets cover', (_name, text) => {
    for (const rule of cleanupRules) {
      let at = 0
      for (const c of rule.find(text)) {
        expect(c.start).toBeGreaterThanOrEqual(at)
        expect(c.end).toBeGreaterThanOrEqual(c.start)
        expect(c.removed).toBe(text.slice(c.start, c.end))
        expect(c.removed).not.toBe(c.inserted)
        at = c.end
      }
    }
  })
})

describe('previewCleanup', () => {
  it('lists only the rules that change something, each on the text as given', () => {
    const preview = previewCleanup(seed003)
    expect(preview.map((entry) => entry.rule.id)).toEqual(['bold-markers', 'pdf-line-joins'])
    // Both rules see the original: the page break after **实施高** is offered with its markers.
    const join = preview[1].changes.find((c) => seed003.slice(c.start - 5, c.start) === '实施高**')
    expect(join?.removed).toBe('\n\n')
  })
})

describe('applyCleanup', () => {
  it('seed 001: only the navigation goes, the whole letter body stays', () => {
    const start = seed001.indexOf('李鹰代表')
    const end = seed001.indexOf('2017年6月29日') + '2017年6月29日'.length
    const body = seed001.slice(start, end)
    expect(body.length).toBeGreaterThan(6000)
    const result = applyCleanup(seed001, allRuleIds)
    expect(result.applied).toEqual(['web-navigation'])
    expect(result.text).toContain(body)
    expect(result.text.startsWith('广州市科技创新委员会关于市第十五届人大一次会议第20172212号代表建议答复的函\n\n穗科创函〔2017〕830号\n\n李鹰代表:')).toBe(true)
    expect(result.text.endsWith('  (联系人:邹文涛,电话:83124137)\n')).toBe(true)
  })

  it('seed 003: bold markers and page breaks compose (the marker inside the split word too)', () => {
    const result = applyCleanup(seed003, allRuleIds)
    expect(result.applied).toEqual(['bold-markers', 'pdf-line-joins'])
    expect(result.text).not.toContain('**')
    expect(result.text).toContain('业总数突破 25 万家。实施高新技术企业树标提质行动。')
    expect(result.text).toContain('以改革激发创新活力。改革财政科技经费配置和使用方式')
    expect(result.text.length).toBe(seed003.length - 32 * 2 - 10 * 2)
  })

  it('gwr 2019: footer, wiki breaks and blank runs', () => {
    const result = applyCleanup(gwr2019, allRuleIds)
    expect(result.applied).toEqual(['licence-footer', 'wiki-line-breaks', 'blank-line-runs'])
    expect(result.text).toContain('细颗粒物（PM2.5）浓度继续下降，生态文明建设成效显著。')
    expect(result.text).toContain('广义货币M2和社会融资规模')
    expect(result.text).not.toMatch(/\n\n\n|本作品/)
    expect(result.text.endsWith('中国梦不懈奋斗！\n')).toBe(true)
  })

  it('applies in the fixed order whatever order the ids come in, and skips rules switched off', () => {
    const reversed = applyCleanup(seed003, [...allRuleIds].reverse())
    expect(reversed).toEqual(applyCleanup(seed003, allRuleIds))
    const onlyJoins = applyCleanup(seed003, ['pdf-line-joins', 'no-such-rule'])
    expect(onlyJoins.applied).toEqual(['pdf-line-joins'])
    expect(onlyJoins.text).toContain('**实施高**新技术企业')
    expect(applyCleanup(seed003, [])).toEqual({ text: seed003, applied: [] })
  })

  it('applyChanges refuses overlapping changes', () => {
    const overlapping = [
      { start: 0, end: 2, removed: 'ab', inserted: '' },
      { start: 1, end: 3, removed: 'bc', inserted: '' },
    ]
    expect(() => applyChanges('abcd', overlapping)).toThrow(RangeError)
  })
})
