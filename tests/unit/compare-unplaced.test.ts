// Compare leaves nothing out silently: every target and achievement the matrix cannot place (or
// cannot judge for its unit) is listed with its reason.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { WorkbenchSession } from '../../src/main/services/workbench-session'
import type { ComparePage } from '../../src/shared/api'
import { compareAcrossYears, type UnplacedFigure, type UnplacedReason } from '../../src/shared/compare'
import type { Annotation, AnnotationAttributes, DocumentRecord, Indicator } from '../../src/shared/model'
import { seedDocuments } from '../support/compare-fixture'
import { seedsDir, tempDir } from '../support/paths'
import { cli } from './run-cli'

const doc2019: DocumentRecord = {
  id: 'aaaaaaaaaaaaaaaa',
  sha256: 'a'.repeat(64),
  title: '2019年政府工作报告',
  textLength: 1000,
  meta: { year: 2019, date: '2019-03-05', docNumber: null, issuer: '国务院', docType: 'government-work-report', script: 'zh-Hans' },
  source: { fileName: 'gwr.txt', format: 'txt', encoding: 'utf-8' },
  importedAt: '2026-01-01T00:00:00.000Z',
  cleanupApplied: [],
}
const doc2020: DocumentRecord = {
  ...doc2019,
  id: 'bbbbbbbbbbbbbbbb',
  sha256: 'b'.repeat(64),
  title: '2020年政府工作报告',
  meta: { ...doc2019.meta, year: 2020, date: '2020-05-22' },
}
const summary: DocumentRecord = {
  ...doc2019,
  id: 'cccccccccccccccc',
  sha256: 'c'.repeat(64),
  title: '工作总结',
  meta: { ...doc2019.meta, docType: 'work-summary-and-plan', issuer: '广州市科学技术局' },
}

const jobs: Indicator = { key: 'urban-jobs', name: '城镇新增就业', aliases: ['城镇新增就业'], unit: '万人', higherIsBetter: true }

let n = 0
function annotation(documentId: string, label: string, attributes: AnnotationAttributes, status: Annotation['status'] = 'accepted'): Annotation {
  n++
  return {
    id: `u${String(n).padStart(4, '0')}`,
    documentId,
    start: n * 10,
    end: n * 10 + 5,
    quote: `quote ${n}`,
    prefix: '',
    suffix: '',
    label,
    attributes,
    links: [],
    status,
    author: '',
    createdAt: '',
    updatedAt: '',
  }
}

const complete: AnnotationAttributes = { indicator: 'urban-jobs', value: 1100, unit: '万人', comparator: '>', periodYear: 2019 }

