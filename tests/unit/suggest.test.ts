// The suggestion engine, rule family by rule family, on sentences taken from the seeds and the
// government work reports (short documents built from real lines, with the heading that sets
// their section), plus the gold set on the tuning documents as a regression floor.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { DocumentType } from '../../src/shared/model'
import { starterCodebook } from '../../src/shared/starter-codebook'
import { segment, suggest, withoutKnown, type Proposal } from '../../src/shared/suggest'
import { commitmentRules, figureRules, headingRules } from '../../src/shared/suggest/rules'
import { evaluate } from '../eval/run'
import { loadGold } from '../eval/gold'
import { gwrDir, seedsDir } from '../support/paths'

function run(text: string, documentYear: number | null = 2019, docType: DocumentType = 'government-work-report'): Proposal[] {
  return suggest({ text, documentYear, docType, indicators: starterCodebook })
}

/** The figure proposal (target or achievement) whose quote contains the text. */
function find(proposals: Proposal[], quote: string): Proposal {
  const hit = proposals.find((p) => p.label !== 'commitment' && p.quote.includes(quote))
  if (!hit) throw new Error(`no proposal containing ${quote}: ${proposals.map((p) => p.quote).join(' | ')}`)
  return hit
}

describe('segmentation', () => {
  it.each([
    ['sentence ends 。；！？', '推进改革。扩大开放；加强监管！是否？', 4],
    ['一是/二是 open sentences inside a line', '一是推动高层次双向开放式创新，二是建设科技成果转化平台', 2],
    ['(一)(二) inside a line', '（一）融入全球创新网络（二）聚焦IAB产业', 2],
    ['之一是 is a word, not an enumeration', '这是重点任务之一是共识', 1],
  ])('%s', (_name, line, count) => {
    const [paragraph] = segment(line, 2019)
    expect(paragraph.sentences).toHaveLength(count)
  })

  it.each([
    ['一、2018年工作回顾', 'review'],
    ['二、2019年经济社会发展总体要求和政策取向', 'plan'],
    ['三、2019年政府工作任务', 'plan'],
    ['二、存在的主要问题', 'problems'],
    ['七、下一步工作计划', 'plan'],
    ['一、廣州市校企合作和聯動的主要情況', 'other'],
  ])('heading %s gives a %s section', (heading, kind) => {
    const paragraphs = segment(`${heading}\n正文一句。`, 2019)
    expect(paragraphs[1].kind).toBe(kind)
  })

  it('a task chapter after the plan heading stays a plan (三、把改革开放扎实推向纵深)', () => {
    const paragraphs = segment('二、2015年工作总体部署\n正文。\n三、把改革开放扎实推向纵深\n加快推进改革。', 2015)
    expect(paragraphs[3].kind).toBe('plan')
  })

  it('a paragraph opening 过去一年 is a look back inside a plan', () => {
    const paragraphs = segment('三、2019年政府工作任务\n过去一年，中国特色大国外交取得新成就。', 2019)
    expect(paragraphs[1].kind).toBe('review')
  })
})

