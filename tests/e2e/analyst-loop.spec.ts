// The analyst's loop (issue 12): tag a target and its result in two government work reports, see
// the verdict; nothing the matrix cannot place goes unmentioned, and each such figure is fixed from
// the unplaced list; counts follow every edit; a document's metadata is corrected and undone; a
// document is deleted and restored; the keys are one `?` away.
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { gwrDir } from '../support/paths'
import { launchWorkbench, type LaunchedWorkbench } from './harness'
import { dragSelect, saveScreenshot, tempDir } from './helpers'

let workbench: LaunchedWorkbench | undefined
test.afterEach(async () => {
  await workbench?.close()
  workbench = undefined
})

const panel = (page: Page) => page.getByTestId('attributes-panel')
const field = (page: Page, name: string) => panel(page).locator(`[data-field="${name}"]`)
const libraryRow = (page: Page, id: string) => page.locator(`tr[data-document-id="${id}"]`)
const unplaced = (page: Page, annotationId: string) => page.locator(`.unplaced-item[data-annotation-id="${annotationId}"]`)

async function toLibrary(page: Page): Promise<void> {
  await page.getByRole('button', { name: '文档库', exact: true }).click()
  await expect(page.getByTestId('library-count')).toBeVisible()
}

async function openById(page: Page, id: string): Promise<void> {
  await toLibrary(page)
  await libraryRow(page, id).click()
  await expect(page.getByTestId('document-text')).toBeVisible()
}

async function toCompare(page: Page): Promise<void> {
  await page.getByRole('button', { name: '对比', exact: true }).click()
  await expect(page.getByTestId('compare-count')).not.toHaveText('')
}

/** Tags `quote` with a label key; returns the new annotation's id, as saved in main. */
async function tag(workbench: LaunchedWorkbench, documentId: string, quote: string, key: string): Promise<string> {
  const { page, session } = workbench
  await dragSelect(page, quote)
  await page.keyboard.press(key)
  await expect(panel(page)).toContainText(`「${quote}」`)
  await expect(page.getByTestId('save-state')).toHaveText('已保存')
  const saved = (await session.workspace!.annotations(documentId)).find((annotation) => annotation.quote === quote)
  expect(saved).toBeDefined()
  return saved!.id
}

/**
 * Fixes a year through the unplaced list when the reader left it empty: the figure is listed as
 * 没有所指年份, one click opens it with the year field focused, and once typed it is listed no more.
 */
async function placeYear(page: Page, annotationId: string, year: string, prefilled: string): Promise<void> {
  await toCompare(page)
  if (prefilled !== '') {
    expect(prefilled).toBe(year)
    await expect(unplaced(page, annotationId)).toHaveCount(0)
    return
  }
  await expect(unplaced(page, annotationId)).toHaveAttribute('data-reason', 'no-year')
  await expect(unplaced(page, annotationId)).toContainText('没有所指年份')
  await unplaced(page, annotationId).click()
  await expect(field(page, 'periodYear')).toBeFocused()
  await page.keyboard.type(year)
  await page.keyboard.press('Enter')
  await expect(field(page, 'periodYear')).toHaveValue(year)
  await expect(page.getByTestId('save-state')).toHaveText('已保存')
  await toCompare(page)
  await expect(unplaced(page, annotationId)).toHaveCount(0)
}

