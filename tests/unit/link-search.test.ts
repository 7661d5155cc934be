// The link picker's search (annotations.search, issue 13) answers from the Annotations table's row
// index and reads only the documents holding a match: its answers equal the search over every
// annotation read whole (quote, indicator and document title, script-folded), proposals and
// rejected annotations included, after edits, with row files deleted, and after a title changes.
import { randomUUID } from 'node:crypto'
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Annotation, AnnotationFile } from '../../src/shared/model'
import { foldForMatching } from '../../src/shared/fold'
import { ROWS_DIR } from '../../src/main/services/annotation-rows/row-index'
import type { WorkbenchSession } from '../../src/main/services/workbench-session'
import { ANNOTATIONS_DIR } from '../../src/main/services/workspace-store'
import { seedsDir, tempDir } from '../support/paths'
import { call, sessionOpener } from '../support/session'

const open = sessionOpener(seedsDir)

const labels = ['target', 'achievement', 'commitment']

/** The seed workspace with `perDocument` annotations written into each file; every seventh a proposal, every eleventh rejected (when `unaccepted`). */
async function generated(perDocument = 40, unaccepted = true): Promise<string> {
  const dir = join(await tempDir('link-search'), 'ws')
  const session = await open(dir)
  const store = session.workspace!
  for (const doc of store.documents) {
    const text = await store.text(doc.id)
    const annotations: Annotation[] = Array.from({ length: perDocument }, (_, a) => {
      const start = (a * 97) % (text.length - 400)
      const end = start + 4 + (a % 10 === 0 ? 60 : a % 13)
      return {
        id: randomUUID(), documentId: doc.id, start, end, quote: text.slice(start, end), prefix: '', suffix: '', label: labels[a % 3],
        attributes: a % 2 === 0 ? { indicator: `indicator-${a % 7}`, value: a, unit: '亿元', periodYear: 2019 } : {},
        links: [], status: a % 7 === 3 ? 'suggested' : a % 11 === 5 ? 'rejected' : 'accepted', author: 'analyst', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
      }
    })
    // Proposals and rejected annotations only in some documents: the others are answered from their rows alone.
    const file: AnnotationFile = { schemaVersion: 1, documentId: doc.id, annotations: unaccepted && store.documents.indexOf(doc) % 2 === 0 ? annotations : annotations.map((annotation) => ({ ...annotation, status: 'accepted' })) }
    await writeFile(join(dir, ANNOTATIONS_DIR, `${doc.id}.json`), JSON.stringify(file))
  }
  await session.close()
  open.sessions.splice(0)
  return dir
}

/** The search as it was before issue 13: every annotation read whole, matched one by one. */
async function expected(session: WorkbenchSession, query: string, limit: number, excludeId?: string): Promise<Annotation[]> {
  const store = session.workspace!
  const wanted = foldForMatching(query.trim())
  if (wanted === '') return []
  const titles = new Map(store.documents.map((doc) => [doc.id, doc.title]))
  return (await store.allAnnotations())
    .filter((annotation) => annotation.id !== excludeId && foldForMatching(`${annotation.quote} ${annotation.attributes.indicator ?? ''} ${titles.get(annotation.documentId) ?? ''}`).includes(wanted))
    .slice(0, limit)
}

/** Queries of every kind: pieces of quotes, traditional and full-width forms, indicators, titles, across quote and indicator, nothing. */
async function queries(session: WorkbenchSession): Promise<string[]> {
  const store = session.workspace!
  const all = await store.allAnnotations()
  const picked = all.filter((_, at) => at % 23 === 0)
  const withIndicator = all.find((annotation) => annotation.attributes.indicator && annotation.quote.length > 4)!
  return [
    ...picked.map((annotation) => annotation.quote.slice(1, 4)),
    '亿元', '億元', '技術', '２０１９', 'INDICATOR-3', 'indicator-', store.documents[1].title.slice(2, 6),
    `${withIndicator.quote.slice(-2)} ${withIndicator.attributes.indicator!.slice(0, 5)}`,
    '  ', '这段文字不在任何标注里',
  ]
}

