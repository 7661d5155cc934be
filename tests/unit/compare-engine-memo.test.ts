// The engine remembers, from one computation over annotation arrays to the next, each place's
// indicator and its code (figure-columns.ts, IndicatorMemo): the same annotations computed again
// skip a map look-up per figure. What it remembers must never stand in for what the annotations
// now say: an array changed in place (an indicator edited, removed, an annotation added or taken
// out, another array at the same places) gets the answers of columns made afresh without the memo.
import { describe, expect, it } from 'vitest'
import { compareAcrossYears, rowView, type CompareResult } from '../../src/shared/compare'
import { figureColumnsOf } from '../../src/shared/figure-columns'
import type { Annotation, AnnotationAttributes, DocumentRecord, Indicator } from '../../src/shared/model'

function documentRecord(id: string, year: number): DocumentRecord {
  return {
    id,
    sha256: id.padEnd(64, '0'),
    title: `${year}年工作报告`,
    textLength: 1_000,
    meta: { year, date: `${year}-03-05`, docNumber: null, issuer: '市政府', docType: 'government-work-report', script: 'zh-Hans' },
    source: { fileName: `${year}.txt`, format: 'txt', encoding: 'utf-8' },
    importedAt: '2026-01-01T00:00:00.000Z',
    cleanupApplied: [],
  }
}

const documents = [documentRecord('b000000000000001', 2019), documentRecord('b000000000000002', 2020)]
const indicators: Indicator[] = [
  { key: 'rd', name: '研发投入', aliases: [], unit: '亿元', higherIsBetter: true },
  { key: 'jobs', name: '城镇新增就业', aliases: [], unit: '万人', higherIsBetter: true },
  { key: 'firms', name: '高新技术企业', aliases: [], unit: '家', higherIsBetter: true },
]

let made = 0
function annotation(documentId: string, label: string, attributes: AnnotationAttributes): Annotation {
  const n = made++
  return {
    id: `figure-${n}`,
    documentId,
    start: n * 20,
    end: n * 20 + 8,
    quote: `第${n}条`,
    prefix: '',
    suffix: '',
    label,
    attributes,
    links: [],
    status: 'accepted',
    author: 'tester',
    createdAt: '2026-11-26T00:00:00.000Z',
    updatedAt: '2026-11-26T00:00:00.000Z',
  }
}

/** Targets set in 2019 for 2020 and what 2020 reports, for each indicator. */
function workspaceAnnotations(): Annotation[] {
  const [plan, report] = documents.map((doc) => doc.id)
  return [
    ...indicators.map((indicator, n) => annotation(plan, 'target', { indicator: indicator.key, value: 100 + n, unit: indicator.unit, comparator: '>=', periodYear: 2020 })),
    ...indicators.map((indicator, n) => annotation(report, 'achievement', { indicator: indicator.key, value: 100 + 2 * n - 1, unit: indicator.unit, periodYear: 2020 })),
  ]
}

function answers(result: CompareResult) {
  return { years: result.years, rows: result.rows.map((row) => rowView(row, result.sources)), unplaced: [...result.unplaced] }
}

/** The engine's answers over `annotations`, and those of columns made afresh (which have no memo). */
function bothWays(annotations: Annotation[]) {
  return {
    remembered: answers(compareAcrossYears({ annotations, documents, indicators })),
    afresh: answers(compareAcrossYears({ figures: figureColumnsOf(annotations), documents, indicators })),
  }
}

const rowKeys = (result: ReturnType<typeof answers>) => result.rows.map((row) => row.key)

describe('the engine computed again over annotations changed in place', () => {
  it('reads each indicator as the annotation now has it', () => {
    const all = workspaceAnnotations()
    const before = bothWays(all)
    expect(before.remembered).toEqual(before.afresh)
    expect(rowKeys(before.remembered).sort()).toEqual(['firms', 'jobs', 'rd'])

    // An achievement's indicator edited in the same attributes object, another's taken away.
    all[3].attributes.indicator = 'firms'
    delete all[4].attributes.indicator
    const edited = bothWays(all)
    expect(edited.remembered).toEqual(edited.afresh)
    // 研发投入's 亿元 cannot be counted in 高新技术企业's 家; the other now names no indicator.
    expect(edited.remembered.unplaced.map((figure) => `${figure.annotationId} ${figure.reason}`).sort()).toEqual([`${all[3].id} unit-mismatch`, `${all[4].id} no-indicator`])
    expect(edited.remembered).not.toEqual(before.remembered)

    // An annotation taken out ahead of the others moves every later one to another place.
    all.splice(1, 1)
    const shifted = bothWays(all)
    expect(shifted.remembered).toEqual(shifted.afresh)

    // A new indicator at a place that held another.
    all[0] = annotation(documents[0].id, 'target', { indicator: 'not-in-codebook', value: 7, unit: '个', periodYear: 2020 })
    const replaced = bothWays(all)
    expect(replaced.remembered).toEqual(replaced.afresh)
    expect(rowKeys(replaced.remembered)).toContain('not-in-codebook')
  })

  it('reads another array at the same places as its own', () => {
    const first = workspaceAnnotations()
    compareAcrossYears({ annotations: first, documents, indicators })
    // The same places, the indicators in another order.
    const second = workspaceAnnotations()
    second.forEach((figure, n) => (figure.attributes.indicator = indicators[(n + 1) % indicators.length].key))
    const again = bothWays(second)
    expect(again.remembered).toEqual(again.afresh)
    // Unchanged annotations before and after it: the answers of the first array do not change.
    expect(bothWays(first).remembered).toEqual(bothWays(first).afresh)
  })
})
