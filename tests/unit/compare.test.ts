import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { locateQuote, selectorFor } from '../../src/shared/anchoring'
import {
  compareAcrossYears,
  conversionFactor,
  meetsTarget,
  reachedEarlier,
  rowView,
  type CompareCellView,
  type CompareResult,
} from '../../src/shared/compare'
import type { Annotation, AnnotationAttributes, Comparator, DocumentRecord, DocumentType, Indicator } from '../../src/shared/model'
import { extractAttributes } from '../../src/shared/extract'
import { starterCodebook } from '../../src/shared/starter-codebook'
import { gwrDir, loadSeedFixture, seedsDir, fixturesDir } from '../support/paths'

interface ExpectedStatus {
  indicator: string
  periodYear: number
  status: string
}

function documentRecord(id: string, year: number, docType: DocumentType, extra: Partial<DocumentRecord['meta']> = {}): DocumentRecord {
  return {
    id,
    sha256: id.padEnd(64, '0'),
    title: `${year} ${docType}`,
    textLength: 0,
    meta: { year, date: null, docNumber: null, issuer: null, docType, script: 'zh-Hans', ...extra },
    source: { fileName: `${id}.txt`, format: 'txt', encoding: 'utf-8' },
    importedAt: '2026-01-01T00:00:00.000Z',
    cleanupApplied: [],
  }
}

let nextId = 0
function annotationAt(text: string, documentId: string, quote: string, label: string, attributes: AnnotationAttributes): Annotation {
  const { match, candidates } = locateQuote(text, quote, 0)
  if (!match) throw new Error(`quote not found (${candidates} candidates): ${quote}`)
  return {
    id: `a${String(nextId++).padStart(5, '0')}`,
    documentId,
    ...selectorFor(text, match.start, match.end),
    label,
    attributes,
    links: [],
    status: 'accepted',
    author: 'test',
    createdAt: '',
    updatedAt: '',
  }
}

function cellOf(result: CompareResult, key: string, year: number): CompareCellView {
  const row = result.rows.find((candidate) => candidate.key === key)
  const cell = row && rowView(row, result.sources).cells.find((candidate) => candidate.year === year)
  if (!cell) throw new Error(`no cell ${key} × ${year}`)
  return cell
}