async function expectSameAnswers(session: WorkbenchSession): Promise<void> {
  const all = await session.workspace!.allAnnotations()
  for (const query of await queries(session)) {
    for (const limit of [3, 100]) {
      const want = await expected(session, query, limit)
      expect(await call<Annotation[]>(session, 'annotations.search', { query, limit }), `${query} (${limit})`).toEqual(want)
      if (want.length > 0) {
        const excludeId = want[0].id
        expect(await call<Annotation[]>(session, 'annotations.search', { query, limit, excludeId }), `${query} without the first`).toEqual(await expected(session, query, limit, excludeId))
      }
    }
  }
  expect(all.some((annotation) => annotation.status !== 'accepted')).toBe(true)
}

describe('the link picker search', () => {
  it('answers as the search over every annotation did, proposals and rejected ones included', async () => {
    const session = await open(await generated())
    await expectSameAnswers(session)
    // Found in a document whose other annotations are all accepted and one whose are not.
    const statuses = new Set((await call<Annotation[]>(session, 'annotations.search', { query: 'indicator-', limit: 100 })).map((annotation) => annotation.status))
    expect([...statuses].sort()).toEqual(['accepted', 'rejected', 'suggested'])
  })

  it('follows creates, edits, status changes and deletions, and row files deleted', async () => {
    const dir = await generated()
    let session = await open(dir)
    const store = session.workspace!
    await call(session, 'annotations.search', { query: '亿元', limit: 5 })
    for (const [n, doc] of store.documents.entries()) {
      const annotations = await store.annotations(doc.id)
      await call(session, 'annotations.update', { documentId: doc.id, id: annotations[n].id, status: 'suggested' })
      await call(session, 'annotations.update', { documentId: doc.id, id: annotations[n + 2].id, attributes: { indicator: 'tech-contract-turnover' } })
      await call(session, 'annotations.delete', { documentId: doc.id, id: annotations[n + 4].id })
      await call(session, 'annotations.create', { documentId: doc.id, start: 5 + n, end: 12 + n, label: 'commitment' })
    }
    // A document whose proposals were all accepted is answered from its rows again.
    const first = store.documents[0].id
    for (const annotation of await store.annotations(first)) {
      if (annotation.status !== 'accepted') await call(session, 'annotations.update', { documentId: first, id: annotation.id, status: 'accepted' })
    }
    await expectSameAnswers(session)
    await session.close()
    open.sessions.splice(0)
    await rm(join(dir, ROWS_DIR), { recursive: true, force: true })
    session = await open(dir)
    await expectSameAnswers(session)
  })

  it('finds a document by the title it has now, after it was renamed', async () => {
    const session = await open(await generated(10))
    const doc = session.workspace!.documents[2]
    expect(await call<Annotation[]>(session, 'annotations.search', { query: '第', limit: 100 })).toEqual(await expected(session, '第', 100))
    await call(session, 'documents.updateMeta', { id: doc.id, title: '改过的标题甲乙丙' })
    const found = await call<Annotation[]>(session, 'annotations.search', { query: '甲乙丙', limit: 100 })
    expect(found.map((annotation) => annotation.id)).toEqual((await session.workspace!.annotations(doc.id)).map((annotation) => annotation.id))
    expect(found.length).toBeGreaterThan(0)
  })

  it('reads only the documents holding a match, not every annotation file', async () => {
    const dir = await generated(40, false)
    const session = await open(dir)
    const store = session.workspace!
    const doc = store.documents[3]
    const found = await call<Annotation[]>(session, 'annotations.search', { query: doc.title, limit: 100 })
    expect(found.length).toBeGreaterThan(0)
    expect(new Set(found.map((annotation) => annotation.documentId))).toEqual(new Set([doc.id]))
    const loaded = store.documents.filter((other) => store.loadedAnnotationCount(other.id) !== null).map((other) => other.id)
    expect(loaded).toEqual([doc.id])
  })
})
