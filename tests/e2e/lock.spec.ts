// A workspace locked by another computer (issue 14): the app says whose lock it is and asks
// before taking it over; nothing is taken silently.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { createWorkspace } from '../../src/main/services/workbench-session'
import { LOCK_FILE } from '../../src/main/services/workspace-lock'
import { launchWorkbench, defaultSeedsDir, type LaunchedWorkbench } from './harness'
import { saveScreenshot, tempDir } from './helpers'

let workbench: LaunchedWorkbench | undefined
test.afterEach(async () => {
  await workbench?.close()
  workbench = undefined
})

async function lockedElsewhere(prefix: string): Promise<string> {
  const dir = join(await tempDir(prefix), 'ws')
  await (await createWorkspace(dir, defaultSeedsDir)).close()
  await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: 4242, host: 'laptop-of-li', since: '2026-11-20T08:00:00.000Z' }))
  return dir
}

test('a lock from another computer: the user is told whose it is, asked, and can take it over', async () => {
  const dir = await lockedElsewhere('lock-elsewhere')
  workbench = await launchWorkbench({ workspaceDir: dir })
  const { page } = workbench
  const refusal = page.getByTestId('no-workspace')
  await expect(refusal).toContainText('laptop-of-li')
  await expect(refusal).not.toContainText('关闭那个窗口')
  await saveScreenshot(page, 'lock-elsewhere')

  // Declining the question changes nothing.
  page.once('dialog', (dialog) => void dialog.dismiss())
  await refusal.getByRole('button', { name: '接管锁定并打开' }).click()
  await expect(refusal).toBeVisible()

  let question = ''
  page.once('dialog', (dialog) => {
    question = dialog.message()
    void dialog.accept()
  })
  await refusal.getByRole('button', { name: '接管锁定并打开' }).click()
  await expect(page.locator('tbody tr')).toHaveCount(5)
  expect(question).toContain('laptop-of-li')
  expect(question).toContain('接管')
  await expect(page.locator('.banner-notice')).toContainText('原锁定属于主机 laptop-of-li 上的进程 4242')
  await saveScreenshot(page, 'lock-taken-over')
})
