// A cell of the matrix lists its targets and actuals newest document first, in the order they
// arrived among figures of equally recent documents. Cells of a few figures are built by inserting
// each figure in place; a crowded cell (a large workspace: thousands of figures for one indicator
// and year) switches to one sort, since inserting would be quadratic. Both must give the same order.
import { describe, expect, it } from 'vitest'
import { compareAcrossYears, rowView } from '../../src/shared/compare'
import type { Annotation, DocumentRecord, Indicator } from '../../src/shared/model'

function documentOf(n: number, year: number, date: string | null): DocumentRecord {
  const id = `d${String(n).padStart(4, '0')}`
  return {
    id,
    sha256: id.padEnd(64, '0'),
    title: `文件${n}`,
    textLength: 100,
    meta: { year, date, docNumber: null, issuer: null, docType: 'work-summary-and-plan', script: 'zh-Hans' },
    source: { fileName: `${id}.txt`, format: 'txt', encoding: 'utf-8' },
    importedAt: '2026-01-01T00:00:00.000Z',
    cleanupApplied: [],
  }
}

/** A small deterministic shuffle (the order figures arrive in is what is under test). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items]
  let state = seed
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648
    const j = state % (i + 1)
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

const indicator: Indicator = { key: 'jobs', name: '城镇新增就业', aliases: [], unit: '万人', higherIsBetter: true }

describe.each([
  ['a few figures (inserted in place)', 5, 2],
  ['a crowded cell (sorted once)', 150, 3],
  ['a crowded cell, many equally recent documents', 400, 1],
])('%s', (_name, documentCount, perDocument) => {
  it('lists targets newest document first, in arrival order among equally recent ones', () => {
    // Years and dates repeat, so many documents are equally recent.
    const documents = Array.from({ length: documentCount }, (_, n) => documentOf(n, 2015 + (n % 4), n % 3 === 0 ? null : `${2015 + (n % 4)}-0${1 + (n % 2)}-01`))
    const figures: Annotation[] = []
    for (const doc of documents) {
      for (let k = 0; k < perDocument; k++) {
        figures.push({
          id: `${doc.id}-${k}`,
          documentId: doc.id,
          start: k * 10,
          end: k * 10 + 5,
          quote: '新增就业',
          prefix: '',
          suffix: '',
          label: 'target',
          attributes: { indicator: 'jobs', value: 1000 + k, unit: '万人', comparator: '>', periodYear: 2020 },
          links: [],
          status: 'accepted',
          author: 't',
          createdAt: '',
          updatedAt: '',
        })
      }
    }
    const arrival = shuffled(figures, documentCount)
    const result = compareAcrossYears({ annotations: arrival, documents, indicators: [indicator] })
    const row = result.rows.find((candidate) => candidate.key === 'jobs')!
    const listed = rowView(row, result.sources).cells.find((cell) => cell.year === 2020)!.targets.map((figure) => figure.annotationId)

    // The expected order, computed the plain way: a stable sort of the arrival order by recency.
    const recencyOf = (id: string) => {
      const doc = documents.find((candidate) => candidate.id === id.split('-')[0])!
      const date = /^\d{4}-(\d{2})-(\d{2})/.exec(doc.meta.date ?? '')
      return doc.meta.year! * 10_000 + (date ? Number(date[1]) * 100 + Number(date[2]) : 0)
    }
    const expected = arrival.map((figure) => figure.id).sort((a, b) => recencyOf(b) - recencyOf(a))
    expect(listed).toHaveLength(figures.length)
    expect(listed).toEqual(expected)
  })
})
