// The Annotations table in pages (issue 13): a workspace with more rows than one page (200) is
// listed with its total, only the rows in view are in the page, scrolling and End fetch the pages
// they reach, the header sorts in main, and a row far down opens in the reader.
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { AnnotationTablePage } from '../../src/shared/api'
import type { Annotation } from '../../src/shared/model'
import { launchWorkbench, type LaunchedWorkbench } from './harness'
import { saveScreenshot, tempDir } from './helpers'
import { generateWorkspace } from '../bench/store-generate'
import { seedsDir } from '../support/paths'

let workbench: LaunchedWorkbench | undefined
test.afterEach(async () => {
  await workbench?.close()
  workbench = undefined
})

const PER_DOCUMENT = 130

test('pages through more rows than one page: total, scrolling, End, sort in main, open in the reader', async () => {
  workbench = await launchWorkbench({ workspaceDir: join(await tempDir('annotation-table'), 'ws') })
  const { page, session } = workbench
  const store = session.workspace!
  // Annotations put in one write per document, anchored by main from their offsets.
  const changes = await Promise.all(
    store.documents.map(async (doc) => {
      const text = await store.text(doc.id)
      const put: Annotation[] = Array.from({ length: PER_DOCUMENT }, (_, n) => {
        const start = (n * 53) % (text.length - 40)
        return {
          id: crypto.randomUUID(), documentId: doc.id, start, end: start + 6 + (n % 9), quote: '', prefix: '', suffix: '', label: n % 2 ? 'target' : 'achievement',
          attributes: { indicator: `gen-${n % 4}`, value: (n * 7919) % 1000, unit: '家', periodYear: 2015 + (n % 6) },
          links: [], status: 'accepted', author: '测试员', createdAt: '2026-01-02T03:04:05.000Z', updatedAt: '2026-01-02T03:04:05.000Z',
        }
      })
      return { documentId: doc.id, put, remove: [] }
    }),
  )
  const applied = await session.dispatch('annotations.applyBatch', { changes })
  expect(applied.ok).toBe(true)
  const total = store.documents.length * PER_DOCUMENT
  expect(total).toBeGreaterThan(400)

  await page.getByRole('navigation', { name: 'views' }).getByRole('button', { name: '标注', exact: true }).click()
  await expect(page.getByTestId('annotation-count')).toHaveText(`${total} / ${total} 条标注`)
  // Only what is in view is in the page.
  const rendered = await page.locator('tbody tr[data-annotation-id]').count()
  expect(rendered).toBeGreaterThan(5)
  expect(rendered).toBeLessThan(80)

  // End on the first row: the last row, from the last page, is fetched, shown and focused.
  const query = { sort: { column: 'documentYear', desc: false }, offset: total - 1, limit: 1 }
  const last = (await session.dispatch('annotations.page', query)) as { ok: true; value: AnnotationTablePage }
  await page.locator('tbody tr[data-row-index="0"]').focus()
  await page.keyboard.press('End')
  const focused = page.locator('tbody tr:focus')
  await expect(focused).toHaveAttribute('data-annotation-id', last.value.rows[0].id)
  await expect(focused).toHaveAttribute('aria-rowindex', String(total + 1))
  await saveScreenshot(page, 'annotations-paged')
  // Up from there stays in the last page; Home goes back to the first row.
  await page.keyboard.press('ArrowUp')
  await expect(page.locator('tbody tr:focus')).toHaveAttribute('aria-rowindex', String(total))
  await page.keyboard.press('Home')
  await expect(page.locator('tbody tr:focus')).toHaveAttribute('aria-rowindex', '2')

  // Scrolled half way: rows of the middle page arrive.
  await page.getByTestId('annotation-scroll').evaluate((box) => box.scrollTo(0, box.scrollHeight / 2))
  const shownIndexes = () => page.locator('tbody tr[data-annotation-id]').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('aria-rowindex'))))
  await expect.poll(async () => Math.min(...(await shownIndexes()))).toBeGreaterThan(250)
  expect(Math.max(...(await shownIndexes()))).toBeLessThan(total - 200)

  // Sorted in main by value, both ways: the first row holds the smallest, then the largest.
  const values = changes.flatMap((change) => change.put.map((annotation) => annotation.attributes.value!))
  await page.getByRole('columnheader', { name: '数值' }).getByRole('button').click()
  await expect(page.locator('tbody tr[aria-rowindex="2"] .col-value')).toHaveText(String(Math.min(...values)))
  await page.getByRole('columnheader', { name: '数值' }).getByRole('button').click()
  await expect(page.locator('tbody tr[aria-rowindex="2"] .col-value')).toHaveText(String(Math.max(...values)))
  await expect(page.getByRole('columnheader', { name: '数值' })).toHaveAttribute('aria-sort', 'descending')

  // Filtered in main: the count says how many of all.
  await page.getByRole('combobox', { name: '标签' }).selectOption('target')
  await expect(page.getByTestId('annotation-count')).toHaveText(`${total / 2} / ${total} 条标注`)

  // A row opens in the reader with its annotation selected.
  const row = page.locator('tbody tr[aria-rowindex="2"]')
  const id = await row.getAttribute('data-annotation-id')
  await row.focus()
  await page.keyboard.press('Enter')
  const opened = changes.flatMap((change) => change.put).find((annotation) => annotation.id === id)!
  const text = await store.text(opened.documentId)
  await expect(page.getByTestId('attributes-panel')).toContainText(`「${text.slice(opened.start, opened.end)}」`)
})

test('the first page shows while the row index is first read, with its progress, and the count completes', async () => {
  const workspaceDir = join(await tempDir('annotation-table-build'), 'ws')
  // Written straight in the store's format, as the benchmark does: 600 documents, no row files yet.
  await generateWorkspace(workspaceDir, seedsDir, 600, 60)
  workbench = await launchWorkbench({ workspaceDir })
  const { page } = workbench
  await page.getByRole('navigation', { name: 'views' }).getByRole('button', { name: '标注', exact: true }).click()
  const progress = page.getByTestId('annotations-building')
  await expect(progress).toContainText('正在建立标注表索引')
  // Rows of the first documents read are there before the index is complete.
  await expect(page.locator('tbody tr[aria-rowindex="2"]')).toHaveAttribute('data-annotation-id', /.+/)
  await saveScreenshot(page, 'annotations-building')
  await expect(progress).toHaveCount(0, { timeout: 60_000 })
  await expect(page.getByTestId('annotation-count')).toHaveText('36000 / 36000 条标注')
})
