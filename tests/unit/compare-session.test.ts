import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/index'
import type { CommitmentEntry, ComparePage, FollowUpCandidate } from '../../src/shared/api'
import type { Annotation, Indicator } from '../../src/shared/model'
import { WorkbenchSession, type Dialogs, type SaveFileOptions } from '../../src/main/services/workbench-session'
import { seedsDir, tempDir } from '../support/paths'
import { annotateFixture, seedDocuments } from '../support/compare-fixture'

const sessions: WorkbenchSession[] = []
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()))
})

class SaveDialogs implements Dialogs {
  next: string | null = null
  asked: SaveFileOptions[] = []
  chooseFolder = async () => null
  chooseFiles = async () => []
  async chooseSaveFile(options: SaveFileOptions) {
    this.asked.push(options)
    return this.next
  }
}

async function started() {
  const dialogs = new SaveDialogs()
  const session = new WorkbenchSession({ seedsDir, dialogs })
  sessions.push(session)
  const dir = join(await tempDir('compare'), 'ws')
  await session.start(dir)
  const dispatch = (name: string, input: unknown) => session.dispatch(name, input)
  return { session, dialogs, dispatch, dir }
}

async function value<T>(outcome: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const result = await outcome
  if (!result.ok) throw new Error(JSON.stringify(result.error))
  return result.value as T
}

