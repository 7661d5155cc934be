// The workspace lock (issue 14, item 1): taking over a stale lock is atomic; a lock from
// another host or an unverifiable process is taken over only when the user says so; read-only
// commands need no lock at all.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../src/main/services/app-error'
import { createWorkspace, WorkbenchSession } from '../../src/main/services/workbench-session'
import { LOCK_FILE } from '../../src/main/services/workspace-lock'
import { WorkspaceStore } from '../../src/main/services/workspace-store'
import type { WorkspaceInfo } from '../../src/shared/api'
import { seedsDir, tempDir } from '../support/paths'
import { cli } from './run-cli'

const open: WorkspaceStore[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()))
})

/** A process that is alive but is no workbench: what a reused pid looks like. */
let bystander: ChildProcess
beforeAll(() => {
  bystander = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], { stdio: 'ignore' })
})
afterAll(() => {
  bystander.kill('SIGKILL')
})

async function workspace(prefix: string): Promise<string> {
  const store = await createWorkspace(join(await tempDir(prefix), 'ws'), seedsDir)
  await store.close()
  return store.dir
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    (store) => {
      if (store instanceof WorkspaceStore) open.push(store)
      return null
    },
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

const lockAt = (dir: string, owner: Record<string, unknown>) => writeFile(join(dir, LOCK_FILE), JSON.stringify(owner))

describe('a lock from another computer', () => {
  it('is not taken silently: the error says whose lock it is and how to take it over', async () => {
    const dir = await workspace('elsewhere')
    await lockAt(dir, { pid: 4242, host: 'laptop-of-li', since: '2026-11-20T08:00:00.000Z' })
    const error = await refusal(WorkspaceStore.open(dir))
    expect(error.code).toBe('WORKSPACE_LOCKED_ELSEWHERE')
    expect(error.params).toMatchObject({ pid: 4242, host: 'laptop-of-li', since: '2026-11-20T08:00:00.000Z' })
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).host).toBe('laptop-of-li')
  })

  it('is taken over when the user chooses to, with a notice naming the old owner', async () => {
    const dir = await workspace('elsewhere-force')
    await lockAt(dir, { pid: 4242, host: 'laptop-of-li', since: '2026-11-20T08:00:00.000Z' })
    const store = await WorkspaceStore.open(dir, { forceUnlock: true })
    open.push(store)
    expect(store.notices).toEqual([expect.objectContaining({ code: 'LOCK_TAKEN_OVER', params: { pid: 4242, host: 'laptop-of-li', since: '2026-11-20T08:00:00.000Z' } })])
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid)
  })
})

describe('a lock whose pid is running but may not be the workbench', () => {
  it('asks when the process cannot be confirmed (an old lock without start time)', async () => {
    const dir = await workspace('uncertain')
    await lockAt(dir, { pid: bystander.pid, host: hostname(), since: '2026-11-20T08:00:00.000Z' })
    const error = await refusal(WorkspaceStore.open(dir))
    expect(error.code).toBe('WORKSPACE_LOCK_UNCERTAIN')
    const store = await WorkspaceStore.open(dir, { forceUnlock: true })
    open.push(store)
    expect(store.notices[0]).toMatchObject({ code: 'LOCK_TAKEN_OVER', params: { pid: bystander.pid } })
  })

  it.runIf(existsSync('/proc/self/stat'))('takes it over when the pid now belongs to a process started later (reused)', async () => {
    const dir = await workspace('reused')
    await lockAt(dir, { pid: bystander.pid, host: hostname(), since: '2026-11-20T08:00:00.000Z', started: Date.parse('2026-11-20T08:00:00.000Z') })
    const store = await WorkspaceStore.open(dir)
    open.push(store)
    expect(store.notices[0]).toMatchObject({ code: 'STALE_LOCK_REMOVED', params: { pid: bystander.pid } })
  })

  it('takes over a lock carrying this very pid that this process does not hold (left by an earlier process)', async () => {
    const dir = await workspace('own-pid')
    await lockAt(dir, { pid: process.pid, host: hostname(), since: '2026-11-20T08:00:00.000Z', token: 'from-before-the-reboot' })
    const store = await WorkspaceStore.open(dir)
    open.push(store)
    expect(store.notices[0]).toMatchObject({ code: 'STALE_LOCK_REMOVED' })
  })
})

describe('a live workbench', () => {
  it('is never taken over, even when forced, and the message does not send the user to a window', async () => {
    const dir = await workspace('live')
    const holder = await WorkspaceStore.open(dir)
    open.push(holder)
    const error = await refusal(WorkspaceStore.open(dir, { forceUnlock: true }))
    expect(error.code).toBe('WORKSPACE_LOCKED')
    const session = new WorkbenchSession({ seedsDir, dialogs: { chooseFolder: async () => null, chooseFiles: async () => [] } })
    expect(session.toApiError(error).message).not.toMatch(/close that window|关闭那个窗口/i)
  })
})

