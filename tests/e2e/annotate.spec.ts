import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { launchWorkbench, type LaunchedWorkbench } from './harness'
import { dragSelect, openDocument, saveScreenshot, tempDir } from './helpers'

let workbench: LaunchedWorkbench | undefined
test.afterEach(async () => {
  await workbench?.close()
  workbench = undefined
})

const panel = (page: Page) => page.getByTestId('attributes-panel')
const field = (page: Page, name: string) => panel(page).locator(`[data-field="${name}"]`)

test('tag, fill attributes, link across documents, undo and redo, and find it all after a restart', async () => {
  const workspaceDir = join(await tempDir('annotate'), 'ws')
  workbench = await launchWorkbench({ workspaceDir })
  let page = workbench.page

  // Seed 003: select with the mouse, press 2 → an achievement with its figures prefilled.
  await openDocument(page, '2018 年工作总结和 2019 年工作安排')
  await dragSelect(page, '新增高新技术企业超过 2000 家')
  await page.keyboard.press('2')
  await expect(panel(page)).toContainText('「新增高新技术企业超过 2000 家」')
  await expect(field(page, 'label')).toHaveValue('achievement')
  await expect(field(page, 'value')).toHaveValue('2000')
  await expect(field(page, 'unit')).toHaveValue('家')
  await expect(field(page, 'comparator')).toHaveValue('>')
  await expect(field(page, 'periodYear')).toHaveValue('2018')
  await expect(field(page, 'indicator')).toHaveValue('高新技术企业净增数')
  await expect(page.getByTestId('save-state')).toHaveText('已保存')
  await saveScreenshot(page, 'annotate-achievement')

  // Fix the indicator from the keyboard: Enter goes to the panel, type, Enter goes back to the text.
  await page.getByTestId('document-text').focus()
  await page.keyboard.press('Enter')
  await page.keyboard.press('Control+a')
  await page.keyboard.type('高新技术企业数量')
  await page.keyboard.press('Enter')
  await expect(field(page, 'indicator')).toHaveValue('高新技术企业数量')

  // Without the mouse: deselect, step over the comma, extend over the next figure, press 2.
  await page.keyboard.press('Escape')
  await page.keyboard.press('ArrowRight')
  const next = '总数突破 1.1 万家'
  for (let i = 0; i < next.length; i++) await page.keyboard.press('Shift+ArrowRight')
  await page.keyboard.press('2')
  await expect(panel(page)).toContainText(`「${next}」`)
  await expect(field(page, 'value')).toHaveValue('11000')
  await expect(field(page, 'comparator')).toHaveValue('>')
  // 总数 makes it the total, not the increase the clause before names (issue 12).
  await expect(field(page, 'indicator')).toHaveValue('高新技术企业数量')

  // Seed 002, traditional script: a 2019 target.
  await openDocument(page, '廣州市建設科技創新強市三年行動計劃')
  await dragSelect(page, '2019年,技術交易合同成交額突破850億元')
  await page.keyboard.press('1')
  await expect(field(page, 'label')).toHaveValue('target')
  await expect(field(page, 'value')).toHaveValue('850')
  await expect(field(page, 'unit')).toHaveValue('亿元')
  await expect(field(page, 'periodYear')).toHaveValue('2019')
  await expect(field(page, 'indicator')).toHaveValue('技术合同成交额')
  await saveScreenshot(page, 'annotate-traditional')

  // Seed 004: the 2019 actual, linked as evidence for the 2019 target in 002.
  await openDocument(page, '第4042号提案答复的函')
  await dragSelect(page, '成交额1273.36亿元')
  await page.keyboard.press('2')
  await expect(field(page, 'value')).toHaveValue('1273.36')
  // The sentence says 技术合同 … 成交额, which no alias matches: name the indicator by hand.
  await field(page, 'indicator').fill('技术合同成交额')
  await field(page, 'indicator').press('Enter')
  await expect(field(page, 'indicator')).toHaveValue('技术合同成交额')
  await panel(page).getByRole('combobox', { name: '关联类型' }).selectOption('evidence-for')
  await panel(page).getByRole('searchbox', { name: '搜索要关联的标注…' }).fill('850')
  await expect(panel(page).locator('.link-results [role="option"]')).toHaveCount(1)
  await panel(page).getByRole('searchbox', { name: '搜索要关联的标注…' }).press('Enter')
  await expect(panel(page).getByTestId('links')).toContainText('是…的证据')
  await expect(panel(page).getByTestId('links')).toContainText('2019年,技術交易合同成交額突破850億元')

  // Follow the link; the target shows where its evidence comes from.
  await panel(page).getByTestId('links').getByRole('button', { name: /850億元/ }).click()
  await expect(panel(page)).toContainText('「2019年,技術交易合同成交額突破850億元」')
  await expect(panel(page).getByTestId('links')).toContainText('证据来自')
  await expect(panel(page).getByTestId('links')).toContainText('成交额1273.36亿元')
  await saveScreenshot(page, 'annotate-link')

  // Undo the link: it was made in document 004, so undo takes the reader back there.
  await page.getByTestId('document-text').focus()
  await page.keyboard.press('Control+z')
  await expect(panel(page)).toContainText('「成交额1273.36亿元」')
  await expect(panel(page).getByTestId('links')).toContainText('暂无关联')
  await page.keyboard.press('Control+y')
  await expect(panel(page).getByTestId('links')).toContainText('是…的证据')
  // Undo a delete, pressed before the delete is saved: the annotation comes back with its
  // attributes, and main receives the delete and its undo in that order.
  await page.getByTestId('document-text').focus()
  await page.keyboard.press('Delete')
  await page.keyboard.press('Control+z')
  await expect(page.getByTestId('reader-annotation-count')).toHaveText('1')
  await expect(page.getByTestId('save-state')).toHaveText('已保存')

  // Restart on the same folder: everything is there.
  await workbench.close()
  workbench = await launchWorkbench({ workspaceDir })
  page = workbench.page
  await page.getByRole('navigation').getByRole('button', { name: '标注', exact: true }).click()
  await expect(page.getByTestId('annotation-count')).toHaveText('4 / 4 条标注')
  await page.getByRole('combobox', { name: '标签' }).selectOption('target')
  await expect(page.getByTestId('annotation-count')).toHaveText('1 / 4 条标注')
  await page.getByRole('combobox', { name: '标签' }).selectOption('')
  // The three-year plan (seed 002) holds the target only.
  await page.getByRole('combobox', { name: '类型' }).selectOption('action-plan')
  await expect(page.getByTestId('annotation-count')).toHaveText('1 / 4 条标注')
  await page.getByRole('combobox', { name: '类型' }).selectOption('')
  await page.getByLabel('按指标分组').check()
  // 高新技术企业数量 (the corrected 2000 家 and the total 1.1 万家), 技术合同成交额 (two).
  await expect(page.locator('.group-row')).toHaveCount(2)
  await saveScreenshot(page, 'annotations-table')
  await page.getByLabel('按指标分组').uncheck()
  await page.getByRole('searchbox', { name: '筛选引文、指标、文档…' }).fill('1273')
  await expect(page.getByTestId('annotation-count')).toHaveText('1 / 4 条标注')
  await page.locator('tbody tr').first().focus()
  await page.keyboard.press('Enter')
  await expect(panel(page)).toContainText('「成交额1273.36亿元」')
  await expect(panel(page).getByTestId('links')).toContainText('2019年,技術交易合同成交額突破850億元')
  await saveScreenshot(page, 'reader-after-restart')
})

