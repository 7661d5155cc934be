// A teammate's layer (one file per document, source-layer.ts) has the same indexes as the
// workspace's own annotation files (issue 13, source-layer-index.ts): compare, the commitments
// view, the Annotations table and agreement over the layer read its figure summaries and row files,
// and answer exactly as they do from its annotations read whole — after pulled batches, after a
// restart, and with summaries and row files deleted, damaged or left from an earlier version.
import { randomUUID } from 'node:crypto'
import { readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { annotationTableColumns } from '../../src/shared/api'
import { prettyJsonPieces } from '../../src/shared/json-pieces'
import { compareAcrossYears, type CompareFilters } from '../../src/shared/compare'
import type { Annotation } from '../../src/shared/model'
import { WORKSPACE_SOURCE_ID } from '../../src/shared/review'
import { ROWS_DIR } from '../../src/main/services/annotation-rows/row-index'
import { AnnotationTableService } from '../../src/main/services/annotation-rows/table-service'
import { compareReport } from '../../src/main/services/compare-report'
import { commitmentEntries } from '../../src/main/services/compare-service'
import { agreementOfSpans, computeAgreement } from '../../src/main/services/exchange'
import { spansOfAnnotations } from '../../src/main/services/exchange/agreement-spans'
import { FIGURES_DIR } from '../../src/main/services/figure-index'
import { LAYER_FOLDER_SUFFIX, SourceLayer } from '../../src/main/services/source-layer'
import { SOURCES_DIR, SourceStore } from '../../src/main/services/sources'
import { applyTeammateLayer, teamSourceId } from '../../src/main/services/sync/team-sources'
import { WorkbenchSession, type Dialogs } from '../../src/main/services/workbench-session'
import { WorkspaceStore } from '../../src/main/services/workspace-store'
import { annotateFixture } from '../support/compare-fixture'
import { writeOneFileImport } from '../support/one-file-source'
import { seedsDir, tempDir } from '../support/paths'
import { answers, commitmentsOn, sourceServices, tableRows, type OpenedServices } from '../support/source-services'
import { cli } from './run-cli'

const noDialogs: Dialogs = { chooseFolder: async () => null, chooseFiles: async () => [], chooseSaveFile: async () => null }

const { open, opened, reopened } = sourceServices()

const ANA = 'ana'
const LAYER = teamSourceId(ANA)

const FILTERS: CompareFilters[] = [{}, { labels: ['target'] }, { yearFrom: 2018, yearTo: 2021 }, { statuses: ['met', 'missed'] }]

/** A small deterministic random source, so a failure can be run again. */
function randomFrom(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
  return { next, int: (n: number) => Math.floor(next() * n) }
}

/**
 * The teammate's copy of the workspace's accepted annotations, as her pulled records would bring
 * them: some values read differently, some spans left out, commitments of her own, one a follow-up
 * of another.
 */
function teammateCopy(store: WorkspaceStore, own: readonly Annotation[], seed: number): Annotation[] {
  const random = randomFrom(seed)
  const copy: Annotation[] = []
  for (const annotation of own) {
    if (annotation.status !== 'accepted' || random.next() < 0.15) continue
    const attributes = random.next() < 0.2 && annotation.attributes.value !== undefined ? { ...annotation.attributes, value: annotation.attributes.value + 1 } : annotation.attributes
    copy.push({ ...annotation, id: randomUUID(), author: ANA, attributes })
  }
  const commitments = commitmentsOn(store.documents, copy[0]?.attributes.indicator, ANA)
  return [...copy, ...commitments]
}

/** Applies the annotations in batches of `size`, as a pull would. */
async function pull(sources: SourceStore, annotations: readonly Annotation[], size = 40): Promise<void> {
  for (let from = 0; from < annotations.length; from += size) await applyTeammateLayer(sources, ANA, 'team', { upserts: annotations.slice(from, from + size), deletions: [] })
}

/**
 * Compare, commitments, agreement and the table over the layer equal their answers from the
 * layer's annotations read whole from disk (a source store of its own, as a fresh start reads
 * them). The table's reference is the same annotations kept as a one-file source, paged by the
 * table's own path for such sources.
 */
async function expectSameAsWhole({ store, sources, compare, table }: OpenedServices): Promise<{ verdicts: number; commitments: number }> {
  const whole = [...(await new SourceStore(store).annotations(LAYER))]
  let verdicts = 0
  for (const filters of FILTERS) {
    const full = compareAcrossYears({ annotations: whole, documents: store.documents, indicators: store.indicators, tolerancePercent: store.settings.approxTolerancePercent, filters })
    expect(answers(await compare.matrix(filters, LAYER))).toEqual(answers(full))
    verdicts += full.rows.flatMap((row) => row.cells).filter((cell) => cell.status !== null).length
  }
  const commitments = await compare.commitments(LAYER)
  expect(commitments).toEqual(commitmentEntries(whole, store.documents, store.indicators))

  const indexed = await computeAgreement(store, sources, [WORKSPACE_SOURCE_ID, LAYER])
  const chosen = [{ id: WORKSPACE_SOURCE_ID, name: sources.workspaceSourceName() }, { id: LAYER, name: ANA }]
  const reference = agreementOfSpans(store, chosen, [spansOfAnnotations(await sources.annotations(WORKSPACE_SOURCE_ID)), spansOfAnnotations(whole)])
  expect(JSON.stringify(indexed)).toBe(JSON.stringify(reference))

  // An import is kept per document too: the reference is a one-file source as an earlier version wrote it.
  const copy = await writeOneFileImport(store.dir, whole, 'copy')
  const copySources = new SourceStore(store)
  const copyTable = new AnnotationTableService(store, () => copySources)
  expect(await copySources.layerIndexes(copy)).toBeNull()
  try {
    for (const sort of [undefined, { column: 'indicator' as const, desc: false }, { column: 'value' as const, desc: true }, { column: annotationTableColumns[0], desc: false }]) {
      const query = { filters: {}, sort, groupByIndicator: false }
      expect(await tableRows(table, { ...query, source: LAYER })).toEqual(await tableRows(copyTable, { ...query, source: copy }))
    }
  } finally {
    await copyTable.idle()
    await copySources.remove(copy)
  }
  return { verdicts, commitments: commitments.length }
}

async function seededWorkspace(): Promise<{ dir: string; own: Annotation[] }> {
  const dir = join(await tempDir('layer-index'), 'ws')
  const session = new WorkbenchSession({ seedsDir, dialogs: noDialogs })
  await session.start(dir)
  const own = await annotateFixture((name, input) => session.dispatch(name, input))
  await session.close()
  return { dir, own }
}

const layerFolder = (dir: string) => join(dir, SOURCES_DIR, `${LAYER}${LAYER_FOLDER_SUFFIX}`)

describe('a teammate’s layer read through its own indexes', () => {
  it('answers as its annotations read whole, after pulled batches, and after a restart reads no document file of the layer', async () => {
    const { dir, own } = await seededWorkspace()
    let ws = await opened(dir)
    const copy = teammateCopy(ws.store, own, 1)
    await pull(ws.sources, copy)
    // Pulled but not compared yet: the figures are written to their summaries, not kept in memory.
    const indexes = (await ws.sources.layerIndexes(LAYER))!
    expect(copy.some((annotation) => indexes.figures.knownFigures(annotation.documentId) !== undefined)).toBe(false)
    const { verdicts, commitments } = await expectSameAsWhole(ws)
    expect(copy.every((annotation) => indexes.figures.knownFigures(annotation.documentId) !== undefined)).toBe(true)
    expect(verdicts).toBeGreaterThan(10)
    expect(commitments).toBeGreaterThan(2)

    // Another pulled batch: changed values, deletions, an annotation on a document she had not touched.
    const changed = copy.slice(0, 6).map((annotation) => ({ ...annotation, attributes: { ...annotation.attributes, value: 1234 } }))
    const untouched = ws.store.documents.find((doc) => !copy.some((annotation) => annotation.documentId === doc.id))
    const added = untouched ? [{ ...copy[0], id: randomUUID(), documentId: untouched.id, start: 0, end: 4 }] : []
    await applyTeammateLayer(ws.sources, ANA, 'team', { upserts: [...changed, ...added], deletions: copy.slice(10, 14).map((annotation) => annotation.id) })
    await expectSameAsWhole(ws)

    // Every summary and row file written and true: after a restart, nothing reads a document file of the layer.
    ws = await reopened(dir, ws)
    const figures = (await readdir(join(layerFolder(dir), FIGURES_DIR))).length
    const rows = (await readdir(join(layerFolder(dir), ROWS_DIR))).length
    expect(figures).toBe((await ws.sources.list()).find((source) => source.id === LAYER)!.documentIds.length)
    expect(rows).toBe(figures)
    const reads = vi.spyOn(SourceLayer.prototype, 'read')
    try {
      await ws.compare.matrix({}, LAYER)
      await ws.compare.commitments(LAYER)
      await computeAgreement(ws.store, ws.sources, [WORKSPACE_SOURCE_ID, LAYER])
      await tableRows(ws.table, { source: LAYER, filters: {}, groupByIndicator: false })
      expect(reads).not.toHaveBeenCalled()
    } finally {
      reads.mockRestore()
    }
    await expectSameAsWhole(ws)
  })

  it('rebuilds summaries and row files deleted, damaged or left from an earlier version of their document’s file', async () => {
    const { dir, own } = await seededWorkspace()
    let ws = await opened(dir)
    const copy = teammateCopy(ws.store, own, 2)
    await pull(ws.sources, copy)
    await expectSameAsWhole(ws)
    ws = await reopened(dir, ws)
    const figuresDir = join(layerFolder(dir), FIGURES_DIR)
    const rowsDir = join(layerFolder(dir), ROWS_DIR)
    const summaries = (await readdir(figuresDir)).sort()
    const rowFiles = (await readdir(rowsDir)).sort()
    expect(summaries.length).toBeGreaterThan(3)
    // Left from an earlier version: the file as it was before the next pulled batch rewrote its document.
    const earlierSummary = await readFile(join(figuresDir, summaries[2]), 'utf8')
    const earlierRows = await readFile(join(rowsDir, rowFiles[2]), 'utf8')
    const documentId = summaries[2].slice(0, -'.summary'.length)
    const onIt = copy.filter((annotation) => annotation.documentId === documentId && annotation.label !== 'commitment')
    await applyTeammateLayer(ws.sources, ANA, 'team', { upserts: onIt.map((annotation) => ({ ...annotation, attributes: { ...annotation.attributes, value: 99 } })), deletions: [] })
    ws = await reopened(dir, ws)
    await writeFile(join(figuresDir, summaries[2]), earlierSummary)
    await writeFile(join(rowsDir, rowFiles[2]), earlierRows)
    await rm(join(figuresDir, summaries[0]))
    await rm(join(rowsDir, rowFiles[0]))
    await writeFile(join(figuresDir, summaries[1]), 'damaged')
    const rows = await readFile(join(rowsDir, rowFiles[1]), 'utf8')
    await writeFile(join(rowsDir, rowFiles[1]), rows.replace(/"start":\[(\d)/, (_, digit: string) => `"start":[${(Number(digit) + 1) % 10}`))
    await expectSameAsWhole(ws)
    // Written again for the files as they are now.
    await ws.sources.indexesWritten()
    expect((await readdir(figuresDir)).sort()).toEqual(summaries)
    expect(await readFile(join(figuresDir, summaries[2]), 'utf8')).not.toBe(earlierSummary)
  })

  it('compare --source <layer> on the command line reads its summaries and prints what the whole layer gives', async () => {
    const { dir, own } = await seededWorkspace()
    const ws = await opened(dir)
    await pull(ws.sources, teammateCopy(ws.store, own, 3))
    // Compared once in the app, which writes the layer's summaries; then the command line opens the workspace on its own.
    await ws.compare.matrix({}, LAYER)
    const { store } = await reopened(dir, ws)
    const whole = [...(await new SourceStore(store).annotations(LAYER))]
    const expected = JSON.parse([...prettyJsonPieces({ ...(await compareReport(store, undefined, { id: LAYER, annotations: whole })) })].join(''))
    await store.close()
    open.splice(0)
    const reads = vi.spyOn(SourceLayer.prototype, 'read')
    try {
      const printed = await cli('compare', dir, '--source', LAYER, '--json')
      expect(printed.code).toBe(0)
      const report = JSON.parse(printed.stdout)
      expect(report.source).toBe(LAYER)
      expect({ indicators: report.indicators, unplaced: report.unplaced }).toEqual({ indicators: expected.indicators, unplaced: expected.unplaced })
      expect(report.indicators.length).toBeGreaterThan(3)
      expect(reads).not.toHaveBeenCalled()
    } finally {
      reads.mockRestore()
    }
  })

  it('shows the table’s progress while a layer’s rows are first read, then its rows', async () => {
    const { dir, own } = await seededWorkspace()
    let ws = await opened(dir)
    await pull(ws.sources, teammateCopy(ws.store, own, 4))
    // Its rows not read yet (the table never shown): after a restart they are read from the documents' files.
    ws = await reopened(dir, ws)
    await rm(join(layerFolder(dir), ROWS_DIR), { recursive: true, force: true })
    // The documents' files are read only when let through, so the first reading is caught half way.
    let letThrough: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (letThrough = resolve))
    const read = SourceLayer.prototype.read
    const reads = vi.spyOn(SourceLayer.prototype, 'read').mockImplementation(async function (this: SourceLayer, documentId: string) {
      await gate
      return read.call(this, documentId)
    })
    try {
      const query = { source: LAYER, filters: {}, groupByIndicator: false, offset: 0, limit: 50 }
      const waiting = await ws.table.page(query)
      expect(waiting.rows).toEqual([])
      expect(waiting.building).toMatchObject({ done: 0 })
      expect(waiting.building!.total).toBe((await ws.sources.list()).find((source) => source.id === LAYER)!.documentIds.length)
      letThrough()
      await ws.sources.layerIndexes(LAYER).then((indexes) => indexes!.rows.ensure())
      const ready = await ws.table.page(query)
      expect(ready.building).toBeNull()
      expect(ready.rows.length).toBeGreaterThan(0)
    } finally {
      reads.mockRestore()
    }
  })
})
