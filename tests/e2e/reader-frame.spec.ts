// A label key's frame paints the new highlight and nothing else: any DOM change in the reader
// (a count, the side list, the panel) would make Chromium lay the page out and hit-test the
// pointer in that frame. What the reader shows besides the highlight follows after the paint.
// Not a timing: the bench times it; this checks what the frame contains.
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { launchWorkbench, type LaunchedWorkbench } from './harness'
import { dragSelect, openDocument, tempDir } from './helpers'

let workbench: LaunchedWorkbench | undefined
test.afterEach(async () => {
  await workbench?.close()
  workbench = undefined
})

test('a label key changes only the highlights in its frame; counts and the side panel follow after the paint', async () => {
  workbench = await launchWorkbench({ workspaceDir: join(await tempDir('reader-frame'), 'ws') })
  const { page } = workbench
  await openDocument(page, '2018 年工作总结和 2019 年工作安排')

  // A first annotation, so its side panel is open while the next one is made (the usual case).
  await dragSelect(page, '新增高新技术企业超过 2000 家')
  await page.keyboard.press('2')
  await expect(page.getByTestId('attributes-panel')).toContainText('新增高新技术企业超过 2000 家')
  await expect(page.getByTestId('reader-annotation-count')).toHaveText('1')
  await expect(page.getByTestId('save-state')).toHaveText('已保存')

  await dragSelect(page, '技术合同成交额达到 719 亿元')
  const frame = await page.evaluate(async () => {
    const reader = document.querySelector('.reader-layout')!
    const article = document.querySelector<HTMLElement>('[data-testid="document-text"]')!
    const highlighted = () => {
      let size = 0
      for (const [name, highlight] of CSS.highlights) if (name.startsWith('pwb-label-')) size += highlight.size
      return size
    }
    // Let the selection's own updates (the caret follows a selectionchange) finish first: on a
    // loaded machine they can otherwise land in the key's frame and be counted against it.
    await new Promise((done) => setTimeout(done, 100))
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))
    const before = highlighted()
    const records: MutationRecord[] = []
    const observer = new MutationObserver((found) => records.push(...found))
    observer.observe(reader, { subtree: true, childList: true, characterData: true, attributes: true })
    // Queued before the key: runs right after the paint of the key's frame, ahead of the
    // work the reader leaves for after that paint.
    const painted = new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)))
    article.dispatchEvent(new KeyboardEvent('keydown', { key: '2', bubbles: true }))
    await painted
    records.push(...observer.takeRecords())
    observer.disconnect()
    const changed = records.map((record) => {
      const target = record.target instanceof Element ? record.target : record.target.parentElement
      return `${record.type} ${record.attributeName ?? ""} ${target?.tagName.toLowerCase()}.${target?.className} ${target?.getAttribute('data-testid') ?? ''}`
    })
    return { highlightsAdded: highlighted() - before, changed }
  })
  expect(frame.highlightsAdded).toBe(1)
  expect(frame.changed).toEqual([])

  // Then everything else follows: the count, the new annotation in the side panel, the save.
  await expect(page.getByTestId('reader-annotation-count')).toHaveText('2')
  await expect(page.getByTestId('attributes-panel')).toContainText('技术合同成交额达到 719 亿元')
  await expect(page.getByTestId('save-state')).toHaveText('已保存')
})