test('overlapping spans stay legible and a click offers a choice between them', async () => {
  workbench = await launchWorkbench({ workspaceDir: join(await tempDir('overlap'), 'ws') })
  const { page } = workbench
  await openDocument(page, '2018 年工作总结和 2019 年工作安排')
  await dragSelect(page, '技术合同成交额从 2017 年的 357 亿元翻番至 2018 年的 719 亿元')
  await page.keyboard.press('2')
  await page.keyboard.press('Escape')
  await dragSelect(page, '2018 年的 719 亿元')
  await page.keyboard.press('1')
  await page.keyboard.press('Escape')
  // Click inside the overlap: a chooser lists both; 2 picks the second.
  await dragSelect(page, '719')
  await page.mouse.click(...(await page.evaluate(() => {
    const selection = window.getSelection()!
    const rect = selection.getRangeAt(0).getBoundingClientRect()
    return [rect.left + 2, rect.top + rect.height / 2] as [number, number]
  })))
  await expect(page.getByTestId('overlap-chooser')).toBeVisible()
  await expect(page.getByTestId('overlap-chooser').getByRole('option')).toHaveCount(2)
  await saveScreenshot(page, 'annotate-overlap')
  await page.getByTestId('document-text').focus()
  await page.keyboard.press('2')
  await expect(panel(page)).toContainText('「2018 年的 719 亿元」')
  // Boundaries from the keyboard: Shift+Alt+← pulls the end in by one character.
  await page.keyboard.press('Escape')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await expect(panel(page)).toContainText('「2018 年的 719 亿元」')
  await page.keyboard.press('Shift+Alt+ArrowLeft')
  await expect(panel(page)).toContainText('「2018 年的 719 亿」')
  await page.keyboard.press('Alt+ArrowRight')
  await expect(panel(page)).toContainText('「018 年的 719 亿」')
})
