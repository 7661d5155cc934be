import { describe, expect, it } from 'vitest'
import {
  agreementCsvRows,
  agreementReport,
  attributeAgreement,
  characterAgreement,
  cohenKappa,
  fleissKappa,
  krippendorffAlphaNominal,
  matchSpans,
  spanF1,
  type AgreementSpan,
} from '../../src/shared/agreement'

describe("Cohen's kappa", () => {
  // Worked examples of the Wikipedia article "Cohen's kappa" (rows: rater A yes/no, columns: B).
  it.each([
    { name: '50 grant proposals: po 0.7, pe 0.5', table: [[20, 5], [10, 15]], kappa: 0.4 },
    { name: 'same agreement 60/100, unbalanced marginals', table: [[45, 15], [25, 15]], kappa: 0.1304 },
    { name: 'same agreement 60/100, opposite marginals', table: [[25, 35], [5, 35]], kappa: 0.2593 },
    { name: 'perfect agreement', table: [[10, 0], [0, 5]], kappa: 1 },
  ])('$name', ({ table, kappa }) => {
    expect(cohenKappa(table)).toBeCloseTo(kappa, 4)
  })

  it('is undefined when both raters used one category only', () => {
    expect(cohenKappa([[7, 0], [0, 0]])).toBeNull()
    expect(cohenKappa([[0, 0], [0, 0]])).toBeNull()
  })
})

describe("Fleiss' kappa", () => {
  // The worked example of the Wikipedia article "Fleiss' kappa": 10 subjects, 14 raters,
  // 5 categories; P̄ = 0.378, P̄e = 0.213, κ = 0.210.
  const wikipedia = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ]
  it('reproduces the 14-rater worked example (κ = 0.210)', () => {
    expect(fleissKappa(wikipedia)).toBeCloseTo(0.21, 3)
  })
  it('rejects subjects with different numbers of raters', () => {
    expect(() => fleissKappa([[1, 1], [2, 1]])).toThrow(RangeError)
  })
})

describe("Krippendorff's alpha (nominal)", () => {
  // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C: 4 coders,
  // 12 units, missing values; nominal α = 0.743.
  const coders: Array<Array<number | null>> = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
    [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
  ]
  const units = coders[0].map((_, unit) => coders.map((coder) => coder[unit]))
  it('reproduces the worked example with missing data (α = 0.743)', () => {
    expect(krippendorffAlphaNominal(units)).toBeCloseTo(0.743, 3)
  })
})

describe('span matching and F1', () => {
  const a: AgreementSpan[] = [
    { label: 'target', start: 0, end: 10 },
    { label: 'target', start: 20, end: 30 },
    { label: 'achievement', start: 40, end: 50 },
  ]
  const b: AgreementSpan[] = [
    { label: 'target', start: 0, end: 10 },
    { label: 'target', start: 25, end: 35 },
    { label: 'commitment', start: 40, end: 50 },
    { label: 'target', start: 60, end: 70 },
  ]
  it.each([
    { mode: 'exact' as const, matched: 1, f1: 2 / 7 },
    { mode: 'overlap' as const, matched: 2, f1: 4 / 7 },
  ])('$mode: $matched matched, F1 2m/(|A|+|B|)', ({ mode, matched, f1 }) => {
    const result = spanF1(a, b, mode)
    expect(result.matched).toBe(matched)
    expect(result.f1).toBeCloseTo(f1, 10)
    expect(result.recall).toBeCloseTo(matched / 3, 10)
    expect(result.precision).toBeCloseTo(matched / 4, 10)
  })
  it('credits one long span for one short span only, the one it shares most with', () => {
    const long = [{ label: 'target', start: 0, end: 100 }]
    const short = [
      { label: 'target', start: 0, end: 5 },
      { label: 'target', start: 10, end: 60 },
    ]
    expect(matchSpans(long, short, 'overlap')).toEqual([[0, 1]])
  })
  it('is null on two empty sources', () => {
    expect(spanF1([], [], 'exact').f1).toBeNull()
  })
})

