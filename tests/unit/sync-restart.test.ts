// A teammate's layer kept across a restart of the app (issue 11): after reopening, the source
// list is read from its summary index, not from the source file; a later sync that brings one
// changed annotation of hers must add to her layer, not replace the layer with that one change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { teamSourceId } from '../../src/main/services/sync/team-sources'
import type { Annotation } from '../../src/shared/model'
import { startCouchServer, type CouchServer } from '../support/couch-server'
import { joinTeam, openMember, spans, type Member } from '../support/sync-members'

let server: CouchServer
const members: Member[] = []
beforeAll(async () => {
  server = await startCouchServer()
  await server.createDatabase('team')
}, 30_000)
afterAll(async () => {
  await Promise.all(members.splice(0).map((member) => member.close()))
  await server.stop()
})

describe('a teammate’s layer after a restart', () => {
  it('keeps every annotation of hers when the next sync brings one edit', async () => {
    const ana = await openMember('ana')
    members.push(ana)
    let sup = await openMember('sup')
    await joinTeam(ana, server.url)
    await joinTeam(sup, server.url)
    const { documentId, spans: chosen } = await spans(ana, 3)
    const made: Annotation[] = []
    for (const span of chosen) made.push(await ana.call('annotations.create', { documentId, ...span, label: 'target' }))
    await ana.call('sync.run')
    await sup.call('sync.run')
    expect((await sup.call('annotations.listAll', { source: teamSourceId('ana') })).length).toBe(3)

    // The supervisor's app is closed and opened again.
    await sup.close()
    sup = await openMember('sup', sup.dir)
    members.push(sup)

    await ana.call('annotations.update', { documentId, id: made[0].id, label: 'commitment' })
    await ana.call('sync.run')
    expect((await sup.call('sync.run')).pulled).toBe(1)
    const layer = await sup.call('annotations.listAll', { source: teamSourceId('ana') })
    expect(layer.map((annotation) => annotation.id).sort()).toEqual(made.map((annotation) => annotation.id).sort())
    expect(layer.find((annotation) => annotation.id === made[0].id)?.label).toBe('commitment')
    expect((await sup.call('sources.list')).find((source) => source.name === 'ana')?.annotationCount).toBe(3)
  })
})
