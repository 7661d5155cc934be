import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { launchWorkbench, type LaunchedWorkbench } from './harness'
import { saveScreenshot, tempDir } from './helpers'

interface FixtureDocument {
  file: string
  year: number
}
const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/seed-crossyear.json'), 'utf8'),
) as { documents: FixtureDocument[] }

let workbench: LaunchedWorkbench | undefined
test.afterEach(async () => {
  await workbench?.close()
  workbench = undefined
})

test('first start opens the five seeds; reading, sorting, filtering and switching language work', async () => {
  const workspaceDir = join(await tempDir('first-start'), 'workspace')
  workbench = await launchWorkbench({ workspaceDir })
  const { page } = workbench

  const rows = page.locator('tbody tr')
  await expect(rows).toHaveCount(5)
  await expect(page.getByTestId('library-count')).toHaveText('共 5 / 5 个文档')
  // Every seed is listed with a Chinese title and the year the fixture records for it.
  for (const title of ['广州市科技创新委员会关于市第十五届人大一次会议第20172212号代表建议答复的函', '廣州市建設科技創新強市三年行動計劃 (2019—2021年)']) {
    await expect(page.getByRole('cell', { name: title, exact: false })).toBeVisible()
  }
  const years = (await page.locator('tbody td.col-year').allTextContents()).map(Number)
  expect(years.toSorted()).toEqual(fixture.documents.map((doc) => doc.year).toSorted())
  // Default order: newest first.
  expect(years).toEqual(years.toSorted((a, b) => b - a))
  await saveScreenshot(page, 'library-zh')

  // Sort by title, then filter down to the traditional-script plan.
  await page.getByRole('button', { name: '年份' }).click()
  await expect(page.locator('tbody td.col-year').first()).toHaveText('2017')
  await page.getByPlaceholder('筛选标题、年份、类型…').fill('行動計劃')
  await expect(rows).toHaveCount(1)
  await page.getByPlaceholder('筛选标题、年份、类型…').fill('')
  await expect(rows).toHaveCount(5)

  // Keyboard: from the table, / focuses the filter, ↓ moves into the table, Enter opens.
  await rows.first().focus()
  await page.keyboard.press('/')
  await page.keyboard.type('2020')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(page.locator('.reader-title')).toHaveText('广州市科学技术局关于政协十三届广州市委员会第四次会议第4042号提案答复的函')
  await expect(page.getByTestId('reader-year')).toHaveText('2020')
  await expect(page.getByTestId('document-text')).toContainText('陶天权委员')
  await saveScreenshot(page, 'reader-zh')

  // Esc goes back; the traditional-script plan renders too.
  await page.keyboard.press('Escape')
  await page.getByPlaceholder('筛选标题、年份、类型…').fill('')
  await page.getByRole('cell', { name: '廣州市建設科技創新強市三年行動計劃', exact: false }).click()
  await expect(page.getByTestId('document-text')).toContainText('穗科字〔2019〕316號')
  await saveScreenshot(page, 'reader-traditional')

  // Switch to English: labels change, the choice is saved in the workspace and survives a reload.
  await page.getByRole('button', { name: '界面语言' }).click()
  await expect(page.getByRole('button', { name: 'Library', exact: true })).toBeVisible()
  await page.getByRole('button', { name: 'Library', exact: true }).click()
  await expect(page.getByTestId('library-count')).toHaveText('5 of 5 documents')
  await expect(page.getByRole('cell', { name: 'Action plan' })).toBeVisible()
  expect(workbench.session.workspace?.settings.locale).toBe('en')
  await saveScreenshot(page, 'library-en')
  await page.reload()
  await expect(page.getByTestId('library-count')).toHaveText('5 of 5 documents')
})

test('New workspace… and Open workspace… switch between folders', async () => {
  const root = await tempDir('switch')
  workbench = await launchWorkbench({ workspaceDir: join(root, 'first') })
  const { page, dialogs } = workbench
  await expect(page.locator('tbody tr')).toHaveCount(5)

  dialogs.nextFolder = join(root, 'empty')
  await page.getByRole('button', { name: '新建工作区…' }).click()
  await expect(page.getByTestId('library-empty')).toBeVisible()
  await saveScreenshot(page, 'library-empty')

  dialogs.nextFolder = join(root, 'first')
  await page.getByRole('button', { name: '打开工作区…' }).click()
  await expect(page.locator('tbody tr')).toHaveCount(5)
})

test('the contract also binds through page.exposeFunction', async () => {
  workbench = await launchWorkbench({ workspaceDir: join(await tempDir('expose'), 'ws'), transport: 'expose-function' })
  const { page } = workbench
  await expect(page.locator('tbody tr')).toHaveCount(5)
  await page.locator('tbody tr').first().click()
  await expect(page.getByTestId('document-text')).toBeVisible()
})
