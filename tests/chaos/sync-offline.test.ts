// Offline first (issue 11): two members edit while the server is down, then it comes up and both
// sync: every edit is on both machines, once. `npm test` runs 50 edits each, `npm run chaos` 500.
import { afterAll, describe, expect, it } from 'vitest'
import { freePort, startCouchServer } from '../support/couch-server'
import { addAcceptedInBulk, joinTeam, openMember, spread, type Member } from '../support/sync-members'
import { reportFigure, scenarioTimeout, trials } from './scale'

const members: Member[] = []
afterAll(async () => {
  await Promise.all(members.splice(0).map((member) => member.close()))
})

describe('editing while the server is down', () => {
  it('sends every edit of both members once the server is up, nothing duplicated', async () => {
    const edits = trials(50, 500)
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    const ana = await openMember('ana')
    const sup = await openMember('sup')
    members.push(ana, sup)
    await joinTeam(ana, url)
    await joinTeam(sup, url)

    // Each makes `edits` edits: creations, then some of them changed and some deleted.
    const expected = new Map<string, Map<string, number | undefined>>()
    for (const member of [ana, sup]) {
      const kept = new Map<string, number | undefined>()
      const made: Array<{ documentId: string; id: string }> = []
      const creations = Math.ceil(edits * 0.8)
      for (const span of await spread(member, creations)) {
        const annotation = await member.call('annotations.create', { ...span, label: member.name === 'ana' ? 'target' : 'achievement' })
        made.push({ documentId: span.documentId, id: annotation.id })
        kept.set(annotation.id, undefined)
      }
      const rest = edits - creations
      for (let index = 0; index < rest; index++) {
        const target = made[index]
        if (index % 2 === 0) {
          await member.call('annotations.update', { documentId: target.documentId, id: target.id, attributes: { value: index } })
          kept.set(target.id, index)
        } else {
          await member.call('annotations.delete', target)
          kept.delete(target.id)
        }
      }
      expected.set(member.name, kept)
      const failure = await member.fail('sync.run')
      expect(failure.code).toBe('SYNC_UNREACHABLE')
      expect((await member.call('sync.status')).pending).toBeGreaterThanOrEqual(edits * 0.8)
    }

    const server = await startCouchServer(port)
    try {
      await server.createDatabase('team')
      const started = Date.now()
      await ana.call('sync.run')
      await sup.call('sync.run')
      await ana.call('sync.run')
      reportFigure('sync offline edits', `${edits} edits each, three syncs in ${Date.now() - started} ms`)

      for (const [member, other] of [[ana, sup], [sup, ana]] as const) {
        const own = (await member.call('annotations.listAll')).filter((annotation) => annotation.status === 'accepted')
        expect(own.map((annotation) => annotation.id).sort()).toEqual([...expected.get(member.name)!.keys()].sort())
        const source = (await member.call('sources.list')).find((candidate) => candidate.name === other.name)
        expect(source?.annotationCount).toBe(expected.get(other.name)!.size)
        const status = await member.call('sync.status')
        expect(status).toMatchObject({ pending: 0, conflicts: 0, state: 'synced' })
      }
      // Her teammate's layer is a source like any: it can be reviewed against her own.
      const supSource = (await ana.call('sources.list')).find((candidate) => candidate.name === 'sup')!
      const review = await ana.call('review.units', { documentId: supSource.documentIds[0], sourceIds: ['workspace', supSource.id] })
      expect(review.units.length).toBeGreaterThan(0)
      const onServer = (await server.request('GET', '/team/_all_docs?startkey="ann:"&endkey="ann:\uffff"')).json as { rows: Array<{ id: string }> }
      expect(onServer.rows).toHaveLength(expected.get('ana')!.size + expected.get('sup')!.size)
      expect(new Set(onServer.rows.map((row) => row.id)).size).toBe(onServer.rows.length)
      // Edited values arrived as edited.
      const anaOnServer = (await server.request('GET', '/team/_all_docs?include_docs=true&startkey="ann:ana:"&endkey="ann:ana:\uffff"')).json as {
        rows: Array<{ doc: { annotation: { id: string; attributes: { value?: number } } } }>
      }
      for (const row of anaOnServer.rows) expect(row.doc.annotation.attributes.value).toBe(expected.get('ana')!.get(row.doc.annotation.id))
    } finally {
      await server.stop()
    }
  }, scenarioTimeout)
})

describe('a second laptop of the same analyst', () => {
  it('receives her whole layer as her own annotations, one write per document', async () => {
    const count = trials(300, 5000)
    const server = await startCouchServer()
    try {
      await server.createDatabase('team')
      const office = await openMember('ana')
      const field = await openMember('ana')
      members.push(office, field)
      await addAcceptedInBulk(office, count)
      await joinTeam(office, server.url)
      await office.call('sync.run')
      await joinTeam(field, server.url)
      const started = Date.now()
      const report = await field.call('sync.run')
      reportFigure('sync own layer to a second laptop', `${count} annotations pulled and applied in ${Date.now() - started} ms`)
      expect(report).toMatchObject({ pulled: expect.any(Number), conflicts: 0, pending: 0, refused: [] })
      const own = await field.call('annotations.listAll')
      expect(own).toHaveLength(count)
      expect(new Set(own.map((annotation) => annotation.id)).size).toBe(count)
      expect((await field.call('sources.list')).filter((source) => source.kind === 'imported')).toEqual([])
    } finally {
      await server.stop()
    }
  }, scenarioTimeout)
})
