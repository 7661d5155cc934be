import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { launchWorkbench, type LaunchedWorkbench } from './harness'
import { saveScreenshot, tempDir } from './helpers'

let workbench: LaunchedWorkbench | undefined
test.afterEach(async () => {
  await workbench?.close()
  workbench = undefined
})

const TRADITIONAL_TITLE = '廣州市建設科技創新強市三年行動計劃'

const selectedText = (page: Page) => page.evaluate(() => window.getSelection()?.toString() ?? '')

/** The selection lies inside the text column's visible area, below the sticky label bar. */
async function expectSelectionInView(page: Page): Promise<void> {
  const placement = await page.evaluate(() => {
    const range = window.getSelection()!.getRangeAt(0).getBoundingClientRect()
    const scroller = document.querySelector('.reader-main')!.getBoundingClientRect()
    const bar = document.querySelector('.label-bar')!.getBoundingClientRect()
    return { top: range.top, bottom: range.bottom, visibleTop: bar.bottom, visibleBottom: scroller.bottom }
  })
  expect(placement.top).toBeGreaterThanOrEqual(placement.visibleTop)
  expect(placement.bottom).toBeLessThanOrEqual(placement.visibleBottom)
}

test('search in both scripts, tag a traditional hit in the reader or from the row, find in the document', async () => {
  workbench = await launchWorkbench({ workspaceDir: join(await tempDir('search'), 'ws') })
  const { page, session } = workbench
  await expect(page.getByRole('cell', { name: TRADITIONAL_TITLE, exact: false })).toBeVisible()

  // Ctrl+Shift+F from the library: the empty search view, its box focused.
  await page.keyboard.press('Control+Shift+F')
  await expect(page.getByTestId('search-empty')).toBeVisible()
  const box = page.getByRole('searchbox', { name: '搜索全部文档（简繁、全半角通搜）' })
  await expect(box).toBeFocused()

  await box.fill('量子引力')
  await box.press('Enter')
  await expect(page.getByTestId('search-none')).toHaveText('没有找到「量子引力」。')

  // Paging: fifty at a time.
  await box.fill('创新')
  await box.press('Enter')
  const rows = page.locator('.search-results tbody tr')
  await expect(page.getByTestId('search-count')).toHaveText('共 497 处，已显示 50 处')
  await expect(rows).toHaveCount(50)
  await page.getByRole('button', { name: '更多（再显示 50 处）' }).click()
  await expect(rows).toHaveCount(100)
  await expect(page.getByTestId('search-count')).toHaveText('共 497 处，已显示 100 处')

  // A simplified query finds both scripts: 27 in simplified seeds (seed 003's PDF page break inside
  // 高新技术企业 is joined by its clean-up), 9 written 高新技術企業 in seed 002.
  await box.fill('高新技术企业')
  await box.press('Enter')
  await expect(page.getByTestId('search-count')).toHaveText('共 36 处，已显示 36 处')
  await expect(rows).toHaveCount(36)
  await expect(page.locator('.search-results mark', { hasText: '高新技術企業' })).toHaveCount(9)
  await expect(page.locator('.search-results mark', { hasText: '高新技术企业' })).toHaveCount(27)
  await expect(rows.filter({ hasText: TRADITIONAL_TITLE })).toHaveCount(9)
  await saveScreenshot(page, 'search-results')

  // Keyboard: ↓ from the box into the rows, to the first traditional hit, Enter opens the reader
  // with the hit selected; 1 tags it.
  const traditionalRows = rows.filter({ has: page.locator('mark', { hasText: '高新技術企業' }) })
  const firstTraditional = await traditionalRows.first().evaluate((row) => [...row.parentElement!.children].indexOf(row))
  await box.press('ArrowDown')
  for (let i = 0; i < firstTraditional; i++) await page.keyboard.press('ArrowDown')
  await expect(traditionalRows.first()).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('document-text')).toBeFocused()
  await expect(page.locator('.reader-title')).toContainText(TRADITIONAL_TITLE)
  await expect.poll(() => selectedText(page)).toBe('高新技術企業')
  await expectSelectionInView(page)
  await saveScreenshot(page, 'search-hit-in-reader')
  await page.keyboard.press('1')
  await expect(page.getByTestId('attributes-panel')).toContainText('「高新技術企業」')
  await expect(page.getByTestId('save-state')).toHaveText('已保存')
  const seed002 = session.workspace!.documents.find((doc) => doc.title.startsWith(TRADITIONAL_TITLE))!
  const saved = await session.workspace!.annotations(seed002.id)
  expect(saved.map((annotation) => [annotation.label, annotation.quote])).toEqual([['target', '高新技術企業']])

  // Back in the search (Ctrl+Shift+F from the reader): the results are kept, the tagged row says so.
  await page.keyboard.press('Control+Shift+F')
  await expect(box).toBeFocused()
  await expect(rows).toHaveCount(36)
  await expect(traditionalRows.first()).toContainText('已标为目标')

  // A later traditional hit opened with a click, deep in the document: selected and in view.
  await traditionalRows.last().click()
  await expect.poll(() => selectedText(page)).toBe('高新技術企業')
  await expectSelectionInView(page)

  // Tag straight from a row: a simplified hit becomes an achievement.
  await page.getByRole('navigation').getByRole('button', { name: '搜索', exact: true }).click()
  const simplifiedRow = rows.filter({ has: page.locator('mark', { hasText: '高新技术企业' }) }).first()
  await simplifiedRow.getByRole('button', { name: '标为成效' }).click()
  await expect(simplifiedRow).toContainText('已标为成效')
  await expect(page.getByTestId('save-state')).toHaveText('已保存')
  const simplifiedId = (await simplifiedRow.getAttribute('data-document-id'))!
  expect((await session.workspace!.annotations(simplifiedId)).map((a) => [a.label, a.quote])).toEqual([['achievement', '高新技术企业']])

  // Find in the document: Ctrl+F in the reader of seed 002, a simplified query, traditional hits.
  await page.getByRole('button', { name: '文档库', exact: true }).click()
  await page.getByRole('cell', { name: TRADITIONAL_TITLE, exact: false }).click()
  await expect(page.getByTestId('document-text')).toBeFocused()
  await page.keyboard.press('Control+f')
  const findBox = page.getByRole('searchbox', { name: '在本文中查找' })
  await expect(findBox).toBeFocused()
  await page.keyboard.type('技术交易合同成交额')
  const count = page.getByTestId('find-count')
  await expect(count).toHaveText('1 / 4')
  await expect.poll(() => selectedText(page)).toBe('技術交易合同成交額')
  const selectionStart = () =>
    page.evaluate(() => {
      const range = window.getSelection()!.getRangeAt(0)
      return Number((range.startContainer.parentElement as HTMLElement).dataset.start) + range.startOffset
    })
  const first = await selectionStart()
  await findBox.press('Enter')
  await expect(count).toHaveText('2 / 4')
  const second = await selectionStart()
  expect(second).toBeGreaterThan(first)
  await expectSelectionInView(page)
  await findBox.press('Shift+Enter')
  await expect(count).toHaveText('1 / 4')
  expect(await selectionStart()).toBe(first)
  await findBox.press('Shift+Enter')
  await expect(count).toHaveText('4 / 4')
  await findBox.press('F3')
  await expect(count).toHaveText('1 / 4')
  await findBox.press('F3')
  await expect(count).toHaveText('2 / 4')
  await expectSelectionInView(page)
  // Every hit is painted; the current one on its own.
  expect(await page.evaluate(() => [CSS.highlights.get('pwb-find')?.size, CSS.highlights.get('pwb-find-current')?.size])).toEqual([4, 1])
  await saveScreenshot(page, 'find-bar')
  // The bar is a row of the sticky label bar, which pushes the text down rather than covering it.
  const [bar, labelBar] = await Promise.all([page.locator('.find-bar').boundingBox(), page.locator('.label-bar').boundingBox()])
  expect(bar!.y).toBeGreaterThanOrEqual(labelBar!.y)
  expect(bar!.y + bar!.height).toBeLessThanOrEqual(labelBar!.y + labelBar!.height)
  await page.locator('.reader-main').evaluate((scroller) => scroller.scrollTo(0, 0))
  const [barAtTop, text] = await Promise.all([page.locator('.label-bar').boundingBox(), page.locator('.document-text').boundingBox()])
  expect(barAtTop!.y + barAtTop!.height).toBeLessThanOrEqual(text!.y)

  // Esc: the bar closes, the text has the focus and the current hit is still selected; 3 tags it.
  await findBox.press('Escape')
  await expect(page.locator('.find-bar')).toHaveCount(0)
  await expect(page.getByTestId('document-text')).toBeFocused()
  expect(await page.evaluate(() => CSS.highlights.get('pwb-find')?.size)).toBe(0)
  await expect.poll(() => selectedText(page)).toBe('技術交易合同成交額')
  await page.keyboard.press('3')
  await expect(page.getByTestId('attributes-panel')).toContainText('「技術交易合同成交額」')
  await expect(page.getByTestId('save-state')).toHaveText('已保存')
  expect((await session.workspace!.annotations(seed002.id)).map((a) => a.quote)).toContain('技術交易合同成交額')

  // F3 from the text when the bar is open, and a query without hits.
  await page.keyboard.press('Control+f')
  await expect(findBox).toBeFocused()
  await expect(findBox).toHaveValue('技术交易合同成交额')
  await findBox.fill('量子引力')
  await expect(count).toHaveText('无结果')
  await findBox.press('Escape')
  await expect(page.getByTestId('document-text')).toBeFocused()

  // In English: the same view, every string translated.
  await page.getByRole('button', { name: '界面语言' }).click()
  await page.getByRole('navigation').getByRole('button', { name: 'Search', exact: true }).click()
  await expect(page.getByTestId('search-count')).toHaveText('36 hits, 36 shown')
  await saveScreenshot(page, 'search-results-en')
})
