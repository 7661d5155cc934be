// Issue 10 end to end, the supervisor's desk: two analysts annotate seeds 003 and 002 and export;
// the supervisor imports both (the ticked sources stay as ticked when the second file arrives),
// settles both documents, opens Compare on 审定集 and sees the verdicts, adopts the curated set
// into the workspace with one conflict resolved each way, undoes it with one Ctrl+Z, adopts it
// again, and `compare <ws> --json` on the command line then shows the same verdicts.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, test, type Browser, type Page } from '@playwright/test'
import type { ComparePage } from '../../src/shared/api'
import type { Annotation } from '../../src/shared/model'
import type { WorkbenchSession } from '../../src/main/services/workbench-session'
import { launchBrowser, launchWorkbench, type LaunchedWorkbench } from './harness'
import { saveScreenshot, tempDir } from './helpers'
import { projectRoot } from '../support/paths'

const open: LaunchedWorkbench[] = []
let browser: Browser | undefined
test.afterEach(async () => {
  for (const workbench of open.splice(0)) await workbench.close()
  await browser?.close()
  browser = undefined
})

async function dispatch<T>(session: WorkbenchSession, op: string, input: unknown): Promise<T> {
  const outcome = await session.dispatch(op, input)
  if (!outcome.ok) throw new Error(`${op}: ${outcome.error.message}`)
  return outcome.value as T
}

type Span = { seed: '002' | '003' | '004'; quote: string; label: string; attributes?: Record<string, unknown>; shift?: [number, number] }

/** Annotates spans found by their quote in the seed documents; `shift` moves start and end. */
async function annotate(session: WorkbenchSession, annotator: string, spans: Span[]): Promise<Annotation[]> {
  await dispatch(session, 'settings.update', { annotator })
  const made: Annotation[] = []
  for (const span of spans) {
    const doc = session.workspace!.documents.find((entry) => entry.source.fileName.startsWith(`${span.seed}_`))!
    const text = await session.workspace!.text(doc.id)
    const at = text.indexOf(span.quote)
    expect(at, span.quote).toBeGreaterThanOrEqual(0)
    const [moveStart, moveEnd] = span.shift ?? [0, 0]
    made.push(
      await dispatch<Annotation>(session, 'annotations.create', {
        documentId: doc.id,
        start: at + moveStart,
        end: at + span.quote.length + moveEnd,
        label: span.label,
        attributes: span.attributes ?? {},
      }),
    )
  }
  return made
}

const techActual = { seed: '003', quote: '推动 2018 年技术合同成交额达到 719 亿元', label: 'achievement', attributes: { indicator: 'tech-contract-turnover', value: 719, unit: '亿元', periodYear: 2018 } } as const
const labsActual = { seed: '003', quote: '全市共有国家重点实验室 20 家', label: 'achievement', attributes: { indicator: 'state-key-labs', value: 20, unit: '家', periodYear: 2018 } } as const
const commitment = { seed: '003', quote: '共建粤港澳大湾区国际科技创新中心', label: 'commitment' } as const
const techTarget = { seed: '002', quote: '技術交易合同成交額突破850億元', label: 'target', attributes: { indicator: 'tech-contract-turnover', value: 850, unit: '亿元', comparator: '>', periodYear: 2019 } } as const
const labsTarget = { seed: '002', quote: '建設國家重點實驗室20家', label: 'target', attributes: { indicator: 'state-key-labs', value: 20, unit: '家', periodYear: 2019 } } as const

/** Each indicator and year with its status, as the matrix reports them. */
function verdicts(rows: Array<{ key: string; cells: Array<{ year: number; status: string | null; conflict: boolean }> }>): string[] {
  return rows.flatMap((row) => row.cells.map((cell) => `${row.key} ${cell.year} ${cell.status ?? '-'}${cell.conflict ? ' conflict' : ''}`)).sort()
}

async function settle(page: Page, expected: string) {
  // A accepts every agreed unit; each differing unit takes 甲's version (source 1).
  await page.keyboard.press('a')
  const units = page.getByTestId('review-units').getByRole('button')
  for (let index = 0; index < (await units.count()); index++) {
    if ((await units.nth(index).textContent())?.includes('待处理')) {
      await units.nth(index).click()
      await page.keyboard.press('1')
    }
  }
  await expect(page.getByTestId('review-progress')).toHaveText(expected)
}