test('the analyst’s loop: verdict, unplaced figures fixed, live counts, metadata undo, delete and restore, shortcut overview', async () => {
  test.setTimeout(180_000)
  const workspaceDir = join(await tempDir('analyst-loop'), 'ws')
  workbench = await launchWorkbench({ workspaceDir, viewport: { width: 1440, height: 900 } })
  const { page, session, dialogs } = workbench

  // Import the 2019 and 2020 government work reports through the import preview.
  dialogs.nextFiles = [join(gwrDir, '2019_gwr_national.txt'), join(gwrDir, '2020_gwr_national.txt')]
  await page.getByRole('button', { name: '导入文档…' }).click()
  await page.getByTestId('import-dialog').getByRole('button', { name: '导入 2 个文件' }).click()
  await expect(page.getByTestId('library-count')).toHaveText('共 7 / 7 个文档')
  const idOf = (file: string) => session.workspace!.documents.find((doc) => doc.source.fileName === file)!.id
  const report2019 = idOf('2019_gwr_national.txt')
  const report2020 = idOf('2020_gwr_national.txt')
  await expect(libraryRow(page, report2019).locator('.col-annotationCount')).toHaveText('0')

  // The 2019 target, key 1; Esc, Esc: the library counts it at once.
  await openById(page, report2019)
  const target = await tag(workbench, report2019, '城镇新增就业1100万人以上', '1')
  await expect(field(page, 'indicator')).toHaveValue('城镇新增就业')
  const targetYear = await field(page, 'periodYear').inputValue()
  await expect(page.getByTestId('reader-annotation-count')).toHaveText('1')
  await page.getByTestId('document-text').focus()
  await page.keyboard.press('Escape')
  await page.keyboard.press('Escape')
  await expect(libraryRow(page, report2019).locator('.col-annotationCount')).toHaveText('1')

  // The matching 2020 achievement, key 2; undo and redo move the count with them.
  await openById(page, report2020)
  const actual = await tag(workbench, report2020, '城镇新增就业1352万人', '2')
  const actualYear = await field(page, 'periodYear').inputValue()
  await page.getByTestId('document-text').focus()
  await page.keyboard.press('Control+z')
  await expect(page.getByTestId('reader-annotation-count')).toHaveText('0')
  await toLibrary(page)
  await expect(libraryRow(page, report2020).locator('.col-annotationCount')).toHaveText('0')
  await page.keyboard.press('Control+Shift+z')
  await expect(libraryRow(page, report2020).locator('.col-annotationCount')).toHaveText('1')
  await expect(page.getByTestId('save-state')).toHaveText('已保存')

  // Both are placed (from the list when the year was left empty) and the matrix gives the verdict.
  await placeYear(page, target, '2019', targetYear)
  await placeYear(page, actual, '2019', actualYear)
  await toCompare(page)
  const jobs2019 = page.locator('tr[data-indicator="urban-jobs-new"] [data-year="2019"]')
  await expect(jobs2019).toHaveAttribute('data-status', 'met')
  await expect(jobs2019).toContainText('✓ 达成')
  await expect(jobs2019).toContainText('> 1100 万人')
  await expect(jobs2019).toContainText('1352 万人')

  // A target no indicator fits: listed as 未设指标, the count beside the Compare tab, fixed from the list.
  await openById(page, report2019)
  const railway = await tag(workbench, report2019, '完成铁路投资8000亿元', '1')
  await expect(field(page, 'indicator')).toHaveValue('')
  await toCompare(page)
  await expect(unplaced(page, railway)).toHaveAttribute('data-reason', 'no-indicator')
  await expect(unplaced(page, railway)).toContainText('未设指标')
  await expect(page.getByTestId('compare-unplaced-count')).toHaveText(/^[1-9]\d*$/)
  await expect(page.getByTestId('unplaced-list')).toContainText('完成铁路投资8000亿元')
  await saveScreenshot(page, 'compare-unplaced')
  await unplaced(page, railway).click()
  await expect(field(page, 'indicator')).toBeFocused()
  await page.keyboard.type('铁路投资')
  await page.keyboard.press('Enter')
  await panel(page).getByRole('button', { name: /铁路投资/ }).click()
  await expect(field(page, 'indicator')).toHaveValue('铁路投资')
  await expect(page.getByTestId('save-state')).toHaveText('已保存')
  const railwayYear = await field(page, 'periodYear').inputValue()
  await toCompare(page)
  if (railwayYear === '') await expect(unplaced(page, railway)).toHaveAttribute('data-reason', 'no-year')
  await placeYear(page, railway, '2019', railwayYear)
  await expect(page.locator('tr[data-indicator="铁路投资"] [data-year="2019"]')).toContainText('8000 亿元')

  // The annotation table follows a delete and its undo at once, and keeps following once saved.
  await page.getByRole('navigation', { name: 'views' }).getByRole('button', { name: '标注', exact: true }).click()
  const tableCount = page.getByTestId('annotation-count')
  await expect(tableCount).toHaveText('3 / 3 条标注')
  await page.locator(`tr[data-annotation-id="${railway}"]`).focus()
  await page.keyboard.press('Delete')
  await expect(tableCount).toHaveText('2 / 2 条标注')
  await expect(page.getByTestId('save-state')).toHaveText('已保存')
  await expect(tableCount).toHaveText('2 / 2 条标注')
  await expect(page.locator(`tr[data-annotation-id="${railway}"]`)).toHaveCount(0)
  await page.keyboard.press('Control+z')
  await expect(page.getByTestId('save-state')).toHaveText('已保存')
  await toLibrary(page)
  await page.getByRole('navigation', { name: 'views' }).getByRole('button', { name: '标注', exact: true }).click()
  await expect(tableCount).toHaveText('3 / 3 条标注')

  // Metadata: the reader shows issuer and date; a corrected title is undone with Ctrl+Z.
  await openById(page, report2019)
  await expect(page.getByTestId('reader-issuer')).toBeVisible()
  await expect(page.getByTestId('reader-date')).toBeVisible()
  const title = (await page.locator('.reader-title').textContent())!
  await page.getByRole('button', { name: '编辑元数据' }).click()
  const metadata = page.getByTestId('metadata-panel')
  await metadata.locator('[data-meta-field="issuer"]').fill('國務院')
  await metadata.locator('[data-meta-field="issuer"]').press('Enter')
  await expect(page.getByTestId('reader-issuer')).toHaveText('國務院')
  await metadata.locator('[data-meta-field="title"]').fill('2019年政府工作报告（修订标题）')
  await metadata.locator('[data-meta-field="title"]').press('Enter')
  await expect(page.locator('.reader-title')).toHaveText('2019年政府工作报告（修订标题）')
  await expect(page.getByTestId('save-state')).toHaveText('已保存')
  await saveScreenshot(page, 'reader-metadata')
  await page.getByTestId('document-text').focus()
  await page.keyboard.press('Control+z')
  await expect(page.locator('.reader-title')).toHaveText(title)
  await expect(metadata.locator('[data-meta-field="title"]')).toHaveValue(title)
  await expect(page.getByTestId('reader-issuer')).toHaveText('國務院')
  expect(session.workspace!.document(report2019).title).toBe(title)
  expect(session.workspace!.document(report2019).meta.issuer).toBe('國務院')

  // Delete with confirmation: gone from the library, kept in backups/; Ctrl+Z brings it back whole.
  await page.getByRole('button', { name: '删除文档…' }).click()
  const confirm = page.getByTestId('delete-document-dialog')
  await expect(confirm).toContainText('2 条标注')
  await confirm.getByRole('button', { name: '删除', exact: true }).click()
  await expect(page.getByTestId('library-count')).toHaveText('共 6 / 6 个文档')
  await expect(page.getByRole('status').filter({ hasText: '已删除' })).toBeVisible()
  await expect(libraryRow(page, report2019)).toHaveCount(0)
  await page.keyboard.press('Control+z')
  await expect(page.getByTestId('library-count')).toHaveText('共 7 / 7 个文档')
  await expect(libraryRow(page, report2019).locator('.col-annotationCount')).toHaveText('2')
  // Delete on a library row asks the same question; Esc keeps the document.
  await libraryRow(page, report2020).focus()
  await page.keyboard.press('Delete')
  await expect(page.getByTestId('delete-document-dialog')).toContainText('1 条标注')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('delete-document-dialog')).toHaveCount(0)
  await expect(page.getByTestId('library-count')).toHaveText('共 7 / 7 个文档')

  // Sorted columns say so: an arrow and aria-sort.
  const yearHeader = page.locator('th.col-year')
  await expect(yearHeader).toHaveAttribute('aria-sort', 'descending')
  await expect(yearHeader.locator('.sort-mark')).toHaveText('▼')
  await yearHeader.getByRole('button').click()
  await expect(yearHeader).toHaveAttribute('aria-sort', 'ascending')
  await expect(yearHeader.locator('.sort-mark')).toHaveText('▲')

  // `?` opens the keys of the current view; Esc closes it. In the reader, F1 does the same.
  await page.locator('body').press('?')
  const overview = page.getByTestId('shortcut-overview')
  await expect(overview).toBeVisible()
  await expect(overview).toContainText('快捷键 · 文档库')
  await expect(overview).toContainText('跳到筛选框')
  await page.keyboard.press('Escape')
  await expect(overview).toHaveCount(0)
  await openById(page, report2019)
  await page.keyboard.press('F1')
  await expect(overview).toContainText('快捷键 · 阅读')
  await expect(overview).toContainText('标为 目标 / 成效 / 承诺')
  await saveScreenshot(page, 'shortcut-overview')
  await page.keyboard.press('Escape')
  await expect(overview).toHaveCount(0)
  await expect(page.getByTestId('document-text')).toBeVisible()

  // Help ▸ 关于: version, workspace folder, data folder.
  await page.getByRole('button', { name: '帮助' }).click()
  await page.getByRole('menuitem', { name: '关于' }).click()
  await expect(page.getByTestId('about-workspace')).toHaveText(workspaceDir)
  await expect(page.getByTestId('about-version')).toHaveText(/^\d+\.\d+\.\d+/)
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('about-dialog')).toHaveCount(0)
})
