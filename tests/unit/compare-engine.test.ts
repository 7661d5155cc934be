// The compare engine builds its cells in passes over flat arrays (src/shared/compare-cells.ts) and
// rounds scaled figures without going through a string (src/shared/compare-units.ts). Both are
// checked here against the plain definitions: a matrix built the obvious way (group, sort, judge)
// on generated workspaces, and Number(x.toPrecision(12)) on a table and on generated numbers.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareAcrossYears, conversionFactor, meetsTarget, rowView, type CompareFilters, type CompareInput } from '../../src/shared/compare'
import { roundedTo12Digits, scaled } from '../../src/shared/compare-units'
import type { Annotation, Comparator, DocumentRecord, Indicator } from '../../src/shared/model'

describe('roundedTo12Digits gives Number(x.toPrecision(12))', () => {
  it.each([
    [1.1 * 1e4, 11000],
    [0.1 + 0.2, 0.3],
    [1.0000000000005, 1],
    [1.0000000000015, 1.00000000000],
    [123456789012.5, 123456789013],
    [-123456789012.5, -123456789013],
    [999999999999.5, 1e12],
    [99999999999.95, 99999999999.9],
    [0.000123456789012345, 0.000123456789012],
    [5e-324, 5e-324],
    [1.7976931348623157e308, 1.79769313486e308],
    [-0, 0],
    [0, 0],
    [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY],
    [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY],
  ])('%s → %s', (x, rounded) => {
    expect(Object.is(roundedTo12Digits(x), Number(x.toPrecision(12)))).toBe(true)
    expect(roundedTo12Digits(x)).toBe(rounded)
  })

  it('is NaN for NaN', () => {
    expect(roundedTo12Digits(Number.NaN)).toBeNaN()
  })

  it('agrees on generated numbers, near halves and powers of ten included', () => {
    const nearHalf = fc.tuple(fc.integer({ min: 1, max: 999_999_999_999 }), fc.integer({ min: -30, max: 30 })).map(([digits, exponent]) => (digits + 0.5) * 10 ** exponent)
    const decimal = fc.tuple(fc.integer({ min: -9_999_999, max: 9_999_999 }), fc.integer({ min: 0, max: 8 }), fc.constantFrom(1e-8, 1e-4, 1e-3, 1e4, 1e8, 1e12)).map(([n, places, factor]) => (n / 10 ** places) * factor)
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true }), nearHalf, decimal), (x) => Object.is(roundedTo12Digits(x), Number(x.toPrecision(12)))),
      { numRuns: 20_000 },
    )
  })

  it('leaves a figure in its own unit as it is', () => {
    expect(scaled(0.1 + 0.2, 1)).toBe(0.1 + 0.2)
  })
})

// ---- the matrix against its plain definition ------------------------------------------------

const codebook: Indicator[] = [
  { key: 'gdp', name: '地区生产总值增速', aliases: [], unit: '%', higherIsBetter: true },
  { key: 'rd', name: '研发投入', aliases: [], unit: '亿元', higherIsBetter: true },
  { key: 'firms', name: '高新技术企业', aliases: [], unit: '家', higherIsBetter: true },
  { key: 'cpi', name: '居民消费价格涨幅', aliases: [], unit: '%', higherIsBetter: false },
  // Two indicators of one name: their rows keep the order the figures first name them in.
  { key: 'firms-2', name: '高新技术企业', aliases: [], unit: '万家', higherIsBetter: true },
]
const keys = ['gdp', 'rd', 'firms', 'cpi', 'firms-2', 'not-in-codebook', 'another-unknown', '']
const units = ['%', '亿元', '万元', '家', '万家', '个百分点', '']
const comparators: Comparator[] = ['>', '>=', '=', '≈', '<=', '<']

function documentOf(n: number, year: number | null, date: string | null, docType: DocumentRecord['meta']['docType']): DocumentRecord {
  const id = `doc${n}`
  return {
    id,
    sha256: id.padEnd(64, '0'),
    title: `文件${n}`,
    textLength: 10,
    meta: { year, date, docNumber: null, issuer: n % 2 ? '机关甲' : '机关乙', docType, script: 'zh-Hans' },
    source: { fileName: `${id}.txt`, format: 'txt', encoding: 'utf-8' },
    importedAt: '2026-01-01T00:00:00.000Z',
    cleanupApplied: [],
  }
}

const documentsArbitrary = fc
  .array(fc.tuple(fc.option(fc.integer({ min: 2015, max: 2019 }), { freq: 6 }), fc.option(fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))), fc.boolean()), { minLength: 1, maxLength: 6 })
  .map((specs) =>
    specs.map(([year, monthDay, plan], n) =>
      documentOf(n, year, year !== null && monthDay ? `${year}-${String(monthDay[0]).padStart(2, '0')}-${String(monthDay[1]).padStart(2, '0')}` : null, plan ? 'action-plan' : 'work-summary-and-plan'),
    ),
  )