describe('the seed fixture across years', () => {
  const fixture = loadSeedFixture()
  const raw = JSON.parse(readFileSync(join(fixturesDir, 'seed-crossyear.json'), 'utf8')) as {
    expectedStatus: ExpectedStatus[]
    indicators: Indicator[]
  }
  const idOf = (file: string) => file.replace(/^\d+_/, '').replace(/\.txt$/, '')
  const documents = fixture.documents.map((doc) =>
    documentRecord(idOf(doc.file), doc.year, doc.docType as DocumentType, { date: doc.date, issuer: doc.issuer, script: doc.script }),
  )
  const texts = new Map(fixture.documents.map((doc) => [doc.file, readFileSync(join(seedsDir, doc.file), 'utf8')]))
  const annotations = fixture.observations.map((observation) =>
    annotationAt(texts.get(observation.file)!, idOf(observation.file), observation.quote, observation.kind === 'target' ? 'target' : 'achievement', {
      indicator: observation.indicator,
      value: observation.value,
      unit: observation.unit,
      comparator: observation.comparator as Comparator,
      periodYear: observation.periodYear,
    }),
  )
  const result = compareAcrossYears({ annotations, documents, indicators: raw.indicators })

  it('places every observation in the matrix', () => {
    const placed = result.rows.flatMap((row) => rowView(row, result.sources).cells.flatMap((cell) => [...cell.targets, ...cell.actuals]))
    expect(placed).toHaveLength(fixture.observations.length)
    expect(placed.every((observation) => observation.value !== null)).toBe(true)
  })

  it.each(raw.expectedStatus.map((expected) => [expected.indicator, expected.periodYear, expected.status] as const))(
    '%s %i is %s',
    (indicator, year, status) => {
      expect(cellOf(result, indicator, year).status).toBe(status)
    },
  )

  it('keeps both 2020 targets for 科技创新企业, the raised one first, and judges against it', () => {
    const cell = cellOf(result, 'sci-tech-enterprises', 2020)
    expect(cell.targets.map((target) => [target.value, target.documentYear])).toEqual([
      [250000, 2019],
      [200000, 2017],
    ])
    expect(cell.status).toBe('no-evidence')
  })

  it('notes that 2018’s 20万+ already reaches the first 2020 target, not the raised one', () => {
    const row = rowView(result.rows.find((candidate) => candidate.key === 'sci-tech-enterprises')!, result.sources)
    const reached = reachedEarlier(row, row.cells.find((cell) => cell.year === 2020)!, 5)
    expect(reached && [reached.year, reached.target.value, reached.target.documentYear]).toEqual([2018, 200000, 2017])
    const tech = rowView(result.rows.find((candidate) => candidate.key === 'tech-contract-turnover')!, result.sources)
    // 1273.36亿元 in 2019 is already beyond the 2021 target of >1200亿元; a judged year is left alone.
    expect(reachedEarlier(tech, tech.cells.find((cell) => cell.year === 2021)!, 5)?.actual.value).toBe(1273.36)
    expect(reachedEarlier(tech, tech.cells.find((cell) => cell.year === 2019)!, 5)).toBeNull()
    const credit = rowView(result.rows.find((candidate) => candidate.key === 'credit-risk-pool')!, result.sources)
    expect(reachedEarlier(credit, credit.cells.find((cell) => cell.year === 2017)!, 5)).toBeNull()
  })

  it('shows 技术合同成交额 as the issue describes it', () => {
    expect(cellOf(result, 'tech-contract-turnover', 2017).actuals.map((actual) => actual.value)).toEqual([357])
    expect(cellOf(result, 'tech-contract-turnover', 2017).status).toBeNull()
    expect(cellOf(result, 'tech-contract-turnover', 2018).actuals.map((actual) => actual.value)).toEqual([719])
    const met = cellOf(result, 'tech-contract-turnover', 2019)
    expect([met.targets[0].comparator, met.targets[0].value, met.actuals[0].value, met.actuals[0].documentYear]).toEqual(['>', 850, 1273.36, 2020])
    expect(met.status).toBe('met')
    expect(cellOf(result, 'tech-contract-turnover', 2020).status).toBe('no-evidence')
    expect(cellOf(result, 'tech-contract-turnover', 2021).status).toBe('no-evidence')
  })

  it('calls targets not due while no later document exists', () => {
    const upTo2019 = documents.filter((doc) => (doc.meta.year ?? 0) <= 2019)
    const early = compareAcrossYears({
      annotations: annotations.filter((annotation) => upTo2019.some((doc) => doc.id === annotation.documentId)),
      documents: upTo2019,
      indicators: raw.indicators,
    })
    expect(cellOf(early, 'tech-contract-turnover', 2019).status).toBe('not-due')
    expect(cellOf(early, 'tech-contract-turnover', 2021).status).toBe('not-due')
    expect(cellOf(early, 'maker-spaces', 2018).status).toBe('met')
  })

  it('filters by label, document type, issuer, year range and status', () => {
    const targetsOnly = compareAcrossYears({ annotations, documents, indicators: raw.indicators, filters: { labels: ['target'] } })
    expect(targetsOnly.rows.every((row) => row.cells.every((cell) => cell.actuals.length === 0))).toBe(true)
    const plans = compareAcrossYears({ annotations, documents, indicators: raw.indicators, filters: { docTypes: ['action-plan'] } })
    expect(new Set(plans.rows.flatMap((row) => rowView(row, plans.sources).cells.flatMap((cell) => cell.targets.map((target) => target.docType))))).toEqual(new Set(['action-plan']))
    const byIssuer = compareAcrossYears({ annotations, documents, indicators: raw.indicators, filters: { issuers: ['广州市科技创新委员会'] } })
    expect(new Set(byIssuer.rows.flatMap((row) => rowView(row, byIssuer.sources).cells.flatMap((cell) => [...cell.targets, ...cell.actuals].map((figure) => figure.issuer))))).toEqual(new Set(['广州市科技创新委员会']))
    // One issuer whatever the script: seed 002 writes 廣州市科學技術局, seeds 000, 003 and 004 广州市科学技术局.
    const traditional = compareAcrossYears({ annotations, documents, indicators: raw.indicators, filters: { issuers: ['廣州市科學技術局'] } })
    const simplified = compareAcrossYears({ annotations, documents, indicators: raw.indicators, filters: { issuers: ['广州市科学技术局'] } })
    const issuersOf = (shown: CompareResult) => new Set(shown.rows.flatMap((row) => rowView(row, shown.sources).cells.flatMap((cell) => [...cell.targets, ...cell.actuals].map((figure) => figure.issuer))))
    expect(issuersOf(traditional)).toEqual(new Set(['广州市科学技术局', '廣州市科學技術局']))
    expect(traditional.years).toEqual(simplified.years)
    expect(traditional.rows.map((row) => row.key)).toEqual(simplified.rows.map((row) => row.key))
    const range = compareAcrossYears({ annotations, documents, indicators: raw.indicators, filters: { yearFrom: 2018, yearTo: 2019 } })
    expect(range.years).toEqual([2018, 2019])
    const met = compareAcrossYears({ annotations, documents, indicators: raw.indicators, filters: { statuses: ['met'] } })
    expect(met.rows.map((row) => row.key).sort()).toEqual(['maker-spaces', 'tech-contract-turnover'])
  })

  it('judges a cell on all its figures whatever the filters hide', () => {
    const unfiltered = cellOf(result, 'tech-contract-turnover', 2019)
    expect(unfiltered.status).toBe('met')
    const views = [
      { labels: ['target'] },
      { docTypes: ['action-plan' as const] },
      { issuers: ['廣州市科學技術局'], docTypes: ['action-plan' as const] },
    ]
    for (const filters of views) {
      const filtered = compareAcrossYears({ annotations, documents, indicators: raw.indicators, filters })
      const cell = cellOf(filtered, 'tech-contract-turnover', 2019)
      expect(cell.actuals.length + cell.targets.length).toBeLessThan(unfiltered.actuals.length + unfiltered.targets.length)
      expect(cell.status).toBe('met')
    }
  })

  it('flags differing actuals for one year and judges against the newest', () => {
    const text = texts.get('004_7c649211ab158f35.txt')!
    const otherFigure = annotationAt(text, idOf('004_7c649211ab158f35.txt'), '技术交易额975.07亿元', 'achievement', {
      indicator: 'tech-contract-turnover',
      value: 975.07,
      unit: '亿元',
      comparator: '=',
      periodYear: 2019,
    })
    const withConflict = compareAcrossYears({ annotations: [...annotations, otherFigure], documents, indicators: raw.indicators })
    const cell = cellOf(withConflict, 'tech-contract-turnover', 2019)
    expect(cell.conflict).toBe(true)
    expect(cell.actuals).toHaveLength(2)
    expect(cellOf(result, 'tech-contract-turnover', 2019).conflict).toBe(false)
  })

  it('leaves out annotations that are not accepted', () => {
    const suggested = annotations.map((annotation) =>
      annotation.attributes.indicator === 'maker-spaces' && annotation.label === 'achievement' ? { ...annotation, status: 'suggested' as const } : annotation,
    )
    const withoutActual = compareAcrossYears({ annotations: suggested, documents, indicators: raw.indicators })
    expect(cellOf(withoutActual, 'maker-spaces', 2018).status).toBe('no-evidence')
  })
})