describe('compare through the contract', () => {
  it('pages the matrix, filters it, and follows the tolerance setting', async () => {
    const { dispatch } = await started()
    await annotateFixture(dispatch)
    const all = await value<ComparePage>(dispatch('compare.matrix', {}))
    expect(all.totalRows).toBe(15)
    expect(all.latestDocumentYear).toBe(2025)
    expect(all.tolerancePercent).toBe(5)
    const page = await value<ComparePage>(dispatch('compare.matrix', { offset: 10, limit: 3 }))
    expect(page.rows.map((row) => row.key)).toEqual(all.rows.slice(10, 13).map((row) => row.key))
    const tech = all.rows.find((row) => row.key === 'tech-contract-turnover')!
    expect(tech.cells.map((cell) => [cell.year, cell.status])).toEqual([[2017, null], [2018, null], [2019, 'met'], [2020, 'no-evidence'], [2021, 'no-evidence']])
    const missedOrMet = await value<ComparePage>(dispatch('compare.matrix', { filters: { statuses: ['met'] } }))
    expect(missedOrMet.rows.map((row) => row.key).sort()).toEqual(['maker-spaces', 'tech-contract-turnover'])
    await value(dispatch('settings.update', { approxTolerancePercent: 1 }))
    expect((await value<ComparePage>(dispatch('compare.matrix', {}))).tolerancePercent).toBe(1)
  })

  it('exports the matrix as CSV with a BOM and as XLSX', async () => {
    const { dispatch, dialogs } = await started()
    await annotateFixture(dispatch, (observation) => observation.indicator === 'tech-contract-turnover')
    const folder = await tempDir('compare-export')
    dialogs.next = join(folder, 'matrix.csv')
    expect(await value(dispatch('compare.export', { format: 'csv' }))).toEqual({ path: dialogs.next })
    const csv = await readFile(dialogs.next!, 'utf8')
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    const rows = Papa.parse<Record<string, string>>(csv.slice(1), { header: true }).data
    // Statuses and document types in the UI language (zh-CN here), the status code beside them.
    expect(rows.map((row) => [row.year, row.status, row.status_code, row.target, row.actual])).toEqual([
      ['2017', '', '', '', '357 亿元'],
      ['2018', '', '', '', '719 亿元'],
      ['2019', '达成', 'met', '> 850 亿元', '1273.36 亿元'],
      ['2020', '无证据', 'no-evidence', '> 1000 亿元', ''],
      ['2021', '无证据', 'no-evidence', '> 1200 亿元', ''],
    ])
    expect(rows[2].actual_source).toMatch(/^2020 政协提案答复 · /)
    dialogs.next = join(folder, 'matrix.xlsx')
    await value(dispatch('compare.export', { format: 'xlsx' }))
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(dialogs.next!)
    const matrix = book.getWorksheet('matrix')!
    expect(matrix.getRow(1).values).toEqual([undefined, 'indicator', 'name', 'unit', '2017', '2018', '2019', '2020', '2021'])
    expect(String(matrix.getRow(2).getCell(6).value)).toContain('actual 1273.36 亿元 (2020 reply-to-cppcc-proposal)')
    expect(String(matrix.getRow(2).getCell(6).value)).toContain('met')
    expect(book.getWorksheet('cells')!.rowCount).toBe(6)
    // The Chinese sheets first, the English ones (as before) beside them.
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['矩阵', '明细', 'matrix', 'cells'])
    const chinese = book.getWorksheet('矩阵')!
    expect(chinese.getRow(1).values).toEqual([undefined, '指标代码', '指标', '单位', '2017', '2018', '2019', '2020', '2021'])
    expect(String(chinese.getRow(2).getCell(6).value)).toContain('实际 1273.36 亿元 (2020 政协提案答复)')
    expect(String(chinese.getRow(2).getCell(6).value)).toContain('✓ 达成')
    expect(book.getWorksheet('明细')!.rowCount).toBe(6)
    await value(dispatch('settings.update', { locale: 'en' }))
    dialogs.next = join(folder, 'matrix-en.csv')
    await value(dispatch('compare.export', { format: 'csv' }))
    const english = Papa.parse<Record<string, string>>((await readFile(dialogs.next!, 'utf8')).slice(1), { header: true }).data
    expect(english.map((row) => row.status)).toEqual(['', '', 'met', 'no evidence', 'no evidence'])
    expect(english[2].actual_source).toMatch(/^2020 Reply to CPPCC proposal · /)
    dialogs.next = join(folder, 'matrix-en.xlsx')
    await value(dispatch('compare.export', { format: 'xlsx' }))
    const englishBook = new ExcelJS.Workbook()
    await englishBook.xlsx.readFile(dialogs.next!)
    expect(englishBook.worksheets.map((sheet) => sheet.name)).toEqual(['matrix', 'cells'])
    dialogs.next = null
    expect(await value(dispatch('compare.export', { format: 'csv' }))).toBeNull()
  })

  it('merges indicators with their annotations, refuses to delete one in use, imports a codebook', async () => {
    const { dispatch } = await started()
    await annotateFixture(dispatch, (observation) => observation.indicator === 'incubators' || observation.indicator === 'maker-spaces')
    const merged = await value<{ indicators: Indicator[]; moved: number }>(dispatch('indicators.merge', { from: 'incubators', into: 'maker-spaces' }))
    expect(merged.moved).toBe(2)
    expect(merged.indicators.some((indicator) => indicator.key === 'incubators')).toBe(false)
    expect(merged.indicators.find((indicator) => indicator.key === 'maker-spaces')!.aliases).toContain('科技企业孵化器数量')
    const annotations = await value<Annotation[]>(dispatch('annotations.listAll', {}))
    expect(annotations.filter((annotation) => annotation.attributes.indicator === 'maker-spaces')).toHaveLength(4)
    expect(await dispatch('indicators.delete', { key: 'maker-spaces' })).toMatchObject({ ok: false, error: { code: 'INDICATOR_IN_USE' } })
    const afterDelete = await value<Indicator[]>(dispatch('indicators.delete', { key: 'grain-output' }))
    expect(afterDelete.some((indicator) => indicator.key === 'grain-output')).toBe(false)
    const imported = await value<Indicator[]>(
      dispatch('indicators.import', { indicators: [{ key: 'grain-output', name: '粮食产量', aliases: ['粮食总产量'], unit: '亿斤', higherIsBetter: true }] }),
    )
    expect(imported.at(-1)!.key).toBe('grain-output')
  })

  it('suggests an indicator from the aliases in an annotation or its sentence', async () => {
    const { dispatch } = await started()
    const { id: documentId, text } = (await seedDocuments(dispatch)).get('003_1da18392a39b6ff1.txt')!
    const quote = '719 亿元'
    const start = text.indexOf(quote)
    const created = await value<Annotation>(dispatch('annotations.create', { documentId, start, end: start + quote.length, label: 'achievement' }))
    const suggestions = await value<Array<{ annotation: Annotation; indicator: string }>>(dispatch('indicators.suggestions', {}))
    expect(suggestions.map((suggestion) => [suggestion.annotation.id, suggestion.indicator])).toEqual([[created.id, 'tech-contract-turnover']])
  })

  it('ranks follow-ups of a commitment, links the confirmed one, and keeps the analyst’s status', async () => {
    const { dispatch } = await started()
    const { id: documentId, text } = (await seedDocuments(dispatch)).get('001_fa5698c1e2602520.txt')!
    const quote = '积极筹建华南(广州)技术转移中心'
    const start = text.indexOf(quote)
    const commitment = await value<Annotation>(dispatch('annotations.create', { documentId, start, end: start + quote.length, label: 'commitment' }))
    const candidates = await value<FollowUpCandidate[]>(dispatch('commitments.candidates', { documentId, id: commitment.id, limit: 3 }))
    const best = candidates.find((candidate) => candidate.text.includes('加快推进华南（广州）技术转移中心建设'))!
    expect(best).toBeDefined()
    expect(candidates.every((candidate) => (candidate.documentYear ?? 0) > 2017)).toBe(true)
    await value(dispatch('commitments.confirmFollowUp', { commitment: { documentId, id: commitment.id }, documentId: best.documentId, start: best.start, end: best.end }))
    await value(dispatch('commitments.setStatus', { documentId, id: commitment.id, status: 'in-progress' }))
    const list = await value<CommitmentEntry[]>(dispatch('commitments.list', {}))
    expect(list).toHaveLength(1)
    expect(list[0].followUpStatus).toBe('in-progress')
    expect(list[0].followUps.map((followUp) => [followUp.documentYear, followUp.annotation.quote])).toEqual([[2019, best.text]])
  })

  it('answers `compare <ws> --json` in the shape of DESIGN §9', async () => {
    const { dispatch, dir, session } = await started()
    await annotateFixture(dispatch, (observation) => observation.indicator === 'sci-tech-enterprises')
    await session.close()
    const out: string[] = []
    expect(await runCli(['compare', dir, '--json'], (text) => out.push(text), () => undefined)).toBe(0)
    const report = JSON.parse(out.join('\n')) as { indicators: Array<{ key: string; years: Array<{ year: number; status: string; targets: Array<{ value: number; documentYear: number }>; actuals: unknown[] }> }> }
    expect(report.indicators.map((indicator) => indicator.key)).toEqual(['sci-tech-enterprises'])
    const year2020 = report.indicators[0].years.find((year) => year.year === 2020)!
    expect(year2020.targets.map((target) => [target.value, target.documentYear])).toEqual([[250000, 2019], [200000, 2017]])
    expect(year2020.status).toBe('no-evidence')
    expect(await runCli(['compare', dir, '--tolerance', 'lots'], () => undefined, () => undefined)).toBe(1)
  })
})