const figureArbitrary = fc.record({
  document: fc.nat(),
  label: fc.constantFrom('target', 'target', 'achievement', 'achievement', 'commitment'),
  status: fc.constantFrom('accepted', 'accepted', 'accepted', 'proposed'),
  key: fc.option(fc.constantFrom(...keys), { freq: 9 }),
  value: fc.option(fc.oneof(fc.integer({ min: 0, max: 200 }), fc.double({ min: 0, max: 1e6, noNaN: true })), { freq: 9 }),
  valueMax: fc.option(fc.integer({ min: 0, max: 300 }), { freq: 1 }),
  unit: fc.option(fc.constantFrom(...units), { freq: 6 }),
  comparator: fc.option(fc.constantFrom(...comparators), { freq: 6 }),
  periodYear: fc.option(fc.integer({ min: 2014, max: 2020 }), { freq: 8 }),
  deadlineYear: fc.option(fc.integer({ min: 2018, max: 2022 }), { freq: 1 }),
})

function workspaceOf([documents, specs]: [DocumentRecord[], Array<typeof figureArbitrary extends fc.Arbitrary<infer T> ? T : never>]): Workspace {
  const annotations: Annotation[] = specs.map((spec, n) => ({
    id: `a${n}`,
    documentId: documents[spec.document % documents.length].id,
    start: n,
    end: n + 1,
    quote: 'x',
    prefix: '',
    suffix: '',
    label: spec.label,
    attributes: {
      ...(spec.key !== null ? { indicator: spec.key } : {}),
      ...(spec.value !== null ? { value: spec.value } : {}),
      ...(spec.valueMax !== null ? { valueMax: spec.valueMax } : {}),
      ...(spec.unit !== null ? { unit: spec.unit } : {}),
      ...(spec.comparator !== null ? { comparator: spec.comparator } : {}),
      ...(spec.periodYear !== null ? { periodYear: spec.periodYear } : {}),
      ...(spec.deadlineYear !== null ? { deadlineYear: spec.deadlineYear } : {}),
    },
    links: [],
    status: spec.status as Annotation['status'],
    author: 't',
    createdAt: '',
    updatedAt: '',
  }))
  return { documents, annotations, indicators: codebook }
}

const workspaceArbitrary = fc.tuple(documentsArbitrary, fc.array(figureArbitrary, { maxLength: 160 })).map(workspaceOf)
// One indicator and two years over many figures of many equally recent documents: crowded cells
// (more than the 32 figures a cell's list is walked for before it is sorted instead).
const crowdedArbitrary = fc
  .tuple(
    documentsArbitrary,
    fc.array(figureArbitrary.map((spec) => ({ ...spec, key: 'gdp', status: 'accepted' as const, periodYear: 2018 + (spec.document % 2), label: spec.label === 'commitment' ? ('target' as const) : spec.label })), { minLength: 100, maxLength: 300 }),
  )
  .map(workspaceOf)

interface Workspace {
  annotations: Annotation[]
  documents: DocumentRecord[]
  indicators: Indicator[]
}

const byName = new Intl.Collator('zh-CN')

