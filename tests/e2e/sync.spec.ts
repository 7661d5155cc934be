// Issue 11 end to end: a supervisor connects his workspace to the team database in Settings →
// 团队同步, and his review fills as an analyst (another machine, here a session in this process)
// syncs; a codebook entry changed on both sides becomes a conflict that he settles in the list.
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { WorkspaceInfo } from '../../src/shared/api'
import { startCouchServer, type CouchServer } from '../support/couch-server'
import { joinTeam, openMember, spans, type Member } from '../support/sync-members'
import { launchWorkbench, type LaunchedWorkbench } from './harness'
import { dragSelect, openDocument, saveScreenshot, tempDir } from './helpers'

let server: CouchServer | undefined
let supervisor: LaunchedWorkbench | undefined
let analyst: Member | undefined
test.afterEach(async () => {
  await supervisor?.close()
  await analyst?.close()
  await server?.stop()
})

test('the supervisor’s review fills as the analyst syncs; a conflict is settled in the list', async () => {
  test.setTimeout(120_000)
  server = await startCouchServer()
  await server.addAdmin('admin', 'admin-pw')
  await server.addUser('ana', 'ana-pw', ['analyst'])
  await server.addUser('wang', 'wang-pw', ['supervisor'])
  await server.createDatabase('team')

  analyst = await openMember('ana')
  await joinTeam(analyst, server.url, 'team', 'ana-pw')
  const { documentId, spans: chosen } = await spans(analyst, 3, 6)
  for (const span of chosen.slice(0, 2)) await analyst.call('annotations.create', { documentId, ...span, label: 'target' })
  await analyst.call('sync.run')

  supervisor = await launchWorkbench({ workspaceDir: join(await tempDir('sync-e2e'), 'sup') })
  const { page, session } = supervisor
  await session.dispatch('settings.update', { annotator: '王主任' })
  await page.reload()

  // Settings → 团队同步: the form, then the first sync.
  await page.getByRole('button', { name: '设置', exact: true }).click()
  const form = page.getByTestId('team-sync')
  await form.getByLabel('服务器地址').fill(server.url)
  await form.getByLabel('数据库').fill('team')
  await form.getByLabel('用户名').fill('wang')
  await form.getByLabel('密码', { exact: true }).fill('wang-pw')
  await form.getByRole('button', { name: '保存并同步' }).click()
  await expect(page.getByTestId('sync-state')).toContainText('已同步')
  await expect(page.getByTestId('sync-report')).toContainText(/接收 \d+ 项/)
  // The password went to the keychain interface, not into the workspace.
  const { readFile } = await import('node:fs/promises')
  expect(await readFile(join(session.workspace!.dir, 'sync', 'config.json'), 'utf8')).not.toContain('wang-pw')
  await saveScreenshot(page, 'sync-settings')

  // 审阅: her layer is a source named after her.
  await page.getByRole('button', { name: '审阅', exact: true }).click()
  const sources = page.getByTestId('review-sources')
  await expect(sources).toContainText('ana')
  await expect(sources.getByText(/ana.*· 2$/)).toBeVisible()

  // She annotates once more and syncs; Ctrl+Shift+S on his side brings it in.
  await analyst.call('annotations.create', { documentId, ...chosen[2], label: 'commitment' })
  await analyst.call('sync.run')
  await page.keyboard.press('Control+Shift+S')
  await expect(page.getByTestId('review-sources').getByText(/ana.*· 3$/)).toBeVisible()
  await expect(page.getByTestId('sync-state')).toContainText('已同步')
  await saveScreenshot(page, 'sync-review-filled')

  // Both rename the same indicator while apart: a conflict, both versions kept.
  const key = 'tech-contract-turnover'
  const info = await session.dispatch('workspace.info', {})
  const indicators = info.ok ? (info.value as WorkspaceInfo).indicators : []
  const indicator = indicators.find((entry) => entry.key === key) ?? indicators[0] ?? null
  expect(indicator).not.toBeNull()
  await analyst.call('indicators.save', { indicator: { ...indicator!, name: `${indicator!.name}（分析员）` } })
  await session.dispatch('indicators.save', { indicator: { ...indicator!, name: `${indicator!.name}（主任）` } })
  await analyst.call('sync.run')
  await page.keyboard.press('Control+Shift+S')
  await expect(page.getByTestId('sync-state')).toContainText('冲突 1')

  await page.getByRole('button', { name: '设置', exact: true }).click()
  const list = page.getByTestId('sync-conflicts')
  await expect(list).toContainText(`ind:${indicator!.key}`)
  await expect(list).toContainText('（分析员）')
  await expect(list).toContainText('（主任）')
  await list.scrollIntoViewIfNeeded()
  await saveScreenshot(page, 'sync-conflict')
  const other = list.locator('li[data-winner="false"]')
  const kept = (await other.locator('span').first().textContent())!
  await other.getByRole('button', { name: '保留此版本' }).click()
  await expect(page.getByText('没有冲突。')).toBeVisible()
  const after = await session.dispatch('workspace.info', {})
  expect(after.ok && (after.value as WorkspaceInfo).indicators.find((entry) => entry.key === indicator!.key)?.name).toBe(kept.split(' (')[0])

  // The choice travels: after both sync, the analyst has it too and no conflict is left.
  await page.keyboard.press('Control+Shift+S')
  await expect(page.getByTestId('sync-state')).toContainText('已同步')
  const settled = await analyst.call('sync.run')
  expect(settled.conflicts).toBe(0)
  expect((await analyst.call('workspace.info')).indicators.find((entry) => entry.key === indicator!.key)?.name).toBe(kept.split(' (')[0])

  // He tags a span in the reader; once saving is quiet the edit goes out without a keypress.
  await openDocument(page, '2018 年工作总结和 2019 年工作安排')
  await dragSelect(page, '新增高新技术企业超过 2000 家')
  await page.keyboard.press('2')
  await expect(page.getByTestId('save-state')).toHaveText('已保存')
  await expect
    .poll(
      async () => {
        await analyst!.call('sync.run')
        return (await analyst!.call('sources.list')).find((source) => source.name === 'wang')?.annotationCount ?? 0
      },
      { timeout: 40_000, intervals: [2_000] },
    )
    .toBe(1)
})
