// Suggestions on a real government work report: run them, see dashed proposals, accept with
// Enter, reject with Delete, accept a selection's proposals at once, and run again without the
// rejected ones coming back.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import type { DocumentSummary, ImportPreviewBatch } from '../../src/shared/api'
import type { Annotation } from '../../src/shared/model'
import { gwrDir } from '../support/paths'
import { launchWorkbench, type LaunchedWorkbench } from './harness'
import { dragSelect, saveScreenshot, tempDir } from './helpers'

let workbench: LaunchedWorkbench | undefined
test.afterEach(async () => {
  await workbench?.close()
  workbench = undefined
})

const panel = (page: Page) => page.getByTestId('attributes-panel')

test('suggest on a government work report, accept, reject, accept a selection, and run again', async () => {
  const workspaceDir = join(await tempDir('suggest'), 'ws')
  workbench = await launchWorkbench({ workspaceDir })
  const { page, session } = workbench
  // The report goes in through the import contract, with the clean-up it proposes.
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
  const documents = await session.dispatch('documents.list', {})
  if (!documents.ok) throw new Error(documents.error.message)
  const documentId = (documents.value as DocumentSummary[]).find((doc) => doc.title === '2019年政府工作报告')!.id
  const stored = async (): Promise<Annotation[]> => {
    const listed = await session.dispatch('annotations.list', { documentId })
    if (!listed.ok) throw new Error(listed.error.message)
    return listed.value as Annotation[]
  }

  // Suggest: dashed proposals appear; the annotation count stays at accepted ones (none yet).
  await page.getByTestId('suggest-document').click()
  await expect(page.getByTestId('suggest-added')).toContainText('新增')
  const proposed = Number((await page.getByTestId('suggest-count').textContent())?.match(/\d+/)?.[0])
  expect(proposed).toBeGreaterThan(50)
  await expect(page.getByTestId('reader-annotation-count')).toHaveText('0')
  await expect(page.locator('.side-suggested').first()).toBeVisible()
  await dragSelect(page, '城镇新增就业1100万人以上')
  await saveScreenshot(page, 'suggest-proposals')

  // Tab selects the first proposal; Enter accepts it and moves on to the next.
  await page.getByTestId('document-text').focus()
  await page.keyboard.press('Escape')
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('suggest-note')).toBeVisible()
  const first = (await panel(page).textContent()) ?? ''
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('reader-annotation-count')).toHaveText('1')
  await expect(page.getByTestId('suggest-count')).toContainText(String(proposed - 1))
  expect(first).not.toBe((await panel(page).textContent()) ?? '')

  // Delete rejects the proposal now selected.
  await page.keyboard.press('Delete')
  await expect(page.getByTestId('suggest-count')).toContainText(String(proposed - 2))
  await expect(page.getByTestId('reader-annotation-count')).toHaveText('1')
  await expect.poll(async () => (await stored()).filter((a) => a.status === 'rejected').length).toBe(1)
  const rejected = (await stored()).find((a) => a.status === 'rejected')!

  // Shift+Enter accepts every proposal in the selection: the 2019 targets.
  await dragSelect(page, '城镇新增就业1100万人以上，城镇调查失业率5.5%左右，城镇登记失业率4.5%以内')
  await page.keyboard.press('Shift+Enter')
  await expect(page.getByTestId('reader-annotation-count')).toHaveText('4')
  await expect.poll(async () => (await stored()).filter((a) => a.status === 'accepted').map((a) => a.attributes.value))
    .toEqual(expect.arrayContaining([11_000_000, 5.5, 4.5]))
  const unemployment = (await stored()).find((a) => a.status === 'accepted' && a.attributes.value === 5.5)!
  expect(unemployment).toMatchObject({ label: 'target', attributes: { unit: '%', comparator: '≈', periodYear: 2019 } })
  await page.getByTestId('document-text').focus()
  await saveScreenshot(page, 'suggest-accepted')

  // Accepting is an edit like any other: Ctrl+Z takes the last one back.
  await page.keyboard.press('Control+z')
  await expect(page.getByTestId('reader-annotation-count')).toHaveText('3')
  await page.keyboard.press('Control+Shift+z')
  await expect(page.getByTestId('reader-annotation-count')).toHaveText('4')

  // The filter: commitments only, high confidence.
  await page.getByTestId('suggest-filter-label').selectOption('commitment')
  await page.getByTestId('suggest-filter-confidence').selectOption('0.85')
  await expect(page.locator('.side-suggested .side-label').first()).toHaveText('承诺')
  await saveScreenshot(page, 'suggest-filter')
  await page.getByTestId('suggest-filter-label').selectOption('')
  await page.getByTestId('suggest-filter-confidence').selectOption('0')

  // Running again proposes nothing new, and the rejected proposal stays rejected, once.
  await page.getByTestId('suggest-document').click()
  await expect(page.getByTestId('suggest-added')).toHaveText('新增 0 条建议')
  const after = await stored()
  expect(after.filter((a) => a.label === rejected.label && a.start < rejected.end && a.end > rejected.start && a.status !== 'accepted'))
    .toEqual([expect.objectContaining({ id: rejected.id, status: 'rejected' })])
  await expect(page.getByTestId('suggest-count')).toContainText(String(proposed - 5))

  // The whole workspace, with a progress bar (each document's run held back a little, so the bar
  // can be seen); the library counts accepted annotations only.
  await page.route('**/__workbench/invoke', async (route) => {
    if (route.request().postData()?.includes('suggest.document')) await new Promise((done) => setTimeout(done, 400))
    await route.continue()
  })
  await page.getByTestId('suggest-workspace').click()
  await expect(page.getByTestId('suggest-progress')).toBeVisible()
  await expect(page.getByTestId('suggest-progress')).toHaveAttribute('value', /[1-5]/)
  await saveScreenshot(page, 'suggest-workspace')
  await expect(page.getByTestId('suggest-added')).toBeVisible()
  await page.unroute('**/__workbench/invoke')
  const list = await session.dispatch('documents.list', {})
  if (!list.ok) throw new Error(list.error.message)
  const counts = (list.value as DocumentSummary[]).map((doc) => doc.annotationCount ?? 0)
  expect(counts.filter((count) => count > 0)).toEqual([4])
})
