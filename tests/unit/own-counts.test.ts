// The workspace's entry in the source list ("本工作区 (n)") counts accepted annotations per
// document without reading the workspace's annotations into memory (issue 13: on 2 million
// annotations listing the sources held them all), and follows every save and removal.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SourceStore } from '../../src/main/services/sources'
import { WorkbenchSession } from '../../src/main/services/workbench-session'
import { WorkspaceStore } from '../../src/main/services/workspace-store'
import { WORKSPACE_SOURCE_ID } from '../../src/shared/review'
import { seedsDir, tempDir } from '../support/paths'

const stores: WorkspaceStore[] = []
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
})

/** A workspace of `documents` short documents with `perDocument` accepted annotations each, closed. */
async function generateWorkspace(dir: string, documents: number, perDocument: number): Promise<void> {
  const store = await WorkspaceStore.create(dir)
  const text = '到2020年，技术合同成交额达到1000亿元，高新技术企业数量突破1万家。'
  const added = await store.addDocuments(
    Array.from({ length: documents }, (_, n) => ({ fileName: `${n}.txt`, text: `第${n}号文件\n${text}`, format: 'txt', encoding: 'utf-8' })),
  )
  for (const { document } of added) {
    for (let i = 0; i < perDocument; i++) await store.createAnnotation({ documentId: document.id, start: i % 10, end: (i % 10) + 4, label: i % 2 ? 'target' : 'achievement' })
  }
  await store.close()
}

async function open(dir: string): Promise<WorkspaceStore> {
  const store = await WorkspaceStore.open(dir)
  stores.push(store)
  return store
}

/** What the entry should say, from every annotation read whole. */
async function expected(store: WorkspaceStore): Promise<{ annotationCount: number; documentIds: string[] }> {
  const all = (await store.allAnnotations()).filter((annotation) => annotation.status === 'accepted')
  return { annotationCount: all.length, documentIds: store.documents.map((d) => d.id).filter((id) => all.some((a) => a.documentId === id)) }
}

async function workspaceEntry(sources: SourceStore) {
  const entry = (await sources.list()).find((source) => source.id === WORKSPACE_SOURCE_ID)!
  return { annotationCount: entry.annotationCount, documentIds: entry.documentIds }
}

describe('the workspace entry of the source list', () => {
  it('is counted without keeping any annotation file in memory', async () => {
    const dir = join(await tempDir('own-counts'), 'ws')
    await generateWorkspace(dir, 6, 15)
    const store = await open(dir)
    const listed = await workspaceEntry(new SourceStore(store))
    for (const document of store.documents) expect(store.loadedAnnotationCount(document.id)).toBeNull()
    expect(listed).toEqual(await expected(store))
    expect(listed.annotationCount).toBeGreaterThan(0)
  })

  it('follows creates, status changes, deletions and a removed document, also in a second source store', async () => {
    const dir = join(await tempDir('own-counts'), 'ws')
    await generateWorkspace(dir, 4, 5)
    const store = await open(dir)
    const sources = new SourceStore(store)
    await workspaceEntry(sources)
    const [first, second, third] = store.documents
    const created = await store.createAnnotation({ documentId: first.id, start: 0, end: 2, label: 'target' })
    expect(await workspaceEntry(sources)).toEqual(await expected(store))
    await store.updateAnnotation(first.id, created.id, { status: 'rejected' })
    const [some] = await store.annotations(second.id)
    await store.deleteAnnotation(second.id, some.id)
    expect(await workspaceEntry(sources)).toEqual(await expected(store))
    // Every accepted annotation of one document rejected: it is no longer named.
    await store.updateAnnotationsWhere(third.id, () => true, () => ({ status: 'rejected' }))
    const afterReject = await workspaceEntry(new SourceStore(store))
    expect(afterReject.documentIds).not.toContain(third.id)
    expect(afterReject).toEqual(await expected(store))
    await store.removeDocumentRecord(first.id, async () => {})
    expect(await workspaceEntry(sources)).toEqual(await expected(store))
  })

  it('gives the library its counts (annotations.countAll), and the counts follow an edit', async () => {
    const dir = join(await tempDir('own-counts'), 'ws')
    await generateWorkspace(dir, 3, 4)
    const session = new WorkbenchSession({ seedsDir, dialogs: { chooseFolder: async () => null, chooseFiles: async () => [] } })
    try {
      await session.start(dir)
      const counts = async (op: 'documents.list' | 'annotations.countAll') => {
        const listed = await session.dispatch(op, {})
        if (!listed.ok) throw new Error(listed.error.message)
        return (listed.value as Array<{ id: string; annotationCount: number | null }>)
      }
      expect((await counts('documents.list')).map((doc) => doc.annotationCount)).toEqual([null, null, null])
      const counted = await counts('annotations.countAll')
      expect(counted.map((doc) => doc.annotationCount)).toEqual([4, 4, 4])
      const created = await session.dispatch('annotations.create', { documentId: counted[1].id, start: 0, end: 3, label: 'target' })
      expect(created.ok).toBe(true)
      expect((await counts('documents.list')).map((doc) => doc.annotationCount)).toEqual([4, 5, 4])
    } finally {
      await session.close()
    }
  })
})
