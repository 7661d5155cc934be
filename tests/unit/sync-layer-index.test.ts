// A teammate's layer as team sync makes it (pulled batch by batch from a CouchDB-protocol server)
// has indexes true to it (issue 13, source-layer-index.ts): compare, the commitments view and
// agreement over it answer as her annotations read whole, after each pulled batch, after an
// adjudication, and with summary and row files deleted.
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compareAcrossYears, rowView, type CompareResult } from '../../src/shared/compare'
import type { Annotation } from '../../src/shared/model'
import { WORKSPACE_SOURCE_ID } from '../../src/shared/review'
import { ROWS_DIR } from '../../src/main/services/annotation-rows/row-index'
import { CompareService, commitmentEntries } from '../../src/main/services/compare-service'
import { agreementOfSpans } from '../../src/main/services/exchange'
import { spansOfAnnotations } from '../../src/main/services/exchange/agreement-spans'
import { FIGURES_DIR } from '../../src/main/services/figure-index'
import { LAYER_FOLDER_SUFFIX } from '../../src/main/services/source-layer'
import { SOURCES_DIR, SourceStore } from '../../src/main/services/sources'
import { teamSourceId } from '../../src/main/services/sync/team-sources'
import { annotateFixture } from '../support/compare-fixture'
import type { Member } from '../support/sync-members'
import { teamSuite } from '../support/team-suite'

const team = teamSuite()

function answers(result: CompareResult) {
  return { years: result.years, rows: result.rows.map((row) => rowView(row, result.sources)), unplaced: result.unplaced }
}

/** On `sup`'s machine: the views over ana's layer, through his session, equal the answers from her annotations read whole from disk. */
async function expectSameAsWhole(sup: Member, layer: string): Promise<{ verdicts: number; documents: number }> {
  const store = sup.session.workspace!
  const fresh = new SourceStore(store)
  const whole = [...(await fresh.annotations(layer))]
  expect(whole.length).toBeGreaterThan(0)

  const commitments = await sup.call('commitments.list', { source: layer })
  expect(commitments).toEqual(commitmentEntries(whole, store.documents, store.indicators))

  const report = await sup.call('agreement.compute', { sourceIds: [WORKSPACE_SOURCE_ID, layer] })
  const own = spansOfAnnotations(await fresh.annotations(WORKSPACE_SOURCE_ID))
  const chosen = [{ id: WORKSPACE_SOURCE_ID, name: fresh.workspaceSourceName() }, { id: layer, name: 'ana' }]
  expect(JSON.stringify(report)).toBe(JSON.stringify(agreementOfSpans(store, chosen, [own, spansOfAnnotations(whole)])))

  // Compare through the summaries on disk (another reader of the same files), and its answers.
  const full = compareAcrossYears({ annotations: whole, documents: store.documents, indicators: store.indicators, tolerancePercent: store.settings.approxTolerancePercent })
  expect(answers(await new CompareService(store, fresh).matrix({}, layer))).toEqual(answers(full))
  return { verdicts: full.rows.flatMap((row) => row.cells).filter((cell) => cell.status !== null).length, documents: report.documentIds!.length }
}

describe('a pulled layer read through its indexes', () => {
  it('answers as the layer read whole, after pulled batches, an adjudication and deleted index files', async () => {
    const ana = await team.join('ana')
    const sup = await team.join('sup')
    const made = await annotateFixture((name, input) => ana.session.dispatch(name, input))
    // He read the same figures, but not the first third of them.
    await annotateFixture((name, input) => sup.session.dispatch(name, input), (observation) => observation.quote.length % 3 !== 0)
    await ana.call('sync.run')
    await sup.call('sync.run')
    const layer = teamSourceId('ana')
    const first = await expectSameAsWhole(sup, layer)
    expect(first.verdicts).toBeGreaterThan(10)
    expect(first.documents).toBeGreaterThan(1)

    // Her next batch: a value corrected, an annotation deleted, a commitment added.
    const changed = made[0]
    await ana.call('annotations.update', { documentId: changed.documentId, id: changed.id, attributes: { ...changed.attributes, value: (changed.attributes.value ?? 0) + 7 } })
    await ana.call('annotations.delete', { documentId: made[1].documentId, id: made[1].id })
    const commitment: Annotation = await ana.call('annotations.create', { documentId: made[2].documentId, start: made[2].start, end: made[2].end, label: 'commitment', attributes: { indicator: made[2].attributes.indicator } })
    await ana.call('sync.run')
    expect((await sup.call('sync.run')).pulled).toBeGreaterThanOrEqual(3)
    await expectSameAsWhole(sup, layer)
    expect((await sup.call('commitments.list', { source: layer })).some((entry) => entry.annotation.id === commitment.id)).toBe(true)

    // He settles a unit in her favour: the curated set changes, her layer does not.
    const documentId = made[0].documentId
    const review = await sup.call('review.units', { documentId, sourceIds: [WORKSPACE_SOURCE_ID, layer] })
    const unit = review.units[0]
    await sup.call('review.decide', { documentId, sourceIds: [WORKSPACE_SOURCE_ID, layer], unitKey: unit.key, action: 'accept', sourceId: layer, spans: [{ start: unit.start, end: unit.end, label: unit.label, attributes: {} }] })
    await expectSameAsWhole(sup, layer)

    // Summary and row files gone: made again from her documents' files.
    const folder = join(sup.dir, SOURCES_DIR, `${layer}${LAYER_FOLDER_SUFFIX}`)
    await sup.session.close()
    const summaries = await readdir(join(folder, FIGURES_DIR))
    const rows = await readdir(join(folder, ROWS_DIR))
    expect(summaries.length).toBeGreaterThan(1)
    expect(rows.length).toBe(summaries.length)
    await rm(join(folder, FIGURES_DIR, summaries[0]))
    await rm(join(folder, ROWS_DIR), { recursive: true })
    await sup.session.start(sup.dir)
    await expectSameAsWhole(sup, layer)
  })
})
