// Review decisions on an imported file travel (issue 11): two members who imported the same file
// (its rows carry annotation ids, so the ids agree) each have it under a local source id; a unit
// one of them settles on it counts as settled on the other's machine.
import { describe, expect, it } from 'vitest'
import { csvColumns } from '../../src/shared/exchange/csv'
import type { SourceSummary } from '../../src/shared/review'
import { teamSuite } from '../support/team-suite'
import type { Member } from '../support/sync-members'

const team = teamSuite()

const member = (name: string) => team.join(name)

/** A colleague's CSV outside the team, with annotation ids: the same bytes for everyone. */
async function colleagueFile(someone: Member): Promise<{ csv: string; documentId: string }> {
  const [doc] = await someone.call('documents.list')
  const { text } = await someone.call('documents.get', { id: doc.id })
  const columns = csvColumns.includes('id' as never) ? [...csvColumns] : [...csvColumns, 'id']
  const row = (id: string, start: number, end: number) => {
    const cells: Record<string, string> = { document: doc.id, label: 'target', start: String(start), end: String(end), quote: [...text].slice(start, end).join(''), annotator: '丙', id }
    return columns.map((column) => JSON.stringify(cells[column] ?? '')).join(',')
  }
  return { csv: [columns.join(','), row('bing-1', 10, 20), row('bing-2', 40, 48)].join('\n'), documentId: doc.id }
}

async function importFile(someone: Member, csv: string): Promise<SourceSummary> {
  const batch = await someone.call('exchange.importBytes', { fileName: 'bing.csv', base64: Buffer.from(csv).toString('base64') })
  return batch.reports[0].source
}

describe('a decision on an imported file both members have', () => {
  it('settles the same unit on the other machine, under its own id for the file', async () => {
    const sup = await member('sup')
    const lead = await member('lead')
    const { csv, documentId } = await colleagueFile(sup)
    const hisFile = await importFile(sup, csv)
    const herFile = await importFile(lead, csv)
    expect(herFile.id).not.toBe(hisFile.id)

    const sourceIds = ['workspace', hisFile.id]
    const review = await sup.call('review.units', { documentId, sourceIds })
    const unit = review.units.find((candidate) => candidate.members.some((entry) => entry.annotation.id === 'bing-1'))!
    await sup.call('review.decide', { documentId, sourceIds, unitKey: unit.key, action: 'accept', sourceId: hisFile.id, spans: [{ start: unit.start, end: unit.end, label: unit.label, attributes: {} }] })
    await sup.call('sync.run')
    expect((await lead.call('sync.run')).refused).toEqual([])

    const hers = await lead.call('review.units', { documentId, sourceIds: ['workspace', herFile.id] })
    expect(hers.decisions).toHaveLength(1)
    expect(hers.decisions[0]).toMatchObject({ unitKey: `target|${herFile.id}/bing-1`, sourceId: herFile.id })
    expect(hers.progress.settled).toBe(1)
    // Sent back unchanged: the same record on the server, not a second decision.
    await lead.call('sync.run')
    expect((await sup.call('sync.run')).conflicts).toBe(0)
    expect((await sup.call('review.units', { documentId, sourceIds })).decisions).toHaveLength(1)
  })
})