describe('figure rules', () => {
  // One real sentence per rule, under the heading that gives its section.
  const cases: Array<{ rule: string; text: string; year: number; docType?: DocumentType; quote: string; label: string; periodYear?: number }> = [
    { rule: 'figure-deadline', text: '1.工作目標。\n到2021年末,力爭籌建國家實驗室1家、建設廣東省實驗室3家。', year: 2019, docType: 'action-plan', quote: '建設廣東省實驗室3家', label: 'target', periodYear: 2021 },
    { rule: 'figure-later-year', text: '一、关于“强化企业创新主体地位”的建议\n力争2027年全市高企总量突破1.5万家。', year: 2025, docType: 'reply-to-npc-suggestion', quote: '1.5万家', label: 'target', periodYear: 2027 },
    { rule: 'figure-earlier-year', text: '一、关于“强化企业创新主体地位”的建议\n2024年全市高企总量突破1.35万家。', year: 2025, docType: 'reply-to-npc-suggestion', quote: '1.35万家', label: 'achievement', periodYear: 2024 },
    { rule: 'figure-review-section', text: '一、2014年工作回顾\n就业稳，城镇新增就业1322万人，高于上年。', year: 2015, quote: '城镇新增就业1322万人', label: 'achievement', periodYear: 2014 },
    { rule: 'figure-review-section', text: '一、2014年工作回顾\n本届政府减少行政审批事项的目标提前实现，取消和下放246项行政审批事项。', year: 2015, quote: '246项', label: 'achievement' },
    { rule: 'figure-plan-section', text: '二、2015年工作总体部署\n今年经济社会发展的主要预期目标是：国内生产总值增长7%左右，城镇登记失业率4.5%以内。', year: 2015, quote: '城镇登记失业率4.5%以内', label: 'target', periodYear: 2015 },
    { rule: 'figure-plan-past-cue', text: '二、2019年重点工作\n实施中小企业科技信贷行动计划,将现有4亿元的科技信贷风险补偿资金池规模增加至10亿元。', year: 2017, docType: 'reply-to-npc-suggestion', quote: '将现有4亿元', label: 'achievement' },
    { rule: 'figure-plan-section', text: '三、2019 年重点工作安排\n逐步扩大科技信贷风险补偿资金池规模，发放贷款累计超 150 亿元。', year: 2019, docType: 'work-summary-and-plan', quote: '150 亿元', label: 'target', periodYear: 2019 },
    { rule: 'figure-past-cue', text: '一、关于“构建产学研用协同创新体系”的建议\n截至目前，累计发放贷款1284亿元。', year: 2025, docType: 'reply-to-npc-suggestion', quote: '1284亿元', label: 'achievement' },
    { rule: 'figure-target-cue', text: '一、关于“构建产学研用协同创新体系”的建议\n力争形成30支以上子基金。', year: 2017, docType: 'reply-to-npc-suggestion', quote: '30支以上', label: 'target' },
    { rule: 'figure-default', text: '一、关于“构建产学研用协同创新体系”的建议\n首批立项14家广州市概念验证中心。', year: 2025, docType: 'reply-to-npc-suggestion', quote: '14家', label: 'achievement' },
  ]
  it.each(cases)('$rule: $quote', ({ rule, text, year, docType, quote, label, periodYear }) => {
    const proposal = find(run(text, year, docType), quote)
    expect(proposal.rule).toBe(rule)
    expect(proposal.label).toBe(label)
    if (periodYear !== undefined) expect(proposal.attributes.periodYear).toBe(periodYear)
  })

  it('figure-problems: figures in a list of problems are not proposed', () => {
    const proposals = run('二、存在的主要问题\n研发投入占GDP比重2.5%，低于深圳。', 2019, 'work-summary-and-plan')
    expect(proposals.filter((p) => p.label !== 'commitment')).toEqual([])
  })

  it('a proposal is the figure\'s clause with its attributes, not the paragraph', () => {
    const text = '一、2014年工作回顾\n增速稳，国内生产总值达到63.6万亿元，比上年增长7.4%，在世界主要经济体中名列前茅。'
    const [gdp, growth] = run(text, 2015).filter((p) => p.label === 'achievement')
    expect(gdp.quote).toBe('国内生产总值达到63.6万亿元')
    expect(gdp.attributes).toMatchObject({ value: 63.6, unit: '万亿元', comparator: '=', periodYear: 2014 })
    expect(growth.quote).toBe('比上年增长7.4%')
    expect(growth.attributes).toMatchObject({ value: 7.4, unit: '%', periodYear: 2014, indicator: 'gdp-growth' })
  })

  it('两 figures in one clause make two proposals, each ending at its figure and cue', () => {
    const text = '二、2015年工作总体部署\n铁路投资要保持在8000亿元以上，新投产里程8000公里以上。'
    const targets = run(text, 2015).filter((p) => p.label === 'target')
    expect(targets.map((p) => [p.quote, p.attributes.comparator])).toEqual([
      ['铁路投资要保持在8000亿元以上', '>'],
      ['新投产里程8000公里以上', '>'],
    ])
  })

  it('a figure listed after another with 、 starts after the separator', () => {
    const text = '一、过去五年工作回顾\n退出钢铁产能1.7亿吨以上、煤炭产能8亿吨，安置分流职工110多万人。'
    const quotes = run(text, 2018).filter((p) => p.label === 'achievement').map((p) => p.quote)
    expect(quotes).toContain('煤炭产能8亿吨')
    expect(quotes.every((quote) => !/^[、，,\s]/.test(quote))).toBe(true)
  })

  it('a change arrives at the plan year: 赤字率从去年的2.1%提高到2.3%', () => {
    const text = '二、2015年工作总体部署\n今年拟安排财政赤字1.62万亿元，比去年增加2700亿元，赤字率从去年的2.1%提高到2.3%。'
    const proposals = run(text, 2015)
    expect(find(proposals, '去年的2.1%')).toMatchObject({ label: 'achievement', attributes: { periodYear: 2014 } })
    expect(find(proposals, '提高到2.3%')).toMatchObject({ label: 'target', attributes: { periodYear: 2015 } })
    expect(find(proposals, '2700亿元')).toMatchObject({ label: 'target', attributes: { periodYear: 2015 } })
  })

  it.each([
    ['a small count in characters (三项数据)', '一、主要情况\n全年共认定登记技术合同21074项，三项数据均居全省首位。', '三项'],
    ['a slogan in quotation marks', '一、主要情况\n充分发挥“3天展会+创交会网站+20个常态化成果转化基地”的作用。', '20个'],
    ['the parts of a policy (7个方面)', '一、主要情况\n从科技引育、科研强企、人才优企、金融惠企等7个方面,提出具体措施。', '7个'],
  ])('figureExclusions: %s is not proposed', (_name, text, figure) => {
    expect(run(text, 2020, 'reply-to-cppcc-proposal').some((p) => p.label !== 'commitment' && p.quote.includes(figure))).toBe(false)
  })

  it('a year the figure builds on is not its period: 在2018年翻番的基础上，继续大幅增长77%', () => {
    const text = '一、主要情况\n2019年全市技术合同成交额在2018年翻番的基础上,继续大幅增长77%。'
    expect(find(run(text, 2020, 'reply-to-cppcc-proposal'), '77%').attributes.periodYear).toBe(2019)
  })

  it('a count with its noun after the figure: 6600多万农村人口', () => {
    const text = '一、2014年工作回顾\n6600多万农村人口饮水安全问题得到解决。'
    expect(find(run(text, 2015), '6600多万').attributes).toMatchObject({ value: 66_000_000, unit: '人', comparator: '>' })
  })
})

