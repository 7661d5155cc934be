import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { createWorkspace } from '../../src/main/services/workbench-session'
import { launchWorkbench, defaultSeedsDir, type LaunchedWorkbench } from './harness'
import { saveScreenshot, tempDir } from './helpers'

let workbench: LaunchedWorkbench | undefined
test.afterEach(async () => {
  await workbench?.close()
  workbench = undefined
})

async function seededWorkspace(prefix: string): Promise<string> {
  const dir = join(await tempDir(prefix), 'ws')
  const store = await createWorkspace(dir, defaultSeedsDir)
  await store.updateSettings({ annotator: '分析员甲' })
  await store.close()
  return dir
}

test('a damaged workspace.json is restored from its backup and the user is told', async () => {
  const dir = await seededWorkspace('corrupt')
  await writeFile(join(dir, 'workspace.json'), '{"schemaVersion":1,"documents":[{"id":')
  workbench = await launchWorkbench({ workspaceDir: dir })
  const { page } = workbench
  const notice = page.locator('.banner-notice')
  await expect(notice).toContainText('workspace.json 已损坏，已另存为 workspace.json.corrupt-')
  await expect(page.locator('tbody tr')).toHaveCount(5)
  await saveScreenshot(page, 'notice-recovered')
  await notice.getByRole('button', { name: '知道了' }).click()
  await expect(notice).toHaveCount(0)
})

test('a workspace from a newer version is refused with a message; the app keeps running', async () => {
  const dir = await seededWorkspace('future')
  const future = JSON.stringify({ schemaVersion: 7, name: 'future' })
  await writeFile(join(dir, 'workspace.json'), future)
  workbench = await launchWorkbench({ workspaceDir: dir })
  const { page, dialogs } = workbench
  await expect(page.getByTestId('no-workspace')).toContainText('该工作区由更新版本的工作台创建（格式版本 7，本程序支持 1）')
  await saveScreenshot(page, 'workspace-too-new')
  expect(await readFile(join(dir, 'workspace.json'), 'utf8')).toBe(future)

  // The user can go on with another workspace.
  dialogs.nextFolder = join(dir, '..', 'fresh')
  await page.getByRole('button', { name: '新建工作区（含示例文档）…' }).click()
  await expect(page.locator('tbody tr')).toHaveCount(5)
})

test('a missing document file is reported; its row stays and opening it explains', async () => {
  const dir = await seededWorkspace('missing')
  const { readdir } = await import('node:fs/promises')
  const [first] = await readdir(join(dir, 'documents'))
  await rm(join(dir, 'documents', first))
  workbench = await launchWorkbench({ workspaceDir: dir })
  const { page } = workbench
  await expect(page.locator('.banner-notice')).toContainText('1 个文档的正文文件缺失')
  const missingRow = page.locator(`tr[data-document-id="${first.slice(0, 16)}"]`)
  await expect(missingRow).toContainText('正文缺失')
  await missingRow.click()
  await expect(page.locator('.banner-error')).toContainText('的正文文件缺失')
  await expect(page.getByTestId('reader-failed')).toBeVisible()
  await saveScreenshot(page, 'document-missing')
})
