// Two team members syncing through a CouchDB-protocol server: the analyst's layer becomes her
// source on the supervisor's machine, the codebook and the curated set travel back.
import { describe, expect, it } from 'vitest'
import type { Annotation } from '../../src/shared/model'
import { teamSuite } from '../support/team-suite'
import { joinTeam, openMember, spans, type Member } from '../support/sync-members'

const team = teamSuite({ database: null })

async function member(name: string): Promise<Member> {
  const opened = await openMember(name)
  team.keep(opened)
  return opened
}

describe('a team of an analyst and a supervisor', () => {
  it('shows the analyst’s annotations as her source on the supervisor’s side, and sends the codebook and curated set back', async () => {
    await team.server.createDatabase('team')
    const ana = await member('ana')
    const sup = await member('sup')
    await joinTeam(ana, team.server.url)
    await joinTeam(sup, team.server.url)

    const { documentId, spans: chosen } = await spans(ana, 3)
    const made: Annotation[] = []
    for (const span of chosen) made.push(await ana.call('annotations.create', { documentId, ...span, label: 'target' }))
    // A proposal she has not accepted stays on her machine.
    const suggestion = await ana.call('suggest.document', { documentId })
    expect(suggestion.added.length).toBeGreaterThan(0)

    const first = await ana.call('sync.run')
    expect(first.pending).toBe(0)
    expect(first.pushed).toBeGreaterThan(3)
    expect(first.refused).toEqual([])

    await sup.call('indicators.save', { indicator: { key: 'team-indicator', name: '团队指标', aliases: ['团队'], unit: '项', higherIsBetter: true } })
    const supSync = await sup.call('sync.run')
    expect(supSync.pulled).toBeGreaterThanOrEqual(3)
    expect(supSync.conflicts).toBe(0)

    const sources = await sup.call('sources.list')
    const layer = sources.find((source) => source.name === 'ana')
    expect(layer).toMatchObject({ kind: 'imported', annotationCount: 3, documentIds: [documentId] })
    // Her workspace's own annotations are not the supervisor's: his own source is untouched.
    expect(sources.find((source) => source.id === 'workspace')?.annotationCount).toBe(0)
    // Her layer is a source like any other: the views that take a source read it, and it can be adopted.
    expect((await sup.call('annotations.listAll', { source: layer!.id })).map((annotation) => annotation.id).sort()).toEqual(made.map((annotation) => annotation.id).sort())
    expect((await sup.call('sources.adoptPreview', { source: layer!.id })).source.name).toBe('ana')

    // He has a layer of his own too (elsewhere in the document).
    const { text } = await sup.call('documents.get', { id: documentId })
    await sup.call('annotations.create', { documentId, start: text.length - 4, end: text.length - 2, label: 'commitment' })
    // The supervisor reviews her layer against his own work and settles a unit.
    const review = await sup.call('review.units', { documentId, sourceIds: ['workspace', layer!.id] })
    const unit = review.units.find((candidate) => candidate.members.some((entry) => entry.annotation.id === made[0].id))!
    await sup.call('review.decide', { documentId, sourceIds: ['workspace', layer!.id], unitKey: unit.key, action: 'accept', sourceId: layer!.id, spans: [{ start: unit.start, end: unit.end, label: unit.label, attributes: {} }] })
    await sup.call('sync.run')

    const back = await ana.call('sync.run')
    expect(back.pulled).toBeGreaterThanOrEqual(2)
    const info = await ana.call('workspace.info')
    expect(info.indicators.find((indicator) => indicator.key === 'team-indicator')?.name).toBe('团队指标')
    const curated = (await ana.call('sources.list')).find((source) => source.id === 'curated')
    expect(curated?.annotationCount).toBe(1)
    // His decision counts on her machine too: reviewing her own work against his layer, the unit is settled.
    const his = (await ana.call('sources.list')).find((source) => source.name === 'sup')!
    const hers = await ana.call('review.units', { documentId, sourceIds: ['workspace', his.id] })
    expect(hers.decisions).toHaveLength(1)
    expect(hers.decisions[0]).toMatchObject({ unitKey: `target|workspace/${made[0].id}`, sourceId: 'workspace' })
    expect(hers.progress.settled).toBe(1)
    // Nothing came back as a duplicate of what she had.
    const own = await ana.call('annotations.list', { documentId })
    expect(own.filter((annotation) => annotation.status === 'accepted').map((annotation) => annotation.id).sort()).toEqual(made.map((annotation) => annotation.id).sort())

    // A deletion travels as a tombstone and removes the annotation from her source over there.
    await ana.call('annotations.delete', { documentId, id: made[1].id })
    await ana.call('sync.run')
    await sup.call('sync.run')
    const after = (await sup.call('sources.list')).find((source) => source.name === 'ana')
    expect(after?.annotationCount).toBe(2)
    // A title corrected on one machine is corrected on the other.
    await sup.call('documents.updateMeta', { id: documentId, title: '更正后的标题', meta: { year: 2021 } })
    await sup.call('sync.run')
    await ana.call('sync.run')
    const corrected = (await ana.call('documents.list')).find((doc) => doc.id === documentId)
    expect(corrected).toMatchObject({ title: '更正后的标题', year: 2021 })
    const status = await sup.call('sync.status')
    expect(status).toMatchObject({ state: 'synced', pending: 0, conflicts: 0 })
    expect(status.lastSyncAt).not.toBeNull()
  })
})
