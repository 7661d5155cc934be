// Six processes open one workspace over a stale lock at the same moment (issue 14, item 5):
// exactly one may become its writer, and whatever the winner acknowledged must survive.
// `npm test`: a few rounds; `npm run chaos`: at least 40.
import { spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createWorkspace } from '../../src/main/services/workbench-session'
import { LOCK_FILE } from '../../src/main/services/workspace-lock'
import { WorkspaceStore } from '../../src/main/services/workspace-store'
import { seedsDir, tempDir } from '../support/paths'
import { startWorker, type Worker } from './processes'
import { reportFigure, scenarioTimeout, trials } from './scale'

const PROCESSES = 6
const workers: Worker[] = []
afterAll(async () => {
  for (const worker of workers) worker.child.kill('SIGKILL')
  await Promise.all(workers.map((worker) => worker.exited))
})

/** A pid on this host that no process has any more: the owner of a lock left by a crash. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'])
  await new Promise((done) => child.on('exit', done))
  return child.pid!
}

/** The worker's answer to `open`: acquired (then its acknowledged annotation) or refused. */
async function answer(worker: Worker): Promise<{ acquired: boolean; created?: string; line: string }> {
  const line = await worker.nextLine()
  if (line !== 'acquired') return { acquired: false, line }
  const created = await worker.nextLine()
  return { acquired: true, created: created.split(' ')[2], line }
}

describe('six processes opening over a stale lock at once', () => {
  it(
    'never make two writers and lose no acknowledged edit',
    async () => {
      const store = await createWorkspace(join(await tempDir('race'), 'ws'), seedsDir)
      const dir = store.dir
      const documentId = store.documents[0].id
      await store.close()
      for (let i = 0; i < PROCESSES; i++) workers.push(startWorker('race', dir))
      // All started and listening, so that `open` reaches them at the same moment.
      expect(await Promise.all(workers.map((worker) => worker.nextLine()))).toEqual(Array(PROCESSES).fill('ready'))
      const started = Date.now()
      const rounds = trials(5, 40)
      let twoWriters = 0
      let noWriter = 0
      const acknowledged: string[] = []
      for (let round = 0; round < rounds; round++) {
        const pid = await deadPid()
        await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid, host: hostname(), since: new Date(Date.now() - 60_000).toISOString() }))
        const answers = Promise.all(workers.map(answer))
        for (const worker of workers) worker.send('open')
        const results = await answers
        const winners = results.filter((result) => result.acquired)
        if (winners.length > 1) twoWriters++
        if (winners.length === 0) noWriter++
        for (const result of results) if (!result.acquired) expect(result.line).toMatch(/^refused WORKSPACE_LOCKED$/)
        for (const winner of winners) if (winner.created) acknowledged.push(winner.created)
        const closed = workers.filter((_, i) => results[i].acquired).map((worker) => worker.nextLine())
        for (const [i, worker] of workers.entries()) if (results[i].acquired) worker.send('close')
        await Promise.all(closed)
      }
      const after = await WorkspaceStore.open(dir)
      const present = new Set((await after.annotations(documentId)).map((annotation) => annotation.id))
      await after.close()
      const lost = acknowledged.filter((id) => !present.has(id)).length
      reportFigure('race: six openers over a stale lock', `two-writer rounds ${twoWriters} of ${rounds}; acknowledged edits lost ${lost} of ${acknowledged.length} (${Date.now() - started} ms)`)
      expect(twoWriters).toBe(0)
      expect(noWriter).toBe(0)
      expect(lost).toBe(0)
    },
    scenarioTimeout,
  )
})
