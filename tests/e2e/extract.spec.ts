// One extraction engine, end to end: a target tagged by hand in the 2019 government work report gets
// its year and indicator from the report's plan chapter, the 2020 report's result its year from the
// look back, and Compare places both and gives the verdict (issue 12).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import type { ImportPreviewBatch } from '../../src/shared/api'
import { gwrDir } from '../support/paths'
import { launchWorkbench, type LaunchedWorkbench } from './harness'
import { dragSelect, openDocument, saveScreenshot, tempDir } from './helpers'

let workbench: LaunchedWorkbench | undefined
test.afterEach(async () => {
  await workbench?.close()
  workbench = undefined
})

const panel = (page: Page) => page.getByTestId('attributes-panel')
const field = (page: Page, name: string) => panel(page).locator(`[data-field="${name}"]`)

test('a target tagged with key 1 in the 2019 report and its 2020 result meet in the matrix', async () => {
  const workspaceDir = join(await tempDir('extract'), 'ws')
  workbench = await launchWorkbench({ workspaceDir })
  const { page, session } = workbench
  for (const year of [2019, 2020]) {
    const fileName = `${year}_gwr_national.txt`
    const bytes = await readFile(join(gwrDir, fileName))
    const batch = await session.dispatch('import.addBytes', { fileName, base64: bytes.toString('base64') })
    if (!batch.ok) throw new Error(batch.error.message)
    const [preview] = (batch.value as ImportPreviewBatch).previews
    const imported = await session.dispatch('import.confirm', { items: [{ token: preview.token, disabledRules: [] }] })
    if (!imported.ok) throw new Error(imported.error.message)
  }
  await page.reload()

  await openDocument(page, '2019年政府工作报告')
  await dragSelect(page, '城镇新增就业1100万人以上')
  await page.keyboard.press('1')
  await expect(field(page, 'label')).toHaveValue('target')
  await expect(field(page, 'indicator')).toHaveValue('城镇新增就业')
  await expect(field(page, 'value')).toHaveValue('11000000')
  await expect(field(page, 'comparator')).toHaveValue('>')
  await expect(field(page, 'periodYear')).toHaveValue('2019')
  await saveScreenshot(page, 'extract-target-2019')

  await openDocument(page, '政府工作报告（文字实录）')
  await dragSelect(page, '城镇新增就业1352万人')
  await page.keyboard.press('2')
  await expect(field(page, 'indicator')).toHaveValue('城镇新增就业')
  await expect(field(page, 'periodYear')).toHaveValue('2019')
  await expect(page.getByTestId('save-state')).toHaveText('已保存')

  await page.getByRole('button', { name: '对比', exact: true }).click()
  const cell = page.getByTestId('compare-matrix').locator('tr[data-indicator="urban-jobs-new"] [data-year="2019"]')
  await expect(cell).toHaveAttribute('data-status', 'met')
  await expect(cell).toContainText('✓ 达成')
  await saveScreenshot(page, 'extract-compare-met')
})