/** The matrix as the design states it, built the obvious way: group, sort stably, judge. */
function plainMatrix({ annotations, documents, indicators }: Workspace, tolerancePercent: number, kinds: ReadonlySet<string>) {
  const documentById = new Map(documents.map((doc) => [doc.id, doc]))
  const recency = (doc: DocumentRecord) => {
    if (doc.meta.year === null) return -Infinity
    const date = /^\d{4}-(\d{2})-(\d{2})/.exec(doc.meta.date ?? '')
    return doc.meta.year * 10_000 + (date ? Number(date[1]) * 100 + Number(date[2]) : 0)
  }
  const latest = Math.max(...documents.map((doc) => doc.meta.year ?? -Infinity))
  const placed = (keep: (label: string) => boolean) =>
    annotations.filter(
      (a) =>
        a.status === 'accepted' &&
        keep(a.label) &&
        a.attributes.indicator !== undefined &&
        a.attributes.indicator !== '' &&
        a.attributes.value !== undefined &&
        (a.attributes.periodYear ?? a.attributes.deadlineYear) !== undefined &&
        documentById.has(a.documentId),
    )
  const rowsOf = (figures: typeof annotations) => {
    const rows = new Map<string, { key: string; name: string; unit: string; higherIsBetter: boolean; inCodebook: boolean; figures: typeof annotations }>()
    for (const figure of figures) {
      const key = figure.attributes.indicator!
      if (!rows.has(key)) {
        const indicator = indicators.find((candidate) => candidate.key === key)
        rows.set(key, { key, name: indicator?.name ?? key, unit: indicator?.unit ?? figure.attributes.unit ?? '', higherIsBetter: indicator?.higherIsBetter ?? true, inCodebook: indicator !== undefined, figures: [] })
      }
      rows.get(key)!.figures.push(figure)
    }
    return [...rows.values()].map((row) => {
      const valueOf = (figure: Annotation, field: 'value' | 'valueMax') => {
        const factor = conversionFactor(figure.attributes.unit ?? '', row.unit)
        const written = figure.attributes[field]
        return factor === null || written === undefined ? null : factor === 1 ? written : Number((written * factor).toPrecision(12))
      }
      const years = [...new Set(row.figures.map((figure) => figure.attributes.periodYear ?? figure.attributes.deadlineYear!))].sort((a, b) => a - b)
      const cells = years.map((year) => {
        const inCell = row.figures.filter((figure) => (figure.attributes.periodYear ?? figure.attributes.deadlineYear) === year)
        const newestFirst = (label: string) => inCell.filter((figure) => figure.label === label).sort((a, b) => recency(documentById.get(b.documentId)!) - recency(documentById.get(a.documentId)!))
        const targets = newestFirst('target')
        const actuals = newestFirst('achievement')
        const measured = (figure: Annotation) => ({ value: valueOf(figure, 'value'), valueMax: valueOf(figure, 'valueMax'), comparator: figure.attributes.comparator ?? '=' })
        const target = targets.map(measured).find((figure) => figure.value !== null)
        const actual = actuals.map(measured).find((figure) => figure.value !== null)
        const status = !target ? null : !actual ? (latest > year ? 'no-evidence' : 'not-due') : meetsTarget(target, actual, row.higherIsBetter, tolerancePercent) ? 'met' : 'missed'
        const values = actuals.map((figure) => valueOf(figure, 'value')).filter((value): value is number => value !== null)
        const conflict = values.some((value) => Math.abs(value - values[0]) > Math.max(1e-9, Math.abs(values[0]) * 1e-9))
        const unconvertible = inCell.filter((figure) => valueOf(figure, 'value') === null).map((figure) => figure.id)
        return { year, targets, actuals, status, conflict, unitMismatch: unconvertible.length > 0, unconvertible }
      })
      return { ...row, cells }
    })
  }
  const judged = new Map(rowsOf(placed((label) => label === 'target' || label === 'achievement')).map((row) => [row.key, row]))
  const shown = rowsOf(placed((label) => kinds.has(label)))
  shown.sort((a, b) => (a.inCodebook === b.inCodebook ? byName.compare(a.name, b.name) : a.inCodebook ? -1 : 1))
  // Listed as unplaced: figures of a shown label that lack a field, and those of a unit the row's cannot take.
  const unplaced = annotations
    .filter((a) => a.status === 'accepted' && kinds.has(a.label) && documentById.has(a.documentId))
    .map((a) => {
      const { indicator, value, periodYear, deadlineYear } = a.attributes
      const reason = indicator === undefined || indicator === '' ? 'no-indicator' : value === undefined ? 'no-value' : periodYear === undefined && deadlineYear === undefined ? 'no-year' : null
      return reason && `${a.id} ${reason}`
    })
    .filter((entry): entry is string => entry !== null)
  for (const row of shown) for (const cell of row.cells) unplaced.push(...cell.unconvertible.map((id) => `${id} unit-mismatch`))
  const rows = shown.map((row) => ({
    key: row.key,
    unit: row.unit,
    cells: row.cells.map((cell) => {
      const verdict = judged.get(row.key)!.cells.find((judgedCell) => judgedCell.year === cell.year)!
      return {
        year: cell.year,
        targets: cell.targets.map((figure) => figure.id),
        actuals: cell.actuals.map((figure) => figure.id),
        status: verdict.status,
        conflict: verdict.conflict,
        unitMismatch: cell.unitMismatch,
      }
    }),
  }))
  return { rows, unplaced: unplaced.sort() }
}

function engineMatrix(input: CompareInput) {
  const result = compareAcrossYears(input)
  const rows = result.rows.map((row) => {
    const view = rowView(row, result.sources)
    return {
      key: view.key,
      unit: view.unit,
      cells: view.cells.map((cell) => ({
        year: cell.year,
        targets: cell.targets.map((figure) => figure.annotationId),
        actuals: cell.actuals.map((figure) => figure.annotationId),
        status: cell.status,
        conflict: cell.conflict,
        unitMismatch: cell.unitMismatch,
      })),
    }
  })
  return { rows, unplaced: result.unplaced.map((figure) => `${figure.annotationId} ${figure.reason}`).sort() }
}

describe('the matrix and its unplaced figures equal their plain definition on generated workspaces', () => {
  it.each<[string, CompareFilters, string[]]>([
    ['every figure', {}, ['target', 'achievement']],
    ['targets only (judged on all figures)', { labels: ['target'] }, ['target']],
    ['achievements only', { labels: ['achievement'] }, ['achievement']],
    ['every figure, crowded cells', {}, ['target', 'achievement']],
  ])('%s', (name, filters, kinds) => {
    fc.assert(
      fc.property(name.includes('crowded') ? crowdedArbitrary : workspaceArbitrary, fc.constantFrom(0, 5, 10), (workspace, tolerancePercent) => {
        expect(engineMatrix({ ...workspace, tolerancePercent, filters })).toEqual(plainMatrix(workspace, tolerancePercent, new Set(kinds)))
      }),
      { numRuns: 300 },
    )
  })
})
