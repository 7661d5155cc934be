// The store keeps the annotation files views read for the documents used last, not every file it
// ever read (issue 13): a session editing every document of a 1,000-document workspace held all
// 200,000 annotations. A file let go is read again as its last save left it, even with saves racing.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { WorkspaceStore } from '../../src/main/services/workspace-store'
import { tempDir } from '../support/paths'

const stores: WorkspaceStore[] = []
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
})

/** A workspace of `documents` short documents, opened afresh (nothing read yet). */
async function workspaceOf(documents: number): Promise<WorkspaceStore> {
  const created = await WorkspaceStore.create(join(await tempDir('loaded-files'), 'ws'))
  const text = '到2020年，技术合同成交额达到1000亿元，高新技术企业数量突破1万家。'
  await created.addDocuments(Array.from({ length: documents }, (_, n) => ({ fileName: `${n}.txt`, text: `第${n}号文件\n${text}`, format: 'txt', encoding: 'utf-8' })))
  await created.close()
  const store = await WorkspaceStore.open(created.dir)
  stores.push(store)
  return store
}

function loaded(store: WorkspaceStore): string[] {
  return store.documents.filter((doc) => store.loadedAnnotationCount(doc.id) !== null).map((doc) => doc.id)
}

describe('annotation files in memory', () => {
  it('are those of the documents viewed last, however many were viewed and edited', async () => {
    const store = await workspaceOf(40)
    for (const doc of store.documents) {
      await store.annotations(doc.id)
      await store.createAnnotation({ documentId: doc.id, start: 0, end: 4, label: 'target' })
    }
    await store.flush()
    const kept = loaded(store)
    expect(kept.length).toBeGreaterThan(0)
    expect(kept.length).toBeLessThanOrEqual(16)
    // The last viewed stay, with their edits; the first were let go.
    expect(kept).toContain(store.documents.at(-1)!.id)
    expect(store.loadedAnnotationCount(store.documents.at(-1)!.id)).toBe(1)
    expect(kept).not.toContain(store.documents[0].id)
  })

  it('are kept for a document whose text the reader asked for, even once its file was let go', async () => {
    const store = await workspaceOf(40)
    const shown = store.documents[0].id
    await store.text(shown)
    for (const doc of store.documents.slice(1, 20)) await store.annotations(doc.id)
    await store.flush()
    expect(store.loadedAnnotationCount(shown)).toBeNull()
    await store.createAnnotation({ documentId: shown, start: 0, end: 4, label: 'target' })
    await store.flush()
    expect(store.loadedAnnotationCount(shown)).toBe(1)
  })

  it('are not kept for saves of documents no view has read (a batch over many documents)', async () => {
    const store = await workspaceOf(40)
    const viewed = store.documents.slice(0, 16).map((doc) => doc.id)
    for (const id of viewed) await store.annotations(id)
    for (const doc of store.documents.slice(16)) await store.createAnnotation({ documentId: doc.id, start: 0, end: 4, label: 'target' })
    await store.flush()
    // The files views read stay; the batch's saves push none of them out.
    expect(loaded(store)).toEqual(viewed)
    for (const doc of store.documents.slice(16)) expect((await store.annotations(doc.id)).map((annotation) => annotation.quote), doc.title).toEqual([(await store.text(doc.id)).slice(0, 4)])
  })

  it('let go and read again, hold every save, with saves to many documents at once', async () => {
    const store = await workspaceOf(40)
    const rounds = 3
    await Promise.all(
      Array.from({ length: rounds }, (_, round) =>
        Promise.all(store.documents.map((doc, n) => store.createAnnotation({ documentId: doc.id, start: (n + round) % 10, end: ((n + round) % 10) + 3, label: 'achievement' }))),
      ),
    )
    await store.flush()
    for (const doc of store.documents) expect((await store.annotations(doc.id)).length, doc.title).toBe(rounds)
    const reopened = await WorkspaceStore.open(store.dir, { withoutLock: true })
    for (const doc of reopened.documents) expect((await reopened.annotations(doc.id)).length, doc.title).toBe(rounds)
    await reopened.close()
  })
})
