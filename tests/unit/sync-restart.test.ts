// A teammate's layer kept across a restart of the app (issue 11): after reopening, the source
// list is read from its summary index, not from the source file; a later sync that brings one
// changed annotation of hers must add to her layer, not replace the layer with that one change.
// And a push that starts after what the last pull brought (sync-state.ts, pushFrom) still sends
// everything when the team database was made anew under the same name.
import { describe, expect, it } from 'vitest'
import { teamSourceId } from '../../src/main/services/sync/team-sources'
import type { Annotation } from '../../src/shared/model'
import { teamSuite } from '../support/team-suite'
import { joinTeam, openMember, spans } from '../support/sync-members'

const team = teamSuite()

describe('a teammate’s layer after a restart', () => {
  it('keeps every annotation of hers when the next sync brings one edit', async () => {
    const ana = await openMember('ana')
    team.keep(ana)
    let sup = await openMember('sup')
    await joinTeam(ana, team.server.url)
    await joinTeam(sup, team.server.url)
    const { documentId, spans: chosen } = await spans(ana, 3)
    const made: Annotation[] = []
    for (const span of chosen) made.push(await ana.call('annotations.create', { documentId, ...span, label: 'target' }))
    await ana.call('sync.run')
    await sup.call('sync.run')
    expect((await sup.call('annotations.listAll', { source: teamSourceId('ana') })).length).toBe(3)

    // The supervisor's app is closed and opened again.
    await sup.close()
    sup = await openMember('sup', sup.dir)
    team.keep(sup)

    await ana.call('annotations.update', { documentId, id: made[0].id, label: 'commitment' })
    await ana.call('sync.run')
    expect((await sup.call('sync.run')).pulled).toBe(1)
    const layer = await sup.call('annotations.listAll', { source: teamSourceId('ana') })
    expect(layer.map((annotation) => annotation.id).sort()).toEqual(made.map((annotation) => annotation.id).sort())
    expect(layer.find((annotation) => annotation.id === made[0].id)?.label).toBe('commitment')
    expect((await sup.call('sources.list')).find((source) => source.name === 'ana')?.annotationCount).toBe(3)
  })
})

describe('a team database made anew under the same name', () => {
  it('receives every record again from a member whose last sync pulled records', async () => {
    await team.server.createDatabase('again')
    const ana = await openMember('ana2')
    const sup = await openMember('sup2')
    team.keep(ana, sup)
    await joinTeam(ana, team.server.url, 'again')
    await joinTeam(sup, team.server.url, 'again')
    const { documentId, spans: chosen } = await spans(ana, 2)
    for (const span of chosen) await ana.call('annotations.create', { documentId, ...span, label: 'target' })
    await ana.call('sync.run')
    expect((await sup.call('sync.run')).pulled).toBeGreaterThanOrEqual(2)
    const count = async () => ((await team.server.request('GET', '/again')).json as { doc_count: number }).doc_count
    const before = await count()

    expect((await team.server.request('DELETE', '/again')).status).toBe(200)
    await team.server.createDatabase('again')
    expect(await count()).toBe(0)
    const report = await sup.call('sync.run')
    expect(report.pending).toBe(0)
    // Everything his replica holds, the analyst's layer he pulled included, is on the server again.
    expect(await count()).toBe(before)
  })
})
