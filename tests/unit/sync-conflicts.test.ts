// Conflicts, never lost: the same record changed on two machines between syncs keeps both
// versions, every machine shows the same winner, and the other stays retrievable until resolved.
import { describe, expect, it } from 'vitest'
import { chooseWinner } from '../../src/shared/sync/conflicts'
import { SourceStore } from '../../src/main/services/sources'
import { memorySecrets, SyncService } from '../../src/main/services/sync/sync-service'
import { teamSuite } from '../support/team-suite'
import { joinTeam, openMember, spans, type Member } from '../support/sync-members'

const team = teamSuite()

/** One analyst, two laptops: the same user name, two workspaces. */
async function laptop(): Promise<Member> {
  const opened = await openMember('ana')
  team.keep(opened)
  await joinTeam(opened, team.server.url)
  return opened
}

describe('the same annotation edited on two laptops while apart', () => {
  it('keeps both versions, shows the same winner on both, and lets her pick the other', async () => {
    const office = await laptop()
    const field = await laptop()
    const { documentId, spans: [span] } = await spans(office, 1)
    const annotation = await office.call('annotations.create', { documentId, ...span, label: 'target', attributes: { value: 1 } })
    await office.call('sync.run')
    await field.call('sync.run')
    // Her own layer from the other laptop is her own annotation here, not a source.
    expect((await field.call('annotations.list', { documentId })).map((entry) => entry.id)).toEqual([annotation.id])
    expect((await field.call('sources.list')).filter((source) => source.kind === 'imported')).toEqual([])

    await office.call('annotations.update', { documentId, id: annotation.id, attributes: { value: 100, note: 'office' } })
    await field.call('annotations.update', { documentId, id: annotation.id, attributes: { value: 200, note: 'field' } })
    await office.call('sync.run')
    const fieldReport = await field.call('sync.run')
    expect(fieldReport.conflicts).toBe(1)
    const officeReport = await office.call('sync.run')
    expect(officeReport.conflicts).toBe(1)

    const shown = async (member: Member) => (await member.call('annotations.list', { documentId }))[0].attributes.note
    expect(await shown(office)).toBe(await shown(field))
    const winnerNote = await shown(office)

    const [conflict] = await office.call('sync.conflicts')
    expect(conflict.id).toBe(`ann:ana:${annotation.id}`)
    expect(conflict.kind).toBe('annotation')
    const notes = conflict.versions.map((version) => (version.body?.type === 'annotation' ? version.body.annotation.attributes.note : null))
    expect(notes.sort()).toEqual(['field', 'office'])
    expect(conflict.versions.find((version) => version.winner)!.body).toMatchObject({ annotation: { attributes: { note: winnerNote } } })
    expect((await office.call('sync.status')).state).toBe('conflicts')
    // The pure rule picks what PouchDB picked.
    expect(chooseWinner(conflict.versions.map((version) => ({ rev: version.rev }))).winner.rev).toBe(conflict.versions.find((version) => version.winner)!.rev)

    // Still there after another sync, on both machines, until she decides.
    await field.call('sync.run')
    expect(await field.call('sync.conflicts')).toHaveLength(1)

    const loser = conflict.versions.find((version) => !version.winner)!
    const remaining = await office.call('sync.resolve', { id: conflict.id, rev: loser.rev })
    expect(remaining).toEqual([])
    const loserNote = winnerNote === 'office' ? 'field' : 'office'
    expect(await shown(office)).toBe(loserNote)
    expect((await office.call('sync.status')).pending).toBeGreaterThan(0)

    await office.call('sync.run')
    const settled = await field.call('sync.run')
    expect(settled.conflicts).toBe(0)
    expect(await field.call('sync.conflicts')).toEqual([])
    expect(await shown(field)).toBe(loserNote)
    expect((await field.call('annotations.list', { documentId }))).toHaveLength(1)
    expect(await office.call('sync.status')).toMatchObject({ state: 'synced', pending: 0, conflicts: 0 })
  })

  it('a deletion on one laptop and an edit on the other: the edit survives (CouchDB prefers a live version) and nothing is lost', async () => {
    const office = await laptop()
    const field = await laptop()
    const { documentId, spans: [, span] } = await spans(office, 2)
    const annotation = await office.call('annotations.create', { documentId, ...span, label: 'commitment' })
    await office.call('sync.run')
    await field.call('sync.run')
    await office.call('annotations.delete', { documentId, id: annotation.id })
    await field.call('annotations.update', { documentId, id: annotation.id, attributes: { note: 'kept' } })
    await office.call('sync.run')
    await field.call('sync.run')
    await office.call('sync.run')
    for (const member of [office, field]) {
      const found = (await member.call('annotations.list', { documentId })).find((entry) => entry.id === annotation.id)
      expect(found?.attributes.note, member.dir).toBe('kept')
    }
  })

  it('an edit made while a sync pulls another version of the same annotation becomes a conflict, not a silent overwrite', async () => {
    const office = await openMember('ana')
    team.keep(office)
    const store = office.session.workspace!
    const sources = new SourceStore(store)
    let editDuringSync: (() => Promise<void>) | null = null
    // The office laptop syncs through a service whose pull waits for an edit made mid-sync.
    const service = new SyncService(store, () => sources, memorySecrets(), async () => {
      await editDuringSync?.()
      editDuringSync = null
    })
    try {
      await service.configure({ url: team.server.url, db: 'team', user: 'ana', allowHttp: false })
      const { documentId, spans: [, , span] } = await spans(office, 3)
      const annotation = await office.call('annotations.create', { documentId, ...span, label: 'target' })
      await service.run()
      const field = await laptop()
      await field.call('sync.run')
      await field.call('annotations.update', { documentId, id: annotation.id, attributes: { note: 'field' } })
      await field.call('sync.run')

      editDuringSync = async () => {
        await office.call('annotations.update', { documentId, id: annotation.id, attributes: { note: 'office' } })
      }
      await service.run()
      // Her edit stands on this laptop; the next sync sends it beside the field laptop's version.
      expect((await office.call('annotations.list', { documentId })).find((entry) => entry.id === annotation.id)?.attributes.note).toBe('office')
      const report = await service.run()
      expect(report.conflicts).toBe(1)
      await field.call('sync.run')
      for (const conflicts of [await service.conflicts(), await field.call('sync.conflicts')]) {
        const found = conflicts.find((conflict) => conflict.id === `ann:ana:${annotation.id}`)
        expect(found?.versions.map((version) => (version.body?.type === 'annotation' ? version.body.annotation.attributes.note : null)).sort()).toEqual(['field', 'office'])
      }
    } finally {
      await service.close()
    }
  })

  it('refuses to resolve a version that is not in conflict', async () => {
    const office = await laptop()
    const failure = await office.fail('sync.resolve', { id: 'ann:ana:nothing', rev: '1-abc' })
    expect(failure.code).toBe('SYNC_CONFLICT_NOT_FOUND')
  })
})
