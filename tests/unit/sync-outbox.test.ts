// The outbox under random sequences of saves, pushes and restarts (fast-check): a key leaves
// only when a push carried the version of it that was marked, and everything marked survives a
// restart; and the keys a save marks are exactly the annotations it changed.
import { rm, writeFile } from 'node:fs/promises'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Annotation } from '../../src/shared/model'
import { annotationChanges } from '../../src/shared/sync/changes'
import { SyncOutbox, type OutboxSnapshot } from '../../src/main/services/sync/outbox'
import { syncPaths } from '../../src/main/services/sync/paths'
import { tempDir } from '../support/paths'

const keys = fc.constantFrom('a:0123456789abcdef:1', 'a:0123456789abcdef:2', 'l:target', 'i:gdp', 'd:0123456789abcdef')
type Step = { op: 'record'; keys: string[] } | { op: 'snapshot' } | { op: 'push' } | { op: 'restart' } | { op: 'markAll' }
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('record' as const), keys: fc.array(keys, { minLength: 1, maxLength: 3 }) }),
  fc.constant({ op: 'snapshot' as const }),
  fc.constant({ op: 'push' as const }),
  fc.constant({ op: 'restart' as const }),
  fc.constant({ op: 'markAll' as const }),
)

describe('the sync outbox', () => {
  it('forgets a key only when a push carried the version that was marked, and survives restarts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        const dir = await tempDir('outbox')
        try {
          let outbox = await SyncOutbox.open(dir)
          // The model: each key's version; a snapshot copies them, a push forgets those still at the copied version.
          const versions = new Map<string, number>()
          let full = false
          let fullVersion = 0
          let clock = 0
          let taken: { snapshot: OutboxSnapshot; versions: Map<string, number>; full: boolean; fullVersion: number } | null = null
          for (const current of steps) {
            if (current.op === 'record') {
              await outbox.record(current.keys)
              for (const key of current.keys) versions.set(key, ++clock)
            } else if (current.op === 'markAll') {
              await outbox.markAll()
              full = true
              fullVersion = ++clock
            } else if (current.op === 'snapshot') {
              taken = { snapshot: await outbox.snapshot(), versions: new Map(versions), full, fullVersion }
            } else if (current.op === 'push' && taken) {
              await outbox.clear(taken.snapshot)
              for (const [key, version] of taken.versions) if (versions.get(key) === version) versions.delete(key)
              if (taken.full && taken.fullVersion === fullVersion) full = false
              taken = null
            } else if (current.op === 'restart') {
              outbox = await SyncOutbox.open(dir)
              // A snapshot taken before the restart is of another process: the push it belonged to never finished.
              taken = null
            }
            const now = await outbox.snapshot()
            expect([...now.entries.keys()].sort()).toEqual([...versions.keys()].sort())
            expect(now.full).toBe(full)
          }
        } finally {
          await rm(dir, { recursive: true, force: true })
        }
      }),
      {
        numRuns: 100,
        // Found by this property: a restart gave the sequence of the next markAll to the one on disk, so a push forgot the later one.
        examples: [[[{ op: 'markAll' }, { op: 'restart' }, { op: 'snapshot' }, { op: 'markAll' }, { op: 'push' }]]],
      },
    )
  }, 60_000)

  it('an unreadable outbox counts everything as changed rather than nothing', async () => {
    const dir = await tempDir('outbox-damaged')
    const outbox = await SyncOutbox.open(dir)
    await outbox.record(['l:target'])
    await writeFile(syncPaths(dir).outbox, '{"schemaVersion":1,"full":fal')
    const reopened = await SyncOutbox.open(dir)
    expect(reopened.full).toBe(true)
  })
})

const base: Annotation = {
  id: 'x',
  documentId: '0123456789abcdef',
  start: 0,
  end: 1,
  quote: 'a',
  prefix: '',
  suffix: '',
  label: 'target',
  attributes: {},
  links: [],
  status: 'accepted',
  author: '',
  createdAt: '',
  updatedAt: '',
}

describe('what a save marks', () => {
  it('is exactly the annotations it added, replaced or removed', () => {
    const edit = fc.record({ kind: fc.constantFrom('add', 'replace', 'remove', 'keep'), id: fc.integer({ min: 0, max: 8 }) })
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 8 })), fc.array(edit, { maxLength: 12 }), (ids, edits) => {
        const before = ids.map((id) => ({ ...base, id: String(id) }))
        let after = [...before]
        const touched = new Set<string>()
        for (const { kind, id } of edits) {
          const key = String(id)
          const present = after.some((annotation) => annotation.id === key)
          if (kind === 'add' && !present) after = [...after, { ...base, id: key }]
          else if (kind === 'replace' && present) after = after.map((annotation) => (annotation.id === key ? { ...annotation, updatedAt: 'now' } : annotation))
          else if (kind === 'remove' && present) after = after.filter((annotation) => annotation.id !== key)
          else continue
          touched.add(key)
        }
        // A key touched and then put back is still marked (identity changed): marking too much is safe, too little is not.
        const marked = new Set(annotationChanges('0123456789abcdef', before, after).map((key) => key.split(':')[2]))
        const beforeById = new Map(before.map((annotation) => [annotation.id, annotation]))
        const afterById = new Map(after.map((annotation) => [annotation.id, annotation]))
        for (const id of new Set([...beforeById.keys(), ...afterById.keys()])) {
          if (beforeById.get(id) !== afterById.get(id)) expect(marked.has(id)).toBe(true)
        }
        for (const id of marked) expect(touched.has(id)).toBe(true)
      }),
    )
  })
})