describe('commitment rules', () => {
  it.each([
    ['commitment-next-step', '一、关于“优化创新政策环境”的建议\n下一步，我局将会同市有关部门修订《广州市科技创新促进条例》。', 2025],
    ['commitment-plan-action', '三、2019 年重点工作安排\n修订《广州市科技创新促进条例》，研究制定配套政策。', 2019],
    ['commitment-plan-action', '二、2015年工作总体部署\n各地要从实际出发，积极进取、挖掘潜力，努力争取更好结果。', 2015],
    ['commitment-plan-action', '二、下一步工作计划\n三是打造中国风险投资之都。', 2017],
    ['commitment-plan-default', '二、2017年重点工作任务\n普惠性减税与结构性减税并举，重点降低制造业和小微企业税收负担。', 2017],
  ])('%s', (rule, text, year) => {
    const commitments = run(text, year, 'work-summary-and-plan').filter((p) => p.label === 'commitment')
    expect(commitments).toHaveLength(1)
    expect(commitments[0].rule).toBe(rule)
    expect(commitments[0].quote.endsWith('。')).toBe(false)
  })

  it.each([
    ['framing (我国是…)', '二、2015年工作总体部署\n我国是世界上最大的发展中国家，仍处于并将长期处于社会主义初级阶段。'],
    ['a short copula (改革是关键)', '二、2015年工作总体部署\n推进农业现代化，改革是关键。'],
    ['a target list', '二、2015年工作总体部署\n今年经济社会发展的主要预期目标是：国内生产总值增长7%左右。'],
    ['主要 is not the modal 要', '二、2015年工作总体部署\n能耗强度下降3.1%以上，主要污染物排放继续减少。'],
    ['a review: 加快 there reports what was done', '一、2014年工作回顾\n加快财政支出进度，积极盘活存量资金。'],
    ['a progress report (已组织)', '二、下一步工作计划\n同时,我委已组织科技部直属研究机构开展建设国际科技创新枢纽战略研究。'],
    ['an item heading at a line start', '二、下一步工作计划\n（一）融入全球创新网络，提高创新资源集聚能力。'],
  ])('no commitment for %s', (_name, text) => {
    expect(run(text, 2015).filter((p) => p.label === 'commitment')).toEqual([])
  })
})

