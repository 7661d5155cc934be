// SIGKILL a workbench process in the middle of its work, reopen, and check that every
// operation it ACKNOWLEDGED is there and the store is valid (issue 14, item 5).
// `npm test`: a few trials per scenario; `npm run chaos`: at least 20.
import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exportAnnotations } from '../../src/main/services/exchange'
import { SourceStore } from '../../src/main/services/sources'
import { TEMP_MARKER } from '../../src/main/services/durable-file'
import { createWorkspace } from '../../src/main/services/workbench-session'
import { WorkspaceStore } from '../../src/main/services/workspace-store'
import { seedsDir, tempDir } from '../support/paths'
import { killAfter, random, startWorker } from './processes'
import { reportFigure, scenarioTimeout, trials } from './scale'

/** Notices a crash may leave; anything else (a damaged file, a missing text) is a failure. */
const EXPECTED_AFTER_CRASH = new Set(['STALE_LOCK_REMOVED', 'DOCUMENTS_REATTACHED'])

async function newWorkspace(prefix: string): Promise<string> {
  const store = await createWorkspace(join(await tempDir(prefix), 'ws'), seedsDir)
  await store.close()
  return store.dir
}

async function tempFilesIn(dir: string): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(dir, { recursive: true })) if (String(entry).includes(TEMP_MARKER)) found.push(String(entry))
  return found
}

/** Opens after the crash and checks what every scenario must hold: a valid store, all texts, no leftovers. */
async function reopenValid(dir: string): Promise<WorkspaceStore> {
  const store = await WorkspaceStore.open(dir)
  await store.annotationsOfEveryDocument()
  expect(store.notices.filter((notice) => !EXPECTED_AFTER_CRASH.has(notice.code))).toEqual([])
  for (const doc of store.documents) expect((await store.text(doc.id)).length).toBe(doc.textLength)
  expect(await tempFilesIn(dir)).toEqual([])
  return store
}

interface Scenario {
  name: string
  mode: string
  /** Kill after up to this many acknowledged operations in the long run (30 in the short one). */
  longAcks: number
  prepare: (dir: string) => Promise<string[]>
  /** Acknowledged operations missing after reopening. */
  lost: (store: WorkspaceStore, lines: string[]) => Promise<number>
}

const scenarios: Scenario[] = [
  {
    name: 'rapid annotation edits',
    mode: 'edits',
    longAcks: 400,
    prepare: async () => [],
    lost: async (store, lines) => {
      let lost = 0
      const acked = new Map<string, number>()
      for (const line of lines) {
        const [kind, documentId, id, round] = line.split(' ')
        const key = `${documentId} ${id}`
        if (kind === 'create' && !acked.has(key)) acked.set(key, -1)
        if (kind === 'update') acked.set(key, Number(round))
      }
      for (const [key, round] of acked) {
        const [documentId, id] = key.split(' ')
        const annotation = (await store.annotations(documentId)).find((candidate) => candidate.id === id)
        // An update acknowledged as round r leaves round r or a later one, never an earlier.
        if (!annotation || (round >= 0 && Number(String(annotation.attributes.note ?? 'r-1').slice(1)) < round)) lost++
      }
      return lost
    },
  },
  {
    name: 'document imports',
    mode: 'imports',
    longAcks: 60,
    prepare: async () => [],
    lost: async (store, lines) => lines.filter((line) => !store.documents.some((doc) => doc.id === line.split(' ')[1])).length,
  },
  {
    name: 'annotation imports',
    mode: 'annotation-imports',
    longAcks: 40,
    prepare: async (dir) => {
      // The file to import: a colleague's annotations of the same seeds, with the texts.
      const colleague = await createWorkspace(join(await tempDir('colleague'), 'ws'), seedsDir)
      for (const doc of colleague.documents) {
        const length = (await colleague.text(doc.id)).length
        for (let i = 0; i < 12; i++) {
          const start = Math.floor((length - 10) * (i / 12))
          await colleague.createAnnotation({ documentId: doc.id, start, end: start + 6, label: i % 2 ? 'target' : 'achievement' })
        }
      }
      const exported = await exportAnnotations(colleague, new SourceStore(colleague), { format: 'json', sourceId: 'workspace', includeText: true, annotator: '同事' })
      await colleague.close()
      const file = join(dir, '..', 'colleague.pwb.json')
      await writeFile(file, exported.bytes)
      return [file]
    },
    lost: async (store, lines) => {
      const sources = new SourceStore(store)
      let lost = 0
      for (const line of lines) {
        const [, id, count] = line.split(' ')
        const annotations = await sources.annotations(id).catch(() => null)
        if (!annotations || annotations.length !== Number(count)) lost++
      }
      return lost
    },
  },
]

describe('SIGKILL during work loses no acknowledged operation', () => {
  for (const scenario of scenarios) {
    it(
      scenario.name,
      async () => {
        const dir = await newWorkspace(`crash-${scenario.mode}`)
        const args = await scenario.prepare(dir)
        const count = trials(2, 20)
        const next = random(0xc0ffee + scenario.mode.length)
        let acknowledged = 0
        let lost = 0
        for (let trial = 0; trial < count; trial++) {
          const worker = startWorker(scenario.mode, dir, ...args)
          await killAfter(worker, 1 + Math.floor(next() * trials(30, scenario.longAcks)), Math.floor(next() * 40))
          const store = await reopenValid(dir)
          acknowledged += worker.lines.length
          lost += await scenario.lost(store, worker.lines)
          await store.close()
        }
        reportFigure(`crash: ${scenario.name}`, `acknowledged operations lost ${lost} of ${acknowledged} over ${count} trials`)
        expect(lost).toBe(0)
      },
      scenarioTimeout,
    )
  }
})
