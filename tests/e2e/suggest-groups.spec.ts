// Proposals an analyst can face: on a government work report the proposed commitments are folded
// by section (承诺 ×N), so Tab steps through the figures and stops once per folded section; Enter
// or → unfolds it. The bar's count follows the label and confidence filters.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import type { DocumentSummary, ImportPreviewBatch } from '../../src/shared/api'
import type { Annotation } from '../../src/shared/model'
import { gwrDir } from '../support/paths'
import { launchWorkbench, type LaunchedWorkbench } from './harness'
import { saveScreenshot, tempDir } from './helpers'

let workbench: LaunchedWorkbench | undefined
test.afterEach(async () => {
  await workbench?.close()
  workbench = undefined
})

const firstNumber = async (page: Page, testId: string) => Number((await page.getByTestId(testId).textContent())?.match(/\d+/)?.[0])

test('commitments are folded by section on a government work report, figures first; the count follows the filters', async () => {
  const workspaceDir = join(await tempDir('suggest-groups'), 'ws')
  workbench = await launchWorkbench({ workspaceDir })
  const { page, session } = workbench
  const bytes = await readFile(join(gwrDir, '2019_gwr_national.txt'))
  const batch = await session.dispatch('import.addBytes', { fileName: '2019_gwr_national.txt', base64: bytes.toString('base64') })
  if (!batch.ok) throw new Error(batch.error.message)
  const [preview] = (batch.value as ImportPreviewBatch).previews
  const imported = await session.dispatch('import.confirm', { items: [{ token: preview.token, disabledRules: [] }] })
  if (!imported.ok) throw new Error(imported.error.message)
  await page.reload()
  await page.getByRole('button', { name: '文档库', exact: true }).click()
  await page.getByRole('cell', { name: '2019年政府工作报告' }).click()
  await expect(page.getByTestId('document-text')).toBeVisible()

  await page.getByTestId('suggest-document').click()
  await expect(page.getByTestId('suggest-added')).toContainText('新增')
  const all = await firstNumber(page, 'suggest-count')
  const folded = await firstNumber(page, 'suggest-folded')
  expect(folded).toBeGreaterThan(100)
  expect(all).toBeGreaterThan(folded)
  const groups = page.getByTestId('proposal-group')
  expect(await groups.count()).toBeGreaterThan(5)
  await expect(groups.first()).toHaveAttribute('aria-expanded', 'false')

  // The count follows the filters: commitments only are exactly the folded ones; a higher
  // confidence floor shows fewer.
  await page.getByTestId('suggest-filter-label').selectOption('commitment')
  await expect(page.getByTestId('suggest-count')).toContainText(String(folded))
  await page.getByTestId('suggest-filter-confidence').selectOption('0.85')
  await expect.poll(() => firstNumber(page, 'suggest-count')).toBeLessThan(folded)
  await page.getByTestId('suggest-filter-label').selectOption('target')
  await expect.poll(() => firstNumber(page, 'suggest-count')).toBeLessThan(all - folded)
  await expect(page.getByTestId('suggest-folded')).toHaveCount(0)
  await page.getByTestId('suggest-filter-label').selectOption('')
  await page.getByTestId('suggest-filter-confidence').selectOption('0')
  await expect(page.getByTestId('suggest-count')).toContainText(String(all))

  // Tab steps through the figures of the review and stops at the first folded section.
  await page.getByTestId('document-text').focus()
  let figuresBefore = 0
  for (; figuresBefore < 200; figuresBefore++) {
    await page.keyboard.press('Tab')
    // The side panel follows a frame after the text: wait for it before looking.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))
    await expect(page.getByTestId('suggest-note').or(page.getByTestId('proposal-group-note'))).toBeVisible()
    if (await page.getByTestId('proposal-group-note').isVisible()) break
  }
  expect(figuresBefore).toBeGreaterThan(10)
  const note = (await page.getByTestId('proposal-group-note').textContent()) ?? ''
  const size = Number(note.match(/×(\d+)/)?.[1])
  expect(size).toBeGreaterThan(0)
  await saveScreenshot(page, 'suggest-groups')

  // Enter unfolds it and selects its first commitment, which Enter then accepts.
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('suggest-note')).toBeVisible()
  await expect(page.getByTestId('suggest-folded')).toContainText(String(folded - size))
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('reader-annotation-count')).toHaveText('1')
  await expect(page.getByTestId('suggest-count')).toContainText(String(all - 1))
  const documents = await session.dispatch('documents.list', {})
  if (!documents.ok) throw new Error(documents.error.message)
  const documentId = (documents.value as DocumentSummary[]).find((doc) => doc.title === '2019年政府工作报告')!.id
  const accepted = async () => {
    const listed = await session.dispatch('annotations.list', { documentId })
    if (!listed.ok) throw new Error(listed.error.message)
    return (listed.value as Annotation[]).filter((a) => a.status === 'accepted').map((a) => a.label)
  }
  await expect.poll(accepted).toEqual(['commitment'])
  await page.keyboard.press('Escape')
  await saveScreenshot(page, 'suggest-groups-expanded')

  // The group's row folds with ← and unfolds with →.
  const open = page.locator('[data-testid="proposal-group"][aria-expanded="true"]')
  await expect(open).toHaveCount(1)
  await open.focus()
  await page.keyboard.press('ArrowLeft')
  await expect(page.locator('[data-testid="proposal-group"][aria-expanded="true"]')).toHaveCount(0)
  await expect(page.getByTestId('suggest-folded')).toContainText(String(folded - 1))
})
