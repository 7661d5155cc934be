// Deletions travel as deletions (issue 11): a document deleted on one machine goes to the trash on
// every other, with the annotations on it leaving every member's layer; a restore brings it back.
import { describe, expect, it } from 'vitest'
import type { Annotation } from '../../src/shared/model'
import { deletedDocuments } from '../../src/main/services/document-trash'
import { teamSourceId } from '../../src/main/services/sync/team-sources'
import { teamSuite } from '../support/team-suite'

const team = teamSuite()

const member = (name: string) => team.join(name)

const ids = (annotations: readonly Annotation[]) => annotations.map((annotation) => annotation.id).sort()

describe('a document deleted on one machine', () => {
  it('leaves every machine with its annotations, into the trash, and comes back when restored', async () => {
    const ana = await member('ana')
    const sup = await member('sup')
    const [doomed, kept] = await ana.call('documents.list')
    const mine: Annotation[] = []
    for (const documentId of [doomed.id, kept.id]) {
      for (const start of [0, 10]) mine.push(await ana.call('annotations.create', { documentId, start, end: start + 4, label: 'target' }))
    }
    const his = await sup.call('annotations.create', { documentId: doomed.id, start: 20, end: 24, label: 'commitment' })
    await ana.call('sync.run')
    await sup.call('sync.run')
    await ana.call('sync.run')
    expect(ids(await sup.call('annotations.listAll', { source: teamSourceId('ana') }))).toEqual(ids(mine))
    expect(ids(await ana.call('annotations.listAll', { source: teamSourceId('sup') }))).toEqual([his.id])

    await ana.call('documents.delete', { id: doomed.id })
    expect((await ana.call('sync.run')).pending).toBe(0)
    const supPull = await sup.call('sync.run')
    expect(supPull.refused).toEqual([])
    expect((await sup.call('documents.list')).map((doc) => doc.id)).not.toContain(doomed.id)
    // He is told, in his language, which document went and where it is kept.
    const told = (await sup.call('workspace.info')).notices.filter((notice) => notice.code === 'DOCUMENT_DELETED_BY_TEAM')
    expect(told).toHaveLength(1)
    expect(told[0].message).toContain(doomed.title)
    // Kept in his trash with his annotation, as a deletion of his own would be.
    expect((await deletedDocuments(sup.session.workspace!)).map((doc) => doc.id)).toContain(doomed.id)
    expect(ids(await sup.call('annotations.listAll', { source: teamSourceId('ana') }))).toEqual(ids(mine.filter((one) => one.documentId === kept.id)))
    // The deletion of his annotation on it waits for his next sync, which sends it: her copy of his layer loses it.
    expect(supPull.pending).toBe(1)
    expect((await sup.call('sync.run')).pending).toBe(0)
    expect((await ana.call('sync.run')).refused).toEqual([])
    expect(await ana.call('annotations.listAll', { source: teamSourceId('sup') })).toEqual([])

    await ana.call('documents.restore', { id: doomed.id })
    await ana.call('sync.run')
    await sup.call('sync.run')
    expect((await sup.call('documents.list')).map((doc) => doc.id)).toContain(doomed.id)
    expect(ids(await sup.call('annotations.listAll', { source: teamSourceId('ana') }))).toEqual(ids(mine))
  })
})