describe('units', () => {
  it.each([
    ['亿元', '亿元', 1],
    ['億元', '亿元', 1],
    ['万元', '亿元', 1e-4],
    ['万亿元', '亿元', 1e4],
    ['万家', '家', 1e4],
    ['家', '家', 1],
    ['', '家', 1],
    ['人', '万人', 1e-4],
    ['万人', '万人', 1],
    ['%', '%', 1],
    ['个百分点', '%', null],
    ['個百分點', '个百分点', 1],
    ['家', '亿元', null],
    ['千克', '克', null],
  ] as const)('%s → %s: %s', (from, to, factor) => {
    const found = conversionFactor(from, to)
    if (factor === null) expect(found).toBeNull()
    else expect(found).toBeCloseTo(factor, 12)
  })

  it('reads 1.1万家 as 11000 家 and keeps 个百分点 apart from %', () => {
    const doc = documentRecord('00000000000000a1', 2019, 'work-summary-and-plan')
    const base = { documentId: doc.id, start: 0, end: 1, quote: 'x', prefix: '', suffix: '', links: [], status: 'accepted' as const, author: '', createdAt: '', updatedAt: '' }
    const result = compareAcrossYears({
      documents: [doc],
      indicators: starterCodebook,
      annotations: [
        { ...base, id: '1', label: 'achievement', attributes: { indicator: 'high-tech-enterprises', value: 1.1, unit: '万家', comparator: '>', periodYear: 2018 } },
        { ...base, id: '2', label: 'target', attributes: { indicator: 'gdp-growth', value: 6.5, unit: '%', comparator: '≈', periodYear: 2018 } },
        { ...base, id: '3', label: 'achievement', attributes: { indicator: 'gdp-growth', value: 0.2, unit: '个百分点', comparator: '=', periodYear: 2018 } },
      ],
    })
    expect(cellOf(result, 'high-tech-enterprises', 2018).actuals[0].value).toBe(11000)
    const gdp = cellOf(result, 'gdp-growth', 2018)
    expect(gdp.unitMismatch).toBe(true)
    expect(gdp.actuals[0].value).toBeNull()
    expect(gdp.status).toBe('no-evidence')
  })
})

