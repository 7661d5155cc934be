// Syncs cut short (issue 11): the connection dropped in the middle of a push (a loopback proxy
// cuts it after a random number of bytes: the in-memory test server would lose its data if
// killed, a real CouchDB would not, so the cut is made in the network), and the syncing process
// itself killed with SIGKILL. After recovery every local edit is on the server and on the other
// member's machine, exactly once, and the sync state reads back whole.
import { spawn } from 'node:child_process'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli } from '../unit/run-cli'
import { startCouchServer, type CouchServer } from '../support/couch-server'
import { startFlakyProxy, type FlakyProxy } from '../support/flaky-proxy'
import { projectRoot } from '../support/paths'
import { addAcceptedInBulk, joinTeam, openMember, type Member } from '../support/sync-members'
import { reportFigure, scenarioTimeout, trials } from './scale'

let server: CouchServer
let proxy: FlakyProxy
let supervisor: Member
beforeAll(async () => {
  server = await startCouchServer()
  await server.createDatabase('team')
  proxy = await startFlakyProxy(server.port)
  supervisor = await openMember('sup')
  await joinTeam(supervisor, server.url)
}, 60_000)
afterAll(async () => {
  await supervisor?.close()
  await proxy?.close()
  await server?.stop()
})

const annotationCount = trials(300, 5000)

async function layerOnServer(user: string): Promise<string[]> {
  const rows = (await server.request('GET', `/team/_all_docs?startkey="ann:${user}:"&endkey="ann:${user}:\uffff"`)).json as { rows: Array<{ id: string }> }
  return rows.rows.map((row) => row.id)
}

async function expectEverywhere(user: string, count: number): Promise<void> {
  const ids = await layerOnServer(user)
  expect(ids).toHaveLength(count)
  expect(new Set(ids).size).toBe(count)
  await supervisor.call('sync.run')
  const source = (await supervisor.call('sources.list')).find((candidate) => candidate.name === user)
  expect(source?.annotationCount).toBe(count)
}

describe('a push cut in the middle', () => {
  it('resumes on the next sync: everything arrives once, nothing is corrupt', async () => {
    const runs = trials(2, 10)
    let cuts = 0
    const pushTimes: number[] = []
    const pullTimes: number[] = []
    for (let run = 0; run < runs; run++) {
      const user = `cut${run}`
      const analyst = await openMember(user)
      try {
        await addAcceptedInBulk(analyst, annotationCount)
        await joinTeam(analyst, proxy.url)
        // Somewhere between the first request and half of the push (≈ 700 bytes per annotation).
        proxy.breakAfter(2_000 + Math.floor(Math.random() * annotationCount * 350))
        const first = await analyst.session.dispatch('sync.run', {})
        if (proxy.broken) {
          cuts++
          expect(first.ok).toBe(false)
          if (!first.ok) expect(['SYNC_UNREACHABLE', 'SYNC_BAD_RESPONSE']).toContain(first.error.code)
          expect((await analyst.call('sync.status')).pending).toBeGreaterThan(0)
        }
        proxy.heal()
        const resumedAt = Date.now()
        const second = await analyst.call('sync.run')
        pushTimes.push(Date.now() - resumedAt)
        expect(second.pending).toBe(0)
        expect(second.rejected).toEqual([])
        const pulledAt = Date.now()
        await expectEverywhere(user, annotationCount)
        pullTimes.push(Date.now() - pulledAt)
        // Nothing left over: a further sync has nothing to send.
        expect((await analyst.call('sync.run')).pushed).toBe(0)
      } finally {
        proxy.heal()
        await analyst.close()
      }
    }
    reportFigure('sync push cut mid-way', `${cuts} of ${runs} pushes of ${annotationCount} annotations cut, all resumed`)
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
    reportFigure('sync resumed push, median', `${median(pushTimes)} ms for ${annotationCount} annotations`)
    reportFigure('sync teammate pulls the layer, median', `${median(pullTimes)} ms for ${annotationCount} annotations`)
    expect(cuts).toBeGreaterThan(0)
  }, scenarioTimeout)
})

describe('the syncing process killed', () => {
  it('SIGKILL during a sync: the next sync resumes from its checkpoint and nothing is corrupt', async () => {
    const runs = trials(2, 6)
    let killedMidSync = 0
    const reachedBeforeKill: number[] = []
    for (let run = 0; run < runs; run++) {
      const user = `killed${run}`
      const analyst = await openMember(user)
      await addAcceptedInBulk(analyst, annotationCount)
      await joinTeam(analyst, server.url)
      await analyst.close()

      const child = spawn(process.execPath, [join(projectRoot, 'bin/policy-workbench.js'), 'sync', analyst.dir, '--json'], { stdio: 'ignore' })
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
      // Wait for the replica to exist (the sync has started), then kill it at a random moment.
      const mirror = join(analyst.dir, 'sync', 'mirror')
      const deadline = Date.now() + 60_000
      while (Date.now() < deadline && child.exitCode === null) {
        if (await stat(mirror).then(() => true, () => false)) break
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      if (run % 2 === 0) {
        // While the replica is being filled from the workspace.
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 600)))
      } else {
        // While the push is under way: some of the layer is on the server, not all.
        const target = 1 + Math.floor(Math.random() * (annotationCount / 2))
        while (child.exitCode === null && Date.now() < deadline && (await layerOnServer(user)).length < target) {
          await new Promise((resolve) => setTimeout(resolve, 50))
        }
      }
      if (child.exitCode === null) {
        child.kill('SIGKILL')
        killedMidSync++
      }
      await exited
      const onServerBefore = (await layerOnServer(user)).length
      reachedBeforeKill.push(onServerBefore)

      const resumed = await cli('sync', analyst.dir, '--json')
      expect(resumed.code, resumed.stderr).toBe(0)
      expect(JSON.parse(resumed.stdout)).toMatchObject({ pending: 0, conflicts: 0, rejected: [] })
      // Resumed, not started over: what the killed run had sent is not sent again.
      expect(JSON.parse(resumed.stdout).pushed).toBeLessThanOrEqual(annotationCount + 100 - onServerBefore)
      await expectEverywhere(user, annotationCount)

      const reopened = await openMember(user, analyst.dir)
      try {
        const notices = (await reopened.call('workspace.info')).notices.map((notice) => notice.code)
        expect(notices.filter((code) => code !== 'STALE_LOCK_REMOVED')).toEqual([])
        expect((await reopened.call('annotations.listAll')).filter((annotation) => annotation.status === 'accepted')).toHaveLength(annotationCount)
        expect(await reopened.call('sync.status')).toMatchObject({ state: 'synced', pending: 0 })
      } finally {
        await reopened.close()
      }
    }
    reportFigure('sync process SIGKILLed', `${killedMidSync} of ${runs} syncs of ${annotationCount} annotations killed mid-way, all resumed; annotations on the server at the kill: ${reachedBeforeKill.join(', ')}`)
  }, scenarioTimeout)
})
