// Issue 10 end to end: the first annotation made without an annotator name asks for one (and an
// export without one asks too); a file whose content was imported before asks replace or keep both.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { WorkbenchSession } from '../../src/main/services/workbench-session'
import type { SourceSummary } from '../../src/shared/review'
import { launchWorkbench, type LaunchedWorkbench } from './harness'
import { dragSelect, openDocument, saveScreenshot, tempDir } from './helpers'

const open: LaunchedWorkbench[] = []
test.afterEach(async () => {
  for (const workbench of open.splice(0)) await workbench.close()
})

async function dispatch<T>(session: WorkbenchSession, op: string, input: unknown): Promise<T> {
  const outcome = await session.dispatch(op, input)
  if (!outcome.ok) throw new Error(`${op}: ${outcome.error.message}`)
  return outcome.value as T
}

test('the first annotation without an annotator name asks for one, from the keyboard, and keeps it', async () => {
  const workbench = await launchWorkbench({ workspaceDir: join(await tempDir('annotator-prompt'), 'ws'), annotator: '' })
  open.push(workbench)
  const { page, session } = workbench
  await openDocument(page, '2018 年工作总结和 2019 年工作安排')
  await dragSelect(page, '新增高新技术企业超过 2000 家')
  await page.keyboard.press('2')
  const prompt = page.getByTestId('annotator-prompt')
  await expect(prompt).toBeVisible()
  await expect(prompt).toContainText('谁在标注？')
  // The annotation is there at once; the question does not hide the text.
  await expect.poll(async () => (await dispatch<unknown[]>(session, 'annotations.listAll', {})).length).toBe(1)
  await expect(prompt.getByLabel('标注人姓名')).toBeFocused()
  await saveScreenshot(page, 'exchange-annotator-prompt')
  // Enter with nothing typed says what is missing instead of closing.
  await page.keyboard.press('Enter')
  await expect(prompt).toContainText('请填写姓名')
  await page.keyboard.type('分析员甲')
  await page.keyboard.press('Enter')
  await expect(prompt).toBeHidden()
  await expect.poll(async () => session.workspace!.settings.annotator).toBe('分析员甲')

  // Kept in Settings, and the next annotation is signed without asking.
  await dragSelect(page, '2019 年')
  await page.keyboard.press('1')
  await expect.poll(async () => (await dispatch<Array<{ author: string }>>(session, 'annotations.listAll', {})).map((a) => a.author).sort()).toEqual(['', '分析员甲'])
  await expect(prompt).toBeHidden()
  await page.getByRole('button', { name: '设置', exact: true }).click()
  await expect(page.getByLabel('标注人姓名')).toHaveValue('分析员甲')
})

test('Esc puts the question off for the session and leaves the reader where it was', async () => {
  const workbench = await launchWorkbench({ workspaceDir: join(await tempDir('annotator-later'), 'ws'), annotator: '' })
  open.push(workbench)
  const { page, session } = workbench
  await openDocument(page, '2018 年工作总结和 2019 年工作安排')
  await dragSelect(page, '新增高新技术企业超过 2000 家')
  await page.keyboard.press('2')
  const prompt = page.getByTestId('annotator-prompt')
  await expect(prompt.getByLabel('标注人姓名')).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(prompt).toBeHidden()
  await expect(page.getByTestId('document-text')).toBeVisible()
  await dragSelect(page, '2019 年')
  await page.keyboard.press('1')
  await expect.poll(async () => (await dispatch<unknown[]>(session, 'annotations.listAll', {})).length).toBe(2)
  await expect(prompt).toBeHidden()
  expect(session.workspace!.settings.annotator).toBe('')
})

test('an export without an annotator name asks for it, then exports signed', async () => {
  const workbench = await launchWorkbench({ workspaceDir: join(await tempDir('annotator-export'), 'ws'), annotator: '' })
  open.push(workbench)
  const { page, session, dialogs } = workbench
  const doc = session.workspace!.documents.find((entry) => entry.source.fileName.startsWith('003_'))!
  const text = await session.workspace!.text(doc.id)
  const start = text.indexOf('强化科技创新引领')
  await dispatch(session, 'annotations.create', { documentId: doc.id, start, end: start + 8, label: 'target' })
  await page.getByRole('button', { name: '审阅', exact: true }).click()
  await page.getByLabel('格式', { exact: true }).selectOption('json')
  const out = join(await tempDir('annotator-export-out'), 'a.pwb.json')
  dialogs.nextSaveFile = out
  await page.getByTestId('exchange-export').click()
  const prompt = page.getByTestId('annotator-prompt')
  await expect(prompt).toContainText('导出的文件必须注明由谁标注')
  await page.keyboard.type('分析员乙')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('export-result')).toContainText('已导出 1 条标注')
  const file = JSON.parse(await readFile(out, 'utf8')) as { annotator: string; annotations: Array<{ author: string }> }
  expect(file.annotator).toBe('分析员乙')
  expect(file.annotations[0].author).toBe('分析员乙')
})

test('importing a file imported before asks: keep both (“… (2)”) or replace', async () => {
  const workbench = await launchWorkbench({ workspaceDir: join(await tempDir('duplicate-import'), 'ws') })
  open.push(workbench)
  const { page, session, dialogs } = workbench
  await dispatch(session, 'settings.update', { annotator: '分析员甲' })
  const doc = session.workspace!.documents.find((entry) => entry.source.fileName.startsWith('003_'))!
  const text = await session.workspace!.text(doc.id)
  const start = text.indexOf('强化科技创新引领')
  await dispatch(session, 'annotations.create', { documentId: doc.id, start, end: start + 8, label: 'target' })
  const file = join(await tempDir('duplicate-file'), '甲.pwb.json')
  dialogs.nextSaveFile = file
  await dispatch(session, 'exchange.export', { format: 'json' })

  await page.reload()
  await page.getByRole('button', { name: '审阅', exact: true }).click()
  dialogs.nextFiles = [file]
  await page.getByTestId('exchange-import').click()
  await expect(page.getByTestId('import-result')).toContainText('已导入「分析员甲」：1 条标注')

  dialogs.nextFiles = [file]
  await page.getByTestId('exchange-import').click()
  const prompt = page.getByTestId('duplicate-prompt')
  await expect(prompt).toContainText('文件「甲.pwb.json」的内容已作为来源「分析员甲」导入过')
  await expect(prompt.getByRole('button', { name: '保留两者（新来源「分析员甲 (2)」）' })).toBeVisible()
  await expect(prompt.getByRole('button', { name: '替换「分析员甲」' })).toBeFocused()
  await saveScreenshot(page, 'exchange-duplicate-prompt')
  await page.keyboard.press('k')
  await expect(prompt).toBeHidden()
  await expect(page.getByTestId('import-result')).toContainText('已导入「分析员甲 (2)」：1 条标注')

  dialogs.nextFiles = [file]
  await page.getByTestId('exchange-import').click()
  await expect(prompt).toBeVisible()
  await page.keyboard.press('r')
  await expect(page.getByTestId('import-result')).toContainText('已导入「分析员甲」：1 条标注')
  // Esc imports nothing.
  dialogs.nextFiles = [file]
  await page.getByTestId('exchange-import').click()
  await expect(prompt).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(prompt).toBeHidden()
  const names = (await dispatch<SourceSummary[]>(session, 'sources.list', {})).filter((source) => source.kind === 'imported').map((source) => source.name)
  expect(names.sort()).toEqual(['分析员甲', '分析员甲 (2)'])
})