describe('the figures compare cannot place', () => {
  it.each<[string, Annotation, UnplacedReason | null]>([
    ['a complete target is placed', annotation(doc2019.id, 'target', complete), null],
    ['no indicator', annotation(doc2019.id, 'target', { ...complete, indicator: undefined }), 'no-indicator'],
    ['an empty indicator', annotation(doc2019.id, 'achievement', { ...complete, indicator: '' }), 'no-indicator'],
    ['no value', annotation(doc2019.id, 'target', { ...complete, value: undefined }), 'no-value'],
    ['no year', annotation(doc2019.id, 'target', { ...complete, periodYear: undefined }), 'no-year'],
    ['a deadline year stands in for the period', annotation(doc2019.id, 'target', { ...complete, periodYear: undefined, deadlineYear: 2020 }), null],
    ['a unit that does not convert (亿元 for 万人)', annotation(doc2019.id, 'target', { ...complete, unit: '亿元' }), 'unit-mismatch'],
    ['a magnitude converts (13,520,000 人 = 1352 万人)', annotation(doc2020.id, 'achievement', { ...complete, unit: '人', value: 13_520_000 }), null],
    ['a commitment is not a figure', annotation(doc2019.id, 'commitment', {}), null],
    ['a proposal not accepted is not the analyst’s', annotation(doc2019.id, 'target', { periodYear: 2019 }, 'suggested'), null],
  ])('%s', (_name, figure, reason) => {
    const result = compareAcrossYears({ annotations: [figure], documents: [doc2019, doc2020], indicators: [jobs] })
    const listed = result.unplaced.filter((entry) => entry.annotationId === figure.id)
    expect(listed.map((entry) => entry.reason)).toEqual(reason ? [reason] : [])
    const inMatrix = result.rows.some((row) => row.cells.some((cell) => [...cell.targets, ...cell.actuals].includes(figure)))
    // A figure in a unit it cannot convert is shown in its cell, but judged by nothing: listed too.
    expect(inMatrix).toBe(reason === null ? figure.label !== 'commitment' && figure.status === 'accepted' : reason === 'unit-mismatch')
  })

  it('says which document, which indicator unit and which figure', () => {
    const figure = annotation(doc2019.id, 'target', { ...complete, unit: '亿元' })
    const [entry] = compareAcrossYears({ annotations: [figure], documents: [doc2019], indicators: [jobs] }).unplaced
    expect(entry).toMatchObject({
      reason: 'unit-mismatch',
      documentId: doc2019.id,
      documentTitle: '2019年政府工作报告',
      documentYear: 2019,
      docType: 'government-work-report',
      indicator: 'urban-jobs',
      value: 1100,
      unit: '亿元',
      indicatorUnit: '万人',
      periodYear: 2019,
      label: 'target',
    })
  })

  it('follows the filters that choose figures: label, document type, issuer, year range', () => {
    const noYear = annotation(doc2019.id, 'target', { ...complete, periodYear: undefined })
    const noIndicator = annotation(summary.id, 'achievement', { ...complete, indicator: undefined, periodYear: 2018 })
    const input = { annotations: [noYear, noIndicator], documents: [doc2019, summary], indicators: [jobs] }
    const ids = (filters: Parameters<typeof compareAcrossYears>[0]['filters']) => compareAcrossYears({ ...input, filters }).unplaced.map((entry) => entry.annotationId)
    expect(ids({})).toEqual([noYear.id, noIndicator.id])
    expect(ids({ labels: ['achievement'] })).toEqual([noIndicator.id])
    expect(ids({ docTypes: ['government-work-report'] })).toEqual([noYear.id])
    expect(ids({ issuers: ['广州市科学技术局'] })).toEqual([noIndicator.id])
    // A figure without a year could be any year's: a year range does not hide it.
    expect(ids({ yearFrom: 2019 })).toEqual([noYear.id])
  })

  it('lists a fixed figure no more: once it has a year it is judged', () => {
    const target = annotation(doc2019.id, 'target', { ...complete, periodYear: undefined })
    const actual = annotation(doc2020.id, 'achievement', { ...complete, value: 1352, comparator: '=' })
    const before = compareAcrossYears({ annotations: [target, actual], documents: [doc2019, doc2020], indicators: [jobs] })
    expect(before.unplaced.map((entry) => entry.reason)).toEqual(['no-year'])
    expect(before.rows[0].cells[0].status).toBeNull()
    const fixed = { ...target, attributes: { ...target.attributes, periodYear: 2019 } }
    const after = compareAcrossYears({ annotations: [fixed, actual], documents: [doc2019, doc2020], indicators: [jobs] })
    expect(after.unplaced).toEqual([])
    expect(after.rows[0].cells[0].status).toBe('met')
  })
})

describe('unplaced figures through the contract and the command line', () => {
  const sessions: WorkbenchSession[] = []
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((session) => session.close()))
  })

  it('lists them in compare.matrix and as `unplaced` in `compare --json`, reasons in words in the text output', async () => {
    const session = new WorkbenchSession({ seedsDir, dialogs: { chooseFolder: async () => null, chooseFiles: async () => [] } })
    sessions.push(session)
    const dir = join(await tempDir('unplaced'), 'ws')
    await session.start(dir)
    const dispatch = (name: string, input: unknown) => session.dispatch(name, input)
    const { id: documentId, text } = (await seedDocuments(dispatch)).get('003_1da18392a39b6ff1.txt')!
    const span = (quote: string) => ({ start: text.indexOf(quote), end: text.indexOf(quote) + quote.length })
    const noIndicator = await dispatch('annotations.create', { documentId, ...span('719 亿元'), label: 'achievement', attributes: { value: 719, unit: '亿元', periodYear: 2018 } })
    const noYear = await dispatch('annotations.create', { documentId, ...span('2000 家'), label: 'achievement', attributes: { indicator: 'high-tech-enterprises', value: 2000, unit: '家' } })
    expect(noIndicator.ok && noYear.ok).toBe(true)
    const page = await dispatch('compare.matrix', {})
    if (!page.ok) throw new Error(JSON.stringify(page.error))
    const reasons = (figures: UnplacedFigure[]) => figures.map((figure) => [figure.quote, figure.reason]).sort()
    expect(reasons((page.value as ComparePage).unplaced)).toEqual([['2000 家', 'no-year'], ['719 亿元', 'no-indicator']])
    await session.close()

    const json = await cli('compare', dir, '--json')
    expect(json.code).toBe(0)
    expect(reasons((JSON.parse(json.stdout) as { unplaced: UnplacedFigure[] }).unplaced)).toEqual([['2000 家', 'no-year'], ['719 亿元', 'no-indicator']])
    const zh = await cli('compare', dir, '--lang', 'zh-CN')
    expect(zh.stdout).toContain('未列入矩阵（2）')
    expect(zh.stdout).toContain('没有所指年份')
    const en = await cli('compare', dir, '--lang', 'en')
    expect(en.stdout).toContain('no indicator')
  })
})