test('two analysts export, the supervisor settles 003 and 002, compares on 审定集, adopts, undoes and adopts again', async () => {
  test.setTimeout(180_000)
  browser = await launchBrowser()
  const root = await tempDir('supervisor')

  // Analyst 甲 exports .pwb.json, analyst 乙 CSV.
  const a = await launchWorkbench({ workspaceDir: join(root, 'a'), browser })
  open.push(a)
  await annotate(a.session, '分析员甲', [techActual, labsActual, commitment, techTarget, labsTarget, { seed: '004', quote: '全市备案产学研联盟共175家', label: 'achievement' }])
  const aFile = join(root, '甲.pwb.json')
  a.dialogs.nextSaveFile = aFile
  await dispatch(a.session, 'exchange.export', { format: 'json' })
  const b = await launchWorkbench({ workspaceDir: join(root, 'b'), browser })
  open.push(b)
  await annotate(b.session, '分析员乙', [
    techActual,
    // A shorter span for the labs: a differing unit.
    { ...labsActual, shift: [4, 0] },
    // Two overlapping commitments of one analyst: the lane shows both.
    commitment,
    { ...commitment, shift: [2, 4] },
    techTarget,
    // The right figure for the wrong year.
    { ...labsTarget, attributes: { ...labsTarget.attributes, periodYear: 2020 } },
  ])
  const bFile = join(root, '乙.csv')
  b.dialogs.nextSaveFile = bFile
  await dispatch(b.session, 'exchange.export', { format: 'csv' })
  for (const workbench of open.splice(0)) await workbench.close()

  // The supervisor's workspace holds annotations of their own: a mistyped 700 where the curated
  // set will say 719, and a commitment over another stretch of the curated one's sentence.
  const c = await launchWorkbench({ workspaceDir: join(root, 'c'), browser })
  open.push(c)
  const own = await annotate(c.session, '审阅人', [
    { ...techActual, attributes: { ...techActual.attributes, value: 700 } },
    { ...commitment, shift: [4, 6] },
  ])
  const { page, session, dialogs } = c
  await page.reload()
  await page.getByRole('button', { name: '审阅', exact: true }).click()

  // 甲's file first: the review ticks the workspace's own and 甲. The supervisor unticks their own.
  dialogs.nextFiles = [aFile]
  await page.getByTestId('exchange-import').click()
  await expect(page.getByTestId('import-result')).toContainText('已导入「分析员甲」：6 条标注')
  const sourceBox = (name: string) => page.getByTestId('review-sources').getByRole('checkbox', { name })
  await expect(sourceBox('审阅人')).toBeChecked()
  await sourceBox('审阅人').uncheck()
  // 乙's file arrives from the menu (the view is made again): the ticks stay as the supervisor left them.
  dialogs.nextFiles = [bFile]
  await page.evaluate(() => (window as unknown as { __workbenchEmit: (event: unknown) => void }).__workbenchEmit({ type: 'menu', command: 'exchange.import' }))
  await expect(sourceBox('分析员乙')).toBeVisible()
  await expect(sourceBox('分析员甲')).toBeChecked()
  await expect(sourceBox('审阅人')).not.toBeChecked()
  await expect(sourceBox('分析员乙')).not.toBeChecked()
  await sourceBox('分析员乙').check()

  await page.getByRole('button', { name: '知道了' }).click()
  // Seed 003: the commitment unit shows both of 乙's overlapping spans in 乙's lane.
  await page.getByLabel('文档', { exact: true }).selectOption({ label: (await documentLabel(session, '003')) })
  const units = page.getByTestId('review-units').getByRole('button')
  await expect(units).toHaveCount(3)
  await units.filter({ hasText: '共建粤港澳' }).first().click()
  const lanes = page.getByTestId('review-lane')
  await expect(lanes.nth(0).getByTestId('lane-span')).toHaveCount(1)
  await expect(lanes.nth(1).getByTestId('lane-span')).toHaveCount(2)
  await saveScreenshot(page, 'supervisor-review-lanes')
  // U takes back the last decision even after the selection moved on.
  await page.keyboard.press('1')
  await expect(page.getByTestId('review-progress')).toHaveText('已处理 1 / 3 个单元')
  await expect(units.filter({ hasText: '共建粤港澳' }).first()).not.toHaveAttribute('aria-current', 'true')
  await page.keyboard.press('u')
  await expect(page.getByTestId('review-progress')).toHaveText('已处理 0 / 3 个单元')
  await settle(page, '已处理 3 / 3 个单元')

  // Seed 002.
  await page.getByLabel('文档', { exact: true }).selectOption({ label: (await documentLabel(session, '002')) })
  await expect(units).toHaveCount(2)
  await settle(page, '已处理 2 / 2 个单元')

  // Agreement over all documents counts the two both analysts annotated, and lists them.
  await page.getByRole('button', { name: '全部文档' }).click()
  await expect(page.getByTestId('agreement-documents')).toContainText('广州市科学技术局 2018 年工作总结')
  await expect(page.getByTestId('agreement-documents')).toContainText('廣州市建設科技創新強市三年行動計劃')
  // 甲 alone annotated seed 004: it is not counted.
  await expect(page.getByTestId('agreement-documents')).not.toContainText('第4042号提案')
  await expect(page.getByTestId('agreement')).toContainText('2 个文档')

  // Compare on 审定集.
  await page.getByRole('button', { name: '对比', exact: true }).click()
  const picker = page.getByTestId('source-picker')
  await expect(picker.locator('option')).toHaveText([/^本工作区 \(2\)$/, /^分析员甲（导入） \(6\)$/, /^分析员乙（导入） \(6\)$/, /^审定集 \(5\)$/])
  await picker.selectOption('curated')
  await expect(page.getByTestId('source-banner')).toContainText('正在显示：审定集')
  const curated = await dispatch<ComparePage>(session, 'compare.matrix', { source: 'curated', limit: 100 })
  const curatedVerdicts = verdicts(curated.rows)
  expect(curatedVerdicts).toEqual(['state-key-labs 2018 -', 'state-key-labs 2019 no-evidence', 'tech-contract-turnover 2018 -', 'tech-contract-turnover 2019 no-evidence'])
  await expect(page.getByTestId('compare-count')).toContainText('2')
  await expect(page.locator('.compare-matrix, [data-testid="compare-matrix"]').first()).toContainText('无证据')
  await saveScreenshot(page, 'supervisor-source-picker')
  // A figure of the curated set opens the reader with its span selected (it is not one of the workspace's).
  await page.locator('[data-year="2018"] .figure-actual').filter({ hasText: '20 家' }).click()
  await expect(page.getByTestId('document-text')).toBeVisible()
  await expect.poll(() => page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('全市共有国家重点实验室 20 家')
  await page.getByRole('button', { name: '对比', exact: true }).click()
  await expect(page.getByTestId('source-picker')).toHaveValue('curated')
  // The workspace's own annotations give other verdicts: no targets at all.
  const ownVerdicts = verdicts((await dispatch<ComparePage>(session, 'compare.matrix', { limit: 100 })).rows)
  expect(ownVerdicts).not.toEqual(curatedVerdicts)

  // Adopt the curated set: the mistyped figure takes theirs, the commitment keeps mine.
  await page.getByTestId('adopt-open').click()
  const dialog = page.getByTestId('adopt-dialog')
  await expect(dialog.getByTestId('adopt-counts')).toHaveText('新增 3 · 相同 0 · 冲突 2')
  await expect(dialog.getByTestId('adopt-conflict')).toHaveCount(2)
  await dialog.getByRole('combobox', { name: /推动 2018 年技术合同成交额/ }).selectOption('take-theirs')
  await expect(dialog.getByRole('button', { name: '保留我的' })).toHaveAttribute('aria-pressed', 'true')
  await saveScreenshot(page, 'supervisor-adopt-preview')
  const sourceBefore = await dispatch<Annotation[]>(session, 'annotations.listAll', { source: 'curated' })
  await dialog.getByTestId('adopt-confirm').click()
  await expect(page.getByTestId('adopt-done')).toContainText('新增 4 条，相同 0 条，冲突 2 条（保留我的 1，采用对方 1）')
  const adopted = await dispatch<Annotation[]>(session, 'annotations.listAll', {})
  expect(adopted.map((annotation) => annotation.id)).not.toContain(own[0].id)
  expect(adopted.map((annotation) => annotation.id)).toContain(own[1].id)
  expect(adopted).toHaveLength(5)
  expect(verdicts((await dispatch<ComparePage>(session, 'compare.matrix', { limit: 100 })).rows)).toEqual(curatedVerdicts)
  // Nothing in the source changed.
  expect(await dispatch<Annotation[]>(session, 'annotations.listAll', { source: 'curated' })).toEqual(sourceBefore)

  // One Ctrl+Z undoes the whole adoption.
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('Control+z')
  await expect.poll(async () => (await dispatch<Annotation[]>(session, 'annotations.listAll', {})).map((annotation) => annotation.id).sort()).toEqual(own.map((annotation) => annotation.id).sort())
  const byId = (list: Annotation[]) => [...list].sort((x, y) => x.id.localeCompare(y.id))
  expect(byId(await dispatch<Annotation[]>(session, 'annotations.listAll', {}))).toEqual(byId(own))
  // Redo brings the whole adoption back, and undo takes it away again, each in one step.
  await page.keyboard.press('Control+Shift+z')
  await expect.poll(async () => (await dispatch<Annotation[]>(session, 'annotations.listAll', {})).length).toBe(5)
  expect(byId(await dispatch<Annotation[]>(session, 'annotations.listAll', {}))).toEqual(byId(adopted))
  await page.keyboard.press('Control+z')
  await expect.poll(async () => (await dispatch<Annotation[]>(session, 'annotations.listAll', {})).length).toBe(2)

  // Adopt again, the same way.
  await page.getByTestId('adopt-open').click()
  await expect(dialog.getByTestId('adopt-counts')).toHaveText('新增 3 · 相同 0 · 冲突 2')
  await dialog.getByRole('combobox', { name: /推动 2018 年技术合同成交额/ }).selectOption('take-theirs')
  await dialog.getByTestId('adopt-confirm').click()
  await expect(page.getByTestId('adopt-done')).toBeVisible()
  // The annotation table on the workspace's own shows what was adopted; the picker is remembered per view.
  await page.getByRole('button', { name: '标注', exact: true }).click()
  await expect(page.getByTestId('source-picker')).toHaveValue('workspace')
  await expect(page.getByTestId('annotation-count')).toContainText('5 / 5')
  // On 审定集 the table is read-only: Delete does nothing there, and the band says why.
  await page.getByTestId('source-picker').selectOption('curated')
  await expect(page.getByTestId('source-banner')).toContainText('只读')
  await expect(page.locator('tbody tr')).toHaveCount(5)
  await page.locator('tbody tr').first().focus()
  await page.keyboard.press('Delete')
  await expect(page.locator('tbody tr')).toHaveCount(5)
  // Nothing was even attempted: no save is pending and no error is shown.
  await expect(page.getByText('已保存')).toBeVisible()
  await expect(page.locator('.banner-error')).toHaveCount(0)
  expect(await dispatch<Annotation[]>(session, 'annotations.listAll', { source: 'curated' })).toEqual(sourceBefore)
  await page.getByRole('button', { name: '对比', exact: true }).click()
  await expect(page.getByTestId('source-picker')).toHaveValue('curated')
  await c.close()
  open.splice(0)

  // The command line, as a child process, on the workspace: the same verdicts as Compare on 审定集.
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(projectRoot, 'src/cli/index.ts'), 'compare', join(root, 'c'), '--json'], { cwd: projectRoot })
  const report = JSON.parse(stdout) as { indicators: Array<{ key: string; years: Array<{ year: number; status: string | null; conflict: boolean }> }> }
  expect(verdicts(report.indicators.map((row) => ({ key: row.key, cells: row.years })))).toEqual(curatedVerdicts)
})

async function documentLabel(session: WorkbenchSession, seed: string): Promise<string> {
  const doc = session.workspace!.documents.find((entry) => entry.source.fileName.startsWith(`${seed}_`))!
  return `${doc.meta.year ?? '----'} ${doc.title}`
}