describe('taking over a stale lock', () => {
  it('lets exactly one of many concurrent openers in', async () => {
    const dir = await workspace('race')
    let doubleWriters = 0
    for (let round = 0; round < 15; round++) {
      await lockAt(dir, { pid: 999_999_999, host: hostname(), since: '2026-11-20T08:00:00.000Z' })
      const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => WorkspaceStore.open(dir)))
      const winners = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []))
      if (winners.length !== 1) doubleWriters++
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ code: 'WORKSPACE_LOCKED' })
      }
      await Promise.all(winners.map((store) => store.close()))
    }
    expect(doubleWriters).toBe(0)
  })

  it('closing releases only its own lock, never one taken over from it', async () => {
    const dir = await workspace('release')
    const first = await WorkspaceStore.open(dir)
    // Another computer takes the workspace over (the user said so there).
    await lockAt(dir, { pid: 7, host: 'other-host', since: '2026-11-26T09:00:00.000Z', token: 'theirs' })
    await first.close()
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).token).toBe('theirs')
  })
})

describe('the app asks, then opens again with force', () => {
  it('workspace.open { forceUnlock } re-opens the refused folder without asking for it again', async () => {
    const dir = await workspace('app-force')
    await lockAt(dir, { pid: 4242, host: 'laptop-of-li', since: '2026-11-20T08:00:00.000Z' })
    let asked = 0
    const session = new WorkbenchSession({
      seedsDir,
      dialogs: { chooseFolder: async () => (asked++, dir), chooseFiles: async () => [] },
    })
    const refused = await session.dispatch('workspace.open', {})
    expect(refused).toMatchObject({ ok: false, error: { code: 'WORKSPACE_LOCKED_ELSEWHERE' } })
    if (!refused.ok) expect(refused.error.message).toContain('laptop-of-li')
    const opened = await session.dispatch('workspace.open', { forceUnlock: true })
    await session.close()
    expect(asked).toBe(1)
    if (!opened.ok) throw new Error(opened.error.message)
    expect((opened.value as WorkspaceInfo).notices.map((notice) => notice.code)).toEqual(['LOCK_TAKEN_OVER'])
  })
})

describe('taking over what the user was shown', () => {
  it('does not take over a different lock made after the question was asked', async () => {
    const dir = await workspace('app-changed')
    await lockAt(dir, { pid: 4242, host: 'laptop-of-li', since: '2026-11-20T08:00:00.000Z' })
    const session = new WorkbenchSession({ seedsDir, dialogs: { chooseFolder: async () => dir, chooseFiles: async () => [] } })
    expect(await session.dispatch('workspace.open', {})).toMatchObject({ ok: false })
    // Meanwhile someone opened it on a third computer.
    await lockAt(dir, { pid: 77, host: 'desktop-of-zhao', since: '2026-11-26T10:00:00.000Z' })
    const second = await session.dispatch('workspace.open', { forceUnlock: true })
    await session.close()
    expect(second).toMatchObject({ ok: false, error: { code: 'WORKSPACE_LOCKED_ELSEWHERE', params: { host: 'desktop-of-zhao' } } })
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).host).toBe('desktop-of-zhao')
  })
})

describe('the command line', () => {
  it('reads (list, compare, export) while the app holds the workspace, and says it took no lock', async () => {
    const dir = await workspace('cli-read')
    const app = await WorkspaceStore.open(dir)
    open.push(app)
    const listed = await cli('list', dir, '--lang', 'en')
    expect(listed.code).toBe(0)
    expect(listed.stdout).toContain('5 document(s)')
    expect(listed.stderr).toMatch(/without taking the workspace lock/)
    const json = JSON.parse((await cli('list', dir, '--json', '--lang', 'en')).stdout) as { openedWithoutLock?: boolean; notices?: string[] }
    expect(json.openedWithoutLock).toBe(true)
    expect(json.notices?.[0]).toMatch(/read-only/)
    expect((await cli('compare', dir, '--json')).code).toBe(0)
    const out = join(await tempDir('cli-read-out'), 'all.csv')
    expect((await cli('annotations', 'export', dir, '--format', 'csv', '--out', out, '--annotator', '分析员')).code).toBe(0)
    // The app's lock is untouched.
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid)
  })

  it('refuses a write over a lock from another computer, naming it, and takes it with --force-unlock', async () => {
    const dir = await workspace('cli-force')
    await lockAt(dir, { pid: 4242, host: 'laptop-of-li', since: '2026-11-20T08:00:00.000Z' })
    const file = join(await tempDir('cli-force-doc'), 'doc.txt')
    await writeFile(file, '关于某某工作的通知\n\n今年完成造林面积一百万亩。')
    const refused = await cli('import', dir, file, '--lang', 'en')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/laptop-of-li/)
    expect(refused.stderr).toMatch(/--force-unlock/)
    const forced = await cli('import', dir, file, '--force-unlock', '--lang', 'en')
    expect(forced.code).toBe(0)
    expect(forced.stderr).toMatch(/process 4242 on laptop-of-li/)
  })
})