describe('character-level agreement', () => {
  it('builds the 2×2 table from covered characters (hand count)', () => {
    // 20 characters; A covers 0–10, B covers 5–15: both 5, A only 5, B only 5, neither 5.
    // po = 0.5, pe = 0.5·0.5 + 0.5·0.5 = 0.5, κ = 0.
    const result = characterAgreement(
      [{ textLength: 20, spans: [[{ label: 't', start: 0, end: 10 }], [{ label: 't', start: 5, end: 15 }]] }],
      't',
    )
    expect(result.kappa).toBeCloseTo(0, 10)
    expect(result.method).toBe('cohen')
    expect(result.observed).toBeCloseTo(0.5, 10)
  })
  it('uses Fleiss for three sources and agrees with the table form', () => {
    const docs = [
      {
        textLength: 10,
        spans: [[{ label: 't', start: 0, end: 4 }], [{ label: 't', start: 0, end: 3 }], [{ label: 't', start: 1, end: 4 }, { label: 'x', start: 5, end: 9 }]],
      },
    ]
    const rows = Array.from({ length: 10 }, (_, i) => {
      const c = [[0, 4], [0, 3], [1, 4]].filter(([s, e]) => i >= s && i < e).length
      return [c, 3 - c]
    })
    const result = characterAgreement(docs, 't')
    expect(result.method).toBe('fleiss')
    expect(result.kappa).toBeCloseTo(fleissKappa(rows)!, 10)
    expect(result.alpha).toBeCloseTo(krippendorffAlphaNominal(rows.map(([inside, outside]) => [...Array(inside).fill('in'), ...Array(outside).fill('out')]))!, 10)
  })
  it('counts overlapping spans of one source once', () => {
    const once = characterAgreement([{ textLength: 10, spans: [[{ label: 't', start: 0, end: 5 }], [{ label: 't', start: 0, end: 5 }, { label: 't', start: 2, end: 4 }]] }], 't')
    expect(once.kappa).toBe(1)
  })
})

describe('attribute agreement on matched pairs', () => {
  it('counts a value present on one side as a disagreement and skips pairs where neither has it', () => {
    const result = attributeAgreement([
      [{ label: 't', start: 0, end: 1, indicator: 'gdp', value: 6 }, { label: 't', start: 0, end: 1, indicator: 'gdp', value: 6.5 }],
      [{ label: 't', start: 0, end: 1, indicator: 'cpi', periodYear: 2020 }, { label: 't', start: 0, end: 1, periodYear: 2020 }],
      [{ label: 't', start: 0, end: 1 }, { label: 't', start: 0, end: 1 }],
    ])
    expect(result).toEqual([
      { attribute: 'indicator', compared: 2, agreed: 1, rate: 0.5 },
      { attribute: 'value', compared: 1, agreed: 0, rate: 0 },
      { attribute: 'periodYear', compared: 1, agreed: 1, rate: 1 },
    ])
  })
})

describe('the report', () => {
  it('gives every pair per label and the CSV has one row per pair × label', () => {
    const report = agreementReport({
      sources: [{ id: 'a', name: '甲' }, { id: 'b', name: '乙' }, { id: 'c', name: '丙' }],
      labels: ['target', 'achievement'],
      documents: [
        {
          id: 'd',
          textLength: 50,
          spans: [
            [{ label: 'target', start: 0, end: 10 }],
            [{ label: 'target', start: 0, end: 10 }, { label: 'achievement', start: 20, end: 30 }],
            [{ label: 'target', start: 2, end: 8 }],
          ],
        },
      ],
    })
    expect(report.pairs.map((pair) => `${pair.a}-${pair.b}`)).toEqual(['a-b', 'a-c', 'b-c'])
    expect(report.pairs[0].labels[0].exact.f1).toBe(1)
    expect(report.pairs[1].labels[0].exact.f1).toBe(0)
    expect(report.pairs[1].labels[0].overlap.f1).toBe(1)
    expect(report.labels.map((entry) => entry.method)).toEqual(['fleiss', 'fleiss'])
    const rows = agreementCsvRows(report)
    expect(rows.length).toBe(1 + 3 * 3 + 2)
    expect(rows[1].slice(0, 4)).toEqual(['pair', '甲', '乙', 'target'])
  })

  it('over no document (none that every source annotated) has empty figures, not an error', () => {
    // Found by the contract fuzz: two sources with no document in common threw an internal error.
    const report = agreementReport({
      sources: [{ id: 'a', name: '甲' }, { id: 'b', name: '乙' }, { id: 'c', name: '丙' }],
      labels: ['target'],
      documents: [],
    })
    expect(report.documents).toBe(0)
    expect(report.labels).toEqual([{ label: 'target', characters: 0, kappa: null, method: 'fleiss', alpha: null, observed: null }])
    expect(report.pairs).toHaveLength(3)
    expect(report.pairs.every((pair) => pair.labels[0].kappa === null)).toBe(true)
  })
})
