// A teammate's layer is kept one file per document (issue 11, source-layer.ts): a change writes
// only the documents it touches, the summary stays true across restarts and crashes, a layer
// written as one file by an earlier version is split without loss, and a damaged document file
// is restored from its kept version.
import { randomUUID } from 'node:crypto'
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Annotation } from '../../src/shared/model'
import { SOURCES_DIR, SOURCE_FILE_SCHEMA_VERSION, SourceStore } from '../../src/main/services/sources'
import { applyTeammateLayer, teamSourceId } from '../../src/main/services/sync/team-sources'
import { WorkspaceStore } from '../../src/main/services/workspace-store'
import { tempDir } from '../support/paths'

const stores: WorkspaceStore[] = []
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
})

async function workspace(): Promise<WorkspaceStore> {
  const store = await WorkspaceStore.create(join(await tempDir('source-layer'), 'ws'))
  stores.push(store)
  return store
}

async function reopen(store: WorkspaceStore): Promise<WorkspaceStore> {
  await store.close()
  stores.splice(stores.indexOf(store), 1)
  const again = await WorkspaceStore.open(store.dir)
  stores.push(again)
  return again
}

const documents = ['0000000000000001', '0000000000000002', '0000000000000003']

function annotation(documentId: string, n: number, label = 'target'): Annotation {
  const at = '2026-11-26T00:00:00.000Z'
  return { id: randomUUID(), documentId, start: n, end: n + 2, quote: 'xx', prefix: '', suffix: '', label, attributes: {}, links: [], status: 'accepted', author: 'ana', createdAt: at, updatedAt: at }
}

/** Ten annotations on each document, applied as one pull would. */
async function filled(store: WorkspaceStore): Promise<{ sources: SourceStore; made: Annotation[] }> {
  const sources = new SourceStore(store)
  const made = documents.flatMap((documentId) => Array.from({ length: 10 }, (_, n) => annotation(documentId, n)))
  await applyTeammateLayer(sources, 'ana', 'team', { upserts: made, deletions: [] })
  return { sources, made }
}

const layerFolder = (store: WorkspaceStore) => join(store.dir, SOURCES_DIR, `${teamSourceId('ana')}.layer`)
const fileOf = (store: WorkspaceStore, documentId: string) => join(layerFolder(store), `${teamSourceId('ana')}-${documentId}.json`)
const ids = (annotations: readonly Annotation[]) => annotations.map((one) => one.id).sort()

describe('a teammate’s layer, one file per document', () => {
  it('rewrites only the documents a change touches, and its summary stays true after a restart', async () => {
    let store = await workspace()
    const { sources, made } = await filled(store)
    expect((await readdir(layerFolder(store))).filter((name) => name.endsWith('.json'))).toHaveLength(3)
    const untouched = await stat(fileOf(store, documents[1]))
    const edited = { ...made[0], label: 'commitment' }
    await applyTeammateLayer(sources, 'ana', 'team', { upserts: [edited, annotation(documents[0], 50)], deletions: [made[25].id] })

    expect(await stat(fileOf(store, documents[1]))).toMatchObject({ ino: untouched.ino, mtimeMs: untouched.mtimeMs })
    // The source file itself holds no annotations any more: the documents' files do.
    const header = JSON.parse(await readFile(join(store.dir, SOURCES_DIR, `${teamSourceId('ana')}.json`), 'utf8'))
    expect(header.annotations).toEqual([])

    store = await reopen(store)
    const again = new SourceStore(store)
    const summary = (await again.list()).find((source) => source.id === teamSourceId('ana'))
    expect(summary).toMatchObject({ name: 'ana', annotationCount: 30, documentIds: documents })
    const all = await again.annotations(teamSourceId('ana'))
    expect(ids(all)).toEqual(ids([...made.filter((one) => one.id !== made[25].id), all.find((one) => one.start === 50)!]))
    expect(all.find((one) => one.id === made[0].id)?.label).toBe('commitment')
    expect(ids(await again.annotations(teamSourceId('ana'), documents[2]))).toEqual(ids(made.slice(20).filter((one) => one.id !== made[25].id)))
  })

  it('keeps a reader’s copy true, and drops the file and the document of a layer emptied by deletions', async () => {
    const store = await workspace()
    const { sources, made } = await filled(store)
    const before = await sources.annotations(teamSourceId('ana'))
    await applyTeammateLayer(sources, 'ana', 'team', { upserts: [], deletions: made.slice(10, 20).map((one) => one.id) })
    const after = await sources.annotations(teamSourceId('ana'))
    expect(after).not.toBe(before)
    expect(ids(after)).toEqual(ids([...made.slice(0, 10), ...made.slice(20)]))
    await expect(stat(fileOf(store, documents[1]))).rejects.toMatchObject({ code: 'ENOENT' })
    expect((await sources.summary(teamSourceId('ana'))).documentIds).toEqual([documents[0], documents[2]])
  })

  it('counts the summary again from the files when the app stopped between the documents and the source file', async () => {
    let store = await workspace()
    const { sources, made } = await filled(store)
    const crash = new Error('the app stopped here')
    await expect(
      sources.updateLayer(
        teamSourceId('ana'),
        () => {
          throw crash
        },
        new Map([[documents[0], { upserts: [annotation(documents[0], 60), annotation(documents[0], 61)], deletions: [made[1].id] }]]),
      ),
    ).rejects.toBe(crash)
    store = await reopen(store)
    const again = new SourceStore(store)
    expect((await again.summary(teamSourceId('ana'))).annotationCount).toBe(31)
    expect(await again.annotations(teamSourceId('ana'))).toHaveLength(31)
  })

  it('splits a layer an earlier version kept as one file on its first change, losing nothing', async () => {
    let store = await workspace()
    const made = documents.flatMap((documentId) => Array.from({ length: 4 }, (_, n) => annotation(documentId, n)))
    const id = teamSourceId('ana')
    const oneFile = { schemaVersion: SOURCE_FILE_SCHEMA_VERSION, id, name: 'ana', kind: 'imported', fileName: 'team', format: 'team-sync', importedAt: '2026-11-25T00:00:00.000Z', annotations: made, problems: [], decisions: [] }
    await mkdir(join(store.dir, SOURCES_DIR), { recursive: true })
    await writeFile(join(store.dir, SOURCES_DIR, `${id}.json`), JSON.stringify(oneFile))
    store = await reopen(store)
    const sources = new SourceStore(store)
    expect(await sources.annotations(id)).toHaveLength(12)
    const added = annotation(documents[2], 9)
    await applyTeammateLayer(sources, 'ana', 'team', { upserts: [added], deletions: [made[0].id] })
    store = await reopen(store)
    const again = new SourceStore(store)
    expect(ids(await again.annotations(id))).toEqual(ids([...made.slice(1), added]))
    expect((await again.summary(id)).annotationCount).toBe(12)
    expect((await readdir(layerFolder(store))).filter((name) => name.endsWith('.json'))).toHaveLength(3)
  })

  it('restores a damaged document file from its kept version, with a notice', async () => {
    let store = await workspace()
    const { made } = await filled(store)
    await writeFile(fileOf(store, documents[1]), '{"schemaVersion":1,"documentId":"0000000000000002","annotations":[{"id":')
    store = await reopen(store)
    const again = new SourceStore(store)
    expect(ids(await again.annotations(teamSourceId('ana'), documents[1]))).toEqual(ids(made.slice(10, 20)))
    expect(store.notices.map((notice) => notice.code)).toContain('RECOVERED_FROM_BACKUP')
  })
})
