// An annotation's links both ways (annotations.links, issue 13) without every annotation of the
// workspace in memory: the answers equal those computed from every annotation read whole, after
// links are made, removed and their ends deleted, after reopening, and only the documents at the
// other ends are read.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Annotation, AnnotationLink } from '../../src/shared/model'
import type { AnnotationLinksResult } from '../../src/shared/api'
import type { WorkbenchSession } from '../../src/main/services/workbench-session'
import { seedsDir, tempDir } from '../support/paths'
import { call, sessionOpener } from '../support/session'

const open = sessionOpener(seedsDir)

/** The links as they were computed before issue 13: from every annotation read whole. */
async function expected(session: WorkbenchSession, annotation: Annotation): Promise<AnnotationLinksResult> {
  const all = await session.workspace!.allAnnotations()
  const current = all.find((candidate) => candidate.id === annotation.id)!
  const byId = new Map(all.map((candidate) => [candidate.id, candidate]))
  return {
    outgoing: current.links.map((link) => ({ link, target: byId.get(link.annotationId) ?? null })),
    incoming: all.flatMap((from) => from.links.filter((link) => link.annotationId === annotation.id).map((link) => ({ link, from }))),
  }
}

async function link(session: WorkbenchSession, from: Annotation, to: Annotation, type: AnnotationLink['type']): Promise<Annotation> {
  const current = (await session.workspace!.annotations(from.documentId)).find((candidate) => candidate.id === from.id)!
  return call<Annotation>(session, 'annotations.update', { documentId: from.documentId, id: from.id, links: [...current.links, { type, annotationId: to.id, documentId: to.documentId }] })
}

describe('an annotation’s links', () => {
  it('equal those found among every annotation, through edits, deletions and a reopening, reading only the documents linked', async () => {
    const dir = join(await tempDir('annotation-links'), 'ws')
    let session = await open(dir)
    const docs = session.workspace!.documents
    const made: Annotation[] = []
    for (const [n, doc] of docs.entries()) {
      for (let i = 0; i < 3; i++) made.push(await call<Annotation>(session, 'annotations.create', { documentId: doc.id, start: 10 * i + n, end: 10 * i + n + 6, label: i === 0 ? 'target' : 'achievement' }))
    }
    const [target, second] = made
    await link(session, made[4], target, 'evidence-for')
    await link(session, made[7], target, 'same-as')
    await link(session, made[8], target, 'evidence-for')
    await link(session, target, made[10], 'follow-up-of')
    await link(session, target, made[5], 'same-as')
    await link(session, made[13], second, 'evidence-for')
    const check = async () => {
      for (const annotation of made) {
        const stillThere = (await session.workspace!.annotations(annotation.documentId)).some((candidate) => candidate.id === annotation.id)
        if (!stillThere) continue
        expect(await call(session, 'annotations.links', { documentId: annotation.documentId, id: annotation.id }), annotation.id).toEqual(await expected(session, annotation))
      }
    }
    await check()
    const found = await call<AnnotationLinksResult>(session, 'annotations.links', { documentId: target.documentId, id: target.id })
    expect(found.incoming.map((entry) => entry.from.id)).toEqual([made[4].id, made[7].id, made[8].id])
    expect(found.outgoing.map((entry) => entry.target?.id)).toEqual([made[10].id, made[5].id])
    // An end deleted: the link shows it gone, the incoming link is no more.
    await call(session, 'annotations.delete', { documentId: made[10].documentId, id: made[10].id })
    await call(session, 'annotations.delete', { documentId: made[7].documentId, id: made[7].id })
    await call(session, 'annotations.update', { documentId: made[8].documentId, id: made[8].id, links: [] })
    await check()
    await session.close()
    open.sessions.splice(0)

    session = await open(dir)
    await call(session, 'annotations.countAll', {})
    await call(session, 'annotations.links', { documentId: second.documentId, id: second.id })
    const store = session.workspace!
    const loaded = store.documents.filter((doc) => store.loadedAnnotationCount(doc.id) !== null).map((doc) => doc.id)
    expect(loaded.sort()).toEqual([second.documentId, made[13].documentId].sort())
    await check()
  })
})
