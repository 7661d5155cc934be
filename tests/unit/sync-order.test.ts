// A pull is applied in batches that hold a bounded amount of document text (sync-service.ts): an
// annotation that arrives in one batch while its document comes in a later one of the same sync is
// applied at the end of that sync, not refused until the next one.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Annotation, DocumentRecord, Indicator } from '../../src/shared/model'
import { annotationRecord, documentRecord, indicatorRecord, type SyncRecord } from '../../src/shared/sync/records'
import { teamSuite } from '../support/team-suite'
import { joinTeam, openMember } from '../support/sync-members'

const team = teamSuite()

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

/** A document record like the one `like` is, with another text. */
function documentLike(like: DocumentRecord, text: string, title: string): { record: SyncRecord; id: string } {
  const hash = sha256(text)
  return { record: documentRecord({ ...like, sha256: hash, textLength: text.length, title }, text), id: hash.slice(0, 16) }
}

const filler = (n: number): SyncRecord =>
  indicatorRecord({ key: `filler-${n}`, name: `填充指标 ${n}`, aliases: [], unit: '项', higherIsBetter: true } as Indicator)

describe('a pull whose annotation comes before its document', () => {
  it('applies it in the same sync', async () => {
    const sup = await openMember('sup')
    team.keep(sup)
    await joinTeam(sup, team.server.url)
    const like = sup.session.workspace!.documents[0]
    // A text of two million characters ends a batch of the pull; the annotation's document comes
    // after a thousand other records (a replication batch: within one, records may come in id order).
    const first = documentLike(like, '甲'.repeat(2_000_001), '长文')
    const thirdText = '第三份文件：到二〇三〇年完成目标。'.repeat(20)
    const third = documentLike(like, thirdText, '短文')
    const at = '2026-11-26T00:00:00.000Z'
    const late: Annotation = { id: 'late-1', documentId: third.id, start: 0, end: 5, quote: thirdText.slice(0, 5), prefix: '', suffix: thirdText.slice(5, 37), label: 'target', attributes: {}, links: [], status: 'accepted', author: 'bob', createdAt: at, updatedAt: at }
    const feed: SyncRecord[] = [first.record, annotationRecord('bob', late)!, ...Array.from({ length: 1000 }, (_, n) => filler(n)), third.record]
    const written = await team.server.request('POST', '/team/_bulk_docs', { docs: feed.map((record) => ({ _id: record.id, ...record.body })) })
    expect(written.status).toBe(201)

    const report = await sup.call('sync.run')
    expect(report.refused).toEqual([])
    const bob = (await sup.call('sources.list')).find((source) => source.name === 'bob')
    expect(bob).toMatchObject({ annotationCount: 1, documentIds: [third.id] })
    expect((await sup.call('documents.list')).map((doc) => doc.id)).toEqual(expect.arrayContaining([first.id, third.id]))
    expect((await sup.call('sync.status')).pending).toBe(0)
  })
})
