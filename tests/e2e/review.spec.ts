// Issue 6 end to end: two analysts annotate seed 003 differently and export; a supervisor
// imports both, reviews the document unit by unit with the keyboard, reads the agreement and
// exports the curated set as CSV, whose rows this test checks.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import Papa from 'papaparse'
import type { Browser } from '@playwright/test'
import type { WorkbenchSession } from '../../src/main/services/workbench-session'
import { launchBrowser, launchWorkbench, type LaunchedWorkbench } from './harness'
import { saveScreenshot, tempDir } from './helpers'

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

async function annotate(session: WorkbenchSession, annotator: string, spans: Array<[string, string, Record<string, unknown>?]>): Promise<string> {
  await dispatch(session, 'settings.update', { annotator })
  const doc = session.workspace!.documents.find((entry) => entry.source.fileName.startsWith('003_'))!
  const text = await session.workspace!.text(doc.id)
  for (const [quote, label, attributes] of spans) {
    const start = text.indexOf(quote)
    expect(start, quote).toBeGreaterThanOrEqual(0)
    await dispatch(session, 'annotations.create', { documentId: doc.id, start, end: start + quote.length, label, attributes: attributes ?? {} })
  }
  return doc.id
}

test('two analysts export, a supervisor imports both, reviews seed 003 and exports the curated CSV', async () => {
  test.setTimeout(120_000)
  browser = await launchBrowser()
  const root = await tempDir('review')

  // Analyst 甲 exports through the review view's export form (.pwb.json).
  const a = await launchWorkbench({ workspaceDir: join(root, 'a'), browser })
  open.push(a)
  await annotate(a.session, '分析员甲', [
    ['强化科技创新引领', 'target', { indicator: 'rd-intensity', periodYear: 2019 }],
    ['共建粤港澳大湾区国际科技创新中心', 'commitment'],
    ['全面贯彻党的十九大精神', 'achievement'],
  ])
  await a.page.reload()
  await a.page.getByRole('button', { name: '审阅', exact: true }).click()
  await a.page.getByLabel('格式', { exact: true }).selectOption('json')
  const aFile = join(root, '甲.pwb.json')
  a.dialogs.nextSaveFile = aFile
  await a.page.getByTestId('exchange-export').click()
  await expect(a.page.getByTestId('export-result')).toContainText('已导出 3 条标注')
  // The same export as .qdpx states what REFI-QDA cannot carry (REFI-QDA §7).
  await a.page.getByLabel('格式', { exact: true }).selectOption('qdpx')
  a.dialogs.nextSaveFile = join(root, '甲.qdpx')
  await a.page.getByTestId('exchange-export').click()
  await expect(a.page.getByTestId('export-result')).toContainText('最后修改时间没有保存')
  await saveScreenshot(a.page, 'review-00-export-losses')

  // Analyst 乙 exports CSV through the contract.
  const b = await launchWorkbench({ workspaceDir: join(root, 'b'), browser })
  open.push(b)
  await annotate(b.session, '分析员乙', [
    ['强化科技创新引领 推动高质量发展', 'target', { indicator: 'rd-intensity', periodYear: 2019 }],
    ['共建粤港澳大湾区国际科技创新中心', 'commitment'],
    ['深入学习贯彻习近平总书记视察广东重要讲话精神', 'achievement'],
  ])
  const bFile = join(root, '乙.csv')
  b.dialogs.nextSaveFile = bFile
  await dispatch(b.session, 'exchange.export', { format: 'csv' })

  // The supervisor imports both into a third workspace.
  const c = await launchWorkbench({ workspaceDir: join(root, 'c'), browser })
  open.push(c)
  await dispatch(c.session, 'settings.update', { annotator: '审阅人' })
  const own = await dispatch<unknown[]>(c.session, 'annotations.listAll', {})
  await c.page.reload()
  await c.page.getByRole('button', { name: '审阅', exact: true }).click()
  c.dialogs.nextFiles = [aFile, bFile]
  await c.page.getByTestId('exchange-import').click()
  await expect(c.page.getByTestId('import-result')).toContainText('已导入「分析员甲」：3 条标注')
  await expect(c.page.getByTestId('import-result')).toContainText('已导入「分析员乙」：3 条标注')
  await expect(c.page.getByTestId('review-progress')).toHaveText('已处理 0 / 4 个单元')
  await saveScreenshot(c.page, 'review-01-imported')

  const units = c.page.getByTestId('review-units').getByRole('button')
  await expect(units).toHaveCount(4)
  await expect(units.nth(0)).toContainText('有分歧')
  await expect(units.nth(1)).toContainText('一致')
  await expect(units.nth(2)).toContainText('仅一方')
  await expect(c.page.getByTestId('review-lane')).toHaveCount(3)
  // The merged full-text view marks all four units, with which sources marked each.
  await expect(c.page.getByTestId('review-text').locator('mark')).toHaveCount(4)
  await expect(c.page.getByTestId('review-text').locator('sup').first()).toHaveText('1·2')
  await units.nth(0).click()
  await saveScreenshot(c.page, 'review-02-differing-unit')

  // One key per decision: 2 takes 乙's longer target, A accepts every agreed unit, 1 takes
  // 甲's achievement, and 1 (甲's nothing) rejects 乙's.
  await c.page.keyboard.press('2')
  await expect(c.page.getByTestId('review-progress')).toHaveText('已处理 1 / 4 个单元')
  await c.page.keyboard.press('a')
  await expect(c.page.getByTestId('review-progress')).toHaveText('已处理 2 / 4 个单元')
  await units.nth(2).click()
  await c.page.keyboard.press('1')
  // 甲 has nothing in 乙's unit: taking 甲's version is a rejection, and says so.
  await units.nth(3).click()
  await c.page.keyboard.press('1')
  await expect(c.page.getByTestId('review-progress')).toHaveText('已处理 4 / 4 个单元')
  await expect(units.nth(3)).toContainText('已拒绝')
  // U takes back the last decision (the reject) although another unit is selected; R settles it again.
  await units.nth(2).click()
  await c.page.keyboard.press('u')
  await expect(c.page.getByTestId('review-progress')).toHaveText('已处理 3 / 4 个单元')
  await expect(units.nth(3)).toContainText('待处理')
  await expect(units.nth(2)).toContainText('已采纳')
  await units.nth(3).click()
  await c.page.keyboard.press('r')
  await expect(c.page.getByTestId('review-progress')).toHaveText('已处理 4 / 4 个单元')
  // E settles 甲's achievement again with an edited period year, in the reader's attribute fields;
  // the span moves with the reader's keys (Shift+Alt+← shortens it, Shift+Alt+→ puts it back).
  await units.nth(2).click()
  await c.page.keyboard.press('e')
  const edit = c.page.getByTestId('review-edit')
  await expect(edit.getByTestId('review-edit-span')).toHaveText('全面贯彻党的十九大精神')
  await c.page.keyboard.press('Shift+Alt+ArrowLeft')
  await expect(edit.getByTestId('review-edit-span')).toHaveText('全面贯彻党的十九大精')
  await c.page.keyboard.press('Shift+Alt+ArrowRight')
  await expect(edit.getByTestId('review-edit-span')).toHaveText('全面贯彻党的十九大精神')
  await expect(edit.locator('input[type="number"]')).toHaveCount(0)
  await edit.locator('[data-field="periodYear"]').fill('2018')
  await saveScreenshot(c.page, 'review-04-edit')
  await edit.getByRole('button', { name: '保存', exact: true }).click()
  await expect(c.page.getByTestId('review-progress')).toHaveText('已处理 4 / 4 个单元')
  await expect(units.nth(2)).toContainText('已编辑')
  await units.nth(0).click()
  await saveScreenshot(c.page, 'review-03-decided')

  // Agreement for this document: commitment identical, target overlapping only.
  const agreement = c.page.getByTestId('agreement')
  await agreement.scrollIntoViewIfNeeded()
  await expect(c.page.getByTestId('agreement-heatmap')).toBeVisible()
  // The README's screenshot (docs/screenshots/review-settled.png) is refreshed from this one.
  await saveScreenshot(c.page, 'review-settled')
  const report = await dispatch<{ pairs: Array<{ labels: Array<{ label: string; exact: { f1: number }; overlap: { f1: number }; kappa: number }> }> }>(
    c.session,
    'agreement.compute',
    { sourceIds: (await dispatch<Array<{ id: string; kind: string }>>(c.session, 'sources.list', {})).filter((s) => s.kind === 'imported').map((s) => s.id) },
  )
  const byLabel = Object.fromEntries(report.pairs[0].labels.map((entry) => [entry.label, entry]))
  expect(byLabel.commitment.exact.f1).toBe(1)
  expect(byLabel.target.exact.f1).toBe(0)
  expect(byLabel.target.overlap.f1).toBe(1)
  expect(byLabel.achievement.overlap.f1).toBe(0)

  // The curated set as CSV.
  const curatedFile = join(root, 'curated.csv')
  c.dialogs.nextSaveFile = curatedFile
  await c.page.getByTestId('export-curated').click()
  await expect.poll(async () => (await readFile(curatedFile, 'utf8').catch(() => '')).length).toBeGreaterThan(0)
  const raw = await readFile(curatedFile, 'utf8')
  expect(raw.startsWith('\uFEFF')).toBe(true)
  const rows = Papa.parse<Record<string, string>>(raw.slice(1), { header: true, skipEmptyLines: true }).data
  expect(rows.map((row) => [row.label, row.quote]).sort()).toEqual(
    [
      ['achievement', '全面贯彻党的十九大精神'],
      ['commitment', '共建粤港澳大湾区国际科技创新中心'],
      ['target', '强化科技创新引领 推动高质量发展'],
    ].sort(),
  )
  expect(new Set(rows.map((row) => row.annotator))).toEqual(new Set(['审阅人']))
  expect(rows.find((row) => row.label === 'target')).toMatchObject({ indicator: 'rd-intensity', period_year: '2019' })
  expect(rows.find((row) => row.label === 'achievement')).toMatchObject({ period_year: '2018', status: 'accepted' })
  // Review never touched the supervisor's own annotations.
  expect(await dispatch<unknown[]>(c.session, 'annotations.listAll', {})).toEqual(own)

  // The same view in English.
  await c.page.getByRole('button', { name: '界面语言' }).click()
  await expect(c.page.getByTestId('review-progress')).toHaveText('4 of 4 units settled')
  await c.page.getByRole('button', { name: 'All documents' }).click()
  await saveScreenshot(c.page, 'review-05-en')
})
