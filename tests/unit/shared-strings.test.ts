// Annotations read from their files share repeated strings and one empty link list (the store
// bench's memory): what is read stays equal to the file, and editing such an annotation — adding a
// link to one read with none — works and saves.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Annotation, AnnotationFile } from '../../src/shared/model'
import { ANNOTATIONS_DIR, WorkspaceStore } from '../../src/main/services/workspace-store'
import { SharedStrings, shareAnnotationStrings } from '../../src/main/services/shared-strings'
import { seedsDir, tempDir } from '../support/paths'
import { createWorkspace } from '../../src/main/services/workbench-session'

describe('annotations read with shared strings', () => {
  it('keeps every value as the file holds it', () => {
    const make = (n: number): Annotation => ({
      id: `a${n}`, documentId: 'd'.repeat(16), start: n, end: n + 2, quote: 'xy', prefix: '', suffix: '', label: 'target',
      attributes: n % 2 ? { indicator: 'gdp', unit: '%', comparator: '>' } : {}, links: n === 3 ? [{ type: 'same-as', annotationId: 'a1', documentId: 'd'.repeat(16) }] : [],
      status: 'accepted', author: '张三', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: n % 2 ? '2026-01-01T00:00:00.000Z' : '2026-02-01T00:00:00.000Z',
    })
    const read = Array.from({ length: 5 }, (_, n) => make(n))
    const shared = shareAnnotationStrings('d'.repeat(16), structuredClone(read), new SharedStrings())
    expect(shared).toEqual(read)
    expect(shared[3].links).toEqual(read[3].links)
  })

  it('edits an annotation read with no links: the link is added and saved', async () => {
    const dir = join(await tempDir('shared-strings'), 'ws')
    let store = await createWorkspace(dir, seedsDir)
    const [doc, other] = store.documents
    const first = await store.createAnnotation({ documentId: doc.id, start: 0, end: 4, label: 'target' })
    const second = await store.createAnnotation({ documentId: other.id, start: 0, end: 4, label: 'achievement' })
    await store.close()
    store = await WorkspaceStore.open(dir)
    const [read] = await store.annotations(doc.id)
    expect(read.links).toEqual([])
    const link = { type: 'evidence-for' as const, annotationId: second.id, documentId: other.id }
    await store.updateAnnotation(doc.id, first.id, { links: [link] })
    await store.close()
    const file = JSON.parse(await readFile(join(dir, ANNOTATIONS_DIR, `${doc.id}.json`), 'utf8')) as AnnotationFile
    expect(file.annotations[0].links).toEqual([link])
  })
})