describe('meetsTarget', () => {
  const figure = (comparator: Comparator, value: number, valueMax: number | null = null) => ({ comparator, value, valueMax })
  it.each([
    ['> 850 by 1273.36', figure('>', 850), figure('=', 1273.36), true, true],
    ['> 850 not by 850', figure('>', 850), figure('=', 850), true, false],
    ['> 11000 by "more than 11000"', figure('>', 11000), figure('>', 11000), true, true],
    ['>= 150 by 150', figure('>=', 150), figure('=', 150), true, true],
    ['= 20 by 22 when higher is better', figure('=', 20), figure('=', 22), true, true],
    ['= 20 not by 19', figure('=', 20), figure('=', 19), true, false],
    ['≈ 7% by 6.9% (within 5%)', figure('≈', 7), figure('=', 6.9), true, true],
    ['≈ 7% not by 6.5%', figure('≈', 7), figure('=', 6.5), true, false],
    ['≈ 3% ceiling by 2%', figure('≈', 3), figure('=', 2), false, true],
    ['≈ 3% ceiling by 3.1%', figure('≈', 3), figure('=', 3.1), false, true],
    ['≈ 3% ceiling not by 3.5%', figure('≈', 3), figure('=', 3.5), false, false],
    ['<= 4.5% by 4.02%', figure('<=', 4.5), figure('=', 4.02), false, true],
    ['< 5.5% not by 5.5%', figure('<', 5.5), figure('=', 5.5), false, false],
    ['range 6.5–7% by 6.7%', figure('=', 6.5, 7), figure('=', 6.7), true, true],
    ['range 6.5–7% not by 6.4%', figure('=', 6.5, 7), figure('=', 6.4), true, false],
  ] as const)('%s', (_, target, actual, higherIsBetter, met) => {
    expect(meetsTarget(target, actual, higherIsBetter, 5)).toBe(met)
  })

  it('uses the tolerance the analyst sets', () => {
    expect(meetsTarget(figure('≈', 7), figure('=', 6.9), true, 1)).toBe(false)
    expect(meetsTarget(figure('≈', 7), figure('=', 6.9), true, 2)).toBe(true)
  })
})