describe('both scripts', () => {
  it('a traditional-script plan gives the same proposals as its simplified twin', () => {
    const hant = '1.工作目標。\n2019年,技術交易合同成交額突破850億元;到2020年,力爭籌建1家國家實驗室。'
    const hans = '1.工作目标。\n2019年,技术交易合同成交额突破850亿元;到2020年,力争筹建1家国家实验室。'
    const strip = (ps: Proposal[]) => ps.map((p) => [p.label, p.start, p.end, p.attributes, p.rule])
    expect(strip(run(hant, 2019, 'action-plan'))).toEqual(strip(run(hans, 2019, 'action-plan')))
    expect(find(run(hant, 2019, 'action-plan'), '850')).toMatchObject({
      label: 'target',
      attributes: { value: 850, unit: '亿元', comparator: '>', periodYear: 2019, indicator: 'tech-contract-turnover' },
    })
  })
})

describe('the whole engine', () => {
  const report = readFileSync(join(gwrDir, '2016_gwr_national.txt'), 'utf8')

  it('is deterministic and keeps every proposal inside the text, clause-sized', () => {
    const first = run(report, 2016)
    expect(run(report, 2016)).toEqual(first)
    for (const p of first) {
      expect(report.slice(p.start, p.end)).toBe(p.quote)
      expect(p.quote.includes('\n')).toBe(false)
      expect(p.confidence).toBeGreaterThan(0)
    }
    const figures = first.filter((p) => p.label !== 'commitment')
    expect(Math.max(...figures.map((p) => p.quote.length))).toBeLessThan(120)
  })

  it('every rule in the tables has a reason', () => {
    for (const rule of [...headingRules, ...figureRules, ...commitmentRules]) expect(rule.why.length).toBeGreaterThan(10)
  })

  it('withoutKnown drops proposals overlapping an annotation of the same label, whatever its status', () => {
    const text = readFileSync(join(seedsDir, '003_1da18392a39b6ff1.txt'), 'utf8')
    const proposals = run(text, 2019, 'work-summary-and-plan')
    const [a, b] = proposals.filter((p) => p.label === 'achievement')
    const left = withoutKnown(proposals, [
      { label: 'achievement', start: a.start, end: a.end },
      { label: 'target', start: b.start, end: b.end },
    ])
    expect(left).toHaveLength(proposals.length - 1)
    expect(left).toContain(b)
  })

  it('on the tuning documents of the gold set, overlap recall and precision stay above the targets', () => {
    const tallies = evaluate(loadGold().filter((doc) => doc.file.split === 'tune'))
    for (const label of ['target', 'achievement'] as const) {
      expect(tallies[label].overlap / tallies[label].gold).toBeGreaterThanOrEqual(0.9)
      expect(tallies[label].overlap / tallies[label].proposed).toBeGreaterThanOrEqual(0.8)
    }
  })
})
