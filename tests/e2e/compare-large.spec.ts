// A large workspace's compare view (issue 13): a crowded cell lists its first figures and how many
// more it holds, and the unplaced list comes 200 at a time with the total, so neither crosses to
// the renderer whole.
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { launchWorkbench, type LaunchedWorkbench } from './harness'
import { saveScreenshot, tempDir } from './helpers'

let workbench: LaunchedWorkbench | undefined
test.afterEach(async () => {
  await workbench?.close()
  workbench = undefined
})

test('a crowded cell lists its first 8 figures with the count of the rest; the unplaced list shows 200 at a time', async () => {
  test.setTimeout(120_000)
  workbench = await launchWorkbench({ workspaceDir: join(await tempDir('compare-large'), 'ws'), viewport: { width: 1440, height: 900 } })
  const { page, session } = workbench
  const dispatch = async (name: string, input: unknown) => {
    const result = await session.dispatch(name, input)
    if (!result.ok) throw new Error(JSON.stringify(result.error))
    return result.value
  }
  const [doc] = (await dispatch('documents.list', {})) as Array<{ id: string }>
  await dispatch('indicators.save', { indicator: { key: 'crowded', name: '拥挤指标', unit: '亿元', higherIsBetter: true, aliases: [] } })
  for (let n = 0; n < 12; n++) {
    await dispatch('annotations.create', { documentId: doc.id, start: 10 + n * 3, end: 12 + n * 3, label: 'target', attributes: { indicator: 'crowded', value: 100 + n, unit: '亿元', periodYear: 2030 } })
  }
  for (let n = 0; n < 205; n++) {
    await dispatch('annotations.create', { documentId: doc.id, start: 100 + n * 3, end: 102 + n * 3, label: 'achievement', attributes: { value: n } })
  }

  await page.getByRole('button', { name: '对比', exact: true }).click()
  const cell = page.getByTestId('compare-matrix').locator('tr[data-indicator="crowded"] [data-year="2030"]')
  await expect(cell.locator('.figure')).toHaveCount(8)
  await expect(cell.getByTestId('more-figures')).toHaveText('…另有 4 个')
  await expect(page.getByTestId('unplaced-shown')).toContainText('列出前 200 条，共 205 条')
  await expect(page.locator('.unplaced-item')).toHaveCount(200)
  await saveScreenshot(page, 'compare-large-cell-and-unplaced')
  await page.getByRole('button', { name: '再列出 5 条' }).click()
  await expect(page.locator('.unplaced-item')).toHaveCount(205)
  await expect(page.getByTestId('unplaced-shown')).toHaveCount(0)
})