describe('government work reports 2015–2017', () => {
  const reports = [2015, 2016, 2017].map((year) => ({
    year,
    doc: documentRecord(`00000000000${year}0`.slice(-16), year, 'government-work-report', { issuer: '国务院' }),
    text: readFileSync(join(gwrDir, `${year}_gwr_national.txt`), 'utf8'),
  }))
  const report = (year: number) => reports.find((candidate) => candidate.year === year)!

  /** Annotates as the reader does: attributes pre-filled from the quote and its sentence. */
  function tag(year: number, quote: string, label: 'target' | 'achievement', periodYear: number): Annotation {
    const { doc, text } = report(year)
    const at = text.indexOf(quote)
    const attributes = extractAttributes({
      text,
      start: at,
      end: at + quote.length,
      label,
      document: { year, docType: 'government-work-report' },
      indicators: starterCodebook,
    })
    // A report states this year's targets and last year's results without naming the year: the
    // extraction engine gives them from the section and the label.
    expect(attributes.periodYear).toBe(periodYear)
    return annotationAt(text, doc.id, quote, label, attributes)
  }

  const annotations = [
    tag(2015, '国内生产总值增长7%左右', 'target', 2015),
    tag(2015, '居民消费价格涨幅3%左右', 'target', 2015),
    tag(2015, '城镇新增就业1000万人以上', 'target', 2015),
    tag(2016, '增长6.9%', 'achievement', 2015),
    tag(2016, '城镇新增就业1312万人', 'achievement', 2015),
    tag(2016, '居民消费价格涨幅3%左右', 'target', 2016),
    tag(2017, '居民消费价格上涨2%', 'achievement', 2016),
  ]
  const documents = reports.map((candidate) => candidate.doc)

  it('pre-fills what the comparison needs', () => {
    const gdpTarget = annotations[0].attributes
    expect([gdpTarget.indicator, gdpTarget.value, gdpTarget.unit, gdpTarget.comparator]).toEqual(['gdp-growth', 7, '%', '≈'])
    expect(annotations[2].attributes.unit).toBe('人')
  })

  it('meets the 2015 GDP target of 7%左右 with 6.9% (the 2016 report), within the default tolerance', () => {
    const gdpActual = { ...annotations[3], attributes: { ...annotations[3].attributes, indicator: 'gdp-growth' } }
    const all = [...annotations.slice(0, 3), gdpActual, ...annotations.slice(4)]
    const result = compareAcrossYears({ annotations: all, documents, indicators: starterCodebook })
    const cell = cellOf(result, 'gdp-growth', 2015)
    expect([cell.targets[0].value, cell.actuals[0].value, cell.actuals[0].documentYear]).toEqual([7, 6.9, 2016])
    expect(cell.status).toBe('met')
    const strict = compareAcrossYears({ annotations: all, documents, indicators: starterCodebook, tolerancePercent: 1 })
    expect(cellOf(strict, 'gdp-growth', 2015).status).toBe('missed')
  })

  it('reads CPI 涨幅3%左右 as a ceiling: 2% meets it', () => {
    const result = compareAcrossYears({ annotations, documents, indicators: starterCodebook })
    const cell = cellOf(result, 'cpi', 2016)
    expect([cell.targets[0].value, cell.actuals[0].value]).toEqual([3, 2])
    expect(cell.status).toBe('met')
    expect(cellOf(result, 'cpi', 2015).status).toBe('no-evidence')
  })

  it('compares 1000万人以上 new urban jobs with 1312万人 in the codebook unit 万人', () => {
    const result = compareAcrossYears({ annotations, documents, indicators: starterCodebook })
    const cell = cellOf(result, 'urban-jobs-new', 2015)
    expect([cell.targets[0].value, cell.actuals[0].value]).toEqual([1000, 1312])
    expect(cell.status).toBe('met')
  })
})
