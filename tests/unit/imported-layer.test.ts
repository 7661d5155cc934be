// An imported source is kept one file per document like a teammate's layer (issue 13, build item
// 2): compare, the commitments view, the Annotations table and agreement over it read its figure
// summaries and row files, and answer as from its annotations read whole; a replacement leaves no
// document of the old import behind; an import an earlier version kept in one file still answers
// as before, read whole.
import { randomUUID } from 'node:crypto'
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { compareAcrossYears, type CompareFilters } from '../../src/shared/compare'
import type { Annotation } from '../../src/shared/model'
import { WORKSPACE_SOURCE_ID } from '../../src/shared/review'
import { AnnotationTableService } from '../../src/main/services/annotation-rows/table-service'
import { commitmentEntries } from '../../src/main/services/compare-service'
import { agreementOfSpans, computeAgreement } from '../../src/main/services/exchange'
import { spansOfAnnotations } from '../../src/main/services/exchange/agreement-spans'
import { LAYER_FOLDER_SUFFIX, SourceLayer } from '../../src/main/services/source-layer'
import { SOURCES_DIR, SourceStore, type SourceFile } from '../../src/main/services/sources'
import { WorkbenchSession, type Dialogs } from '../../src/main/services/workbench-session'
import { WorkspaceStore } from '../../src/main/services/workspace-store'
import { annotateFixture } from '../support/compare-fixture'
import { writeOneFileImport } from '../support/one-file-source'
import { seedsDir, tempDir } from '../support/paths'
import { answers, commitmentsOn, sourceServices, tableRows, type OpenedServices } from '../support/source-services'

const noDialogs: Dialogs = { chooseFolder: async () => null, chooseFiles: async () => [], chooseSaveFile: async () => null }

const { open, opened, reopened } = sourceServices()

async function seededWorkspace(): Promise<{ dir: string; own: Annotation[] }> {
  const dir = join(await tempDir('imported-layer'), 'ws')
  const session = new WorkbenchSession({ seedsDir, dialogs: noDialogs })
  await session.start(dir)
  const own = await annotateFixture((name, input) => session.dispatch(name, input))
  await session.close()
  return { dir, own }
}

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
 * Another analyst's file of the workspace's accepted annotations, as an import resolves it: some
 * values read differently, some spans left out, commitments (one a follow-up of another), and the
 * documents interleaved, as a CSV may hold them.
 */
function colleagueFile(store: WorkspaceStore, own: readonly Annotation[], seed: number, documentIds?: ReadonlySet<string>): Annotation[] {
  const random = randomFrom(seed)
  const made: Annotation[] = []
  for (const annotation of own) {
    if (annotation.status !== 'accepted' || random.next() < 0.15) continue
    if (documentIds && !documentIds.has(annotation.documentId)) continue
    const attributes = random.next() < 0.2 && annotation.attributes.value !== undefined ? { ...annotation.attributes, value: annotation.attributes.value + 1 } : annotation.attributes
    made.push({ ...annotation, id: randomUUID(), author: 'colleague', attributes })
  }
  const commitments = commitmentsOn(store.documents.filter((doc) => !documentIds || documentIds.has(doc.id)), made[0]?.attributes.indicator, 'colleague')
  const all = [...made, ...commitments]
  // Shuffled, so one document's annotations are not together in the file.
  for (let at = all.length - 1; at > 0; at--) {
    const other = random.int(at + 1)
    ;[all[at], all[other]] = [all[other], all[at]]
  }
  return all
}

const FILTERS: CompareFilters[] = [{}, { labels: ['target'] }, { yearFrom: 2018, yearTo: 2021 }, { statuses: ['met', 'missed'] }]

const SORTS = [undefined, { column: 'indicator' as const, desc: false }, { column: 'value' as const, desc: true }]

/**
 * Compare, commitments and agreement over the source equal their answers from `file` (the
 * annotations as the import was given them, in the file's order); the table equals the table
 * over the same annotations kept as a one-file source, read whole by the table's path for such
 * sources (rows in the order the source's annotations read whole come in: by document).
 */
async function expectSameAsWhole(dir: string, { store, sources, compare, table }: OpenedServices, id: string, file: readonly Annotation[]): Promise<number> {
  let verdicts = 0
  for (const filters of FILTERS) {
    const full = compareAcrossYears({ annotations: file, documents: store.documents, indicators: store.indicators, tolerancePercent: store.settings.approxTolerancePercent, filters })
    expect(answers(await compare.matrix(filters, id))).toEqual(answers(full))
    verdicts += full.rows.flatMap((row) => row.cells).filter((cell) => cell.status !== null).length
  }
  expect(await compare.commitments(id)).toEqual(commitmentEntries(file, store.documents, store.indicators))
  const indexed = await computeAgreement(store, sources, [WORKSPACE_SOURCE_ID, id])
  const name = (await sources.summary(id)).name
  const chosen = [{ id: WORKSPACE_SOURCE_ID, name: sources.workspaceSourceName() }, { id, name }]
  const reference = agreementOfSpans(store, chosen, [spansOfAnnotations(await sources.annotations(WORKSPACE_SOURCE_ID)), spansOfAnnotations(file)])
  expect(JSON.stringify(indexed)).toBe(JSON.stringify(reference))

  const whole = [...(await new SourceStore(store).annotations(id))]
  expect(new Set(whole.map((annotation) => annotation.id))).toEqual(new Set(file.map((annotation) => annotation.id)))
  const referenceId = await writeOneFileImport(dir, whole, name)
  const referenceSources = new SourceStore(store)
  const referenceTable = new AnnotationTableService(store, () => referenceSources)
  expect(await referenceSources.layerIndexes(referenceId)).toBeNull()
  for (const sort of SORTS) {
    const query = { filters: {}, sort, groupByIndicator: false }
    const rows = await tableRows(table, { ...query, source: id })
    expect(rows.length).toBe(file.length)
    expect(rows).toEqual(await tableRows(referenceTable, { ...query, source: referenceId }))
  }
  await referenceTable.idle()
  if (!store.readOnly) await referenceSources.remove(referenceId)
  return verdicts
}

async function headerOnDisk(dir: string, id: string): Promise<SourceFile> {
  return JSON.parse(await readFile(join(dir, SOURCES_DIR, `${id}.json`), 'utf8')) as SourceFile
}

/** The documents that have a file in the source's folder. */
async function documentFiles(dir: string, id: string): Promise<string[]> {
  const names = await readdir(join(dir, SOURCES_DIR, `${id}${LAYER_FOLDER_SUFFIX}`)).catch(() => [] as string[])
  return names
    .filter((name) => name.startsWith(`${id}-`) && name.endsWith('.json'))
    .map((name) => name.slice(id.length + 1, -'.json'.length))
    .sort()
}

const importOf = (name: string, annotations: Annotation[], contentSha256 = 'a'.repeat(64)) => ({
  name,
  fileName: `${name}.csv`,
  format: 'csv',
  importedAt: new Date().toISOString(),
  annotations,
  problems: [],
  contentSha256,
})

describe('an imported source kept one file per document', () => {
  it('is read through its indexes by compare, commitments, agreement and the table, answering as its annotations read whole, and after a restart reads no document file', async () => {
    const { dir, own } = await seededWorkspace()
    let ws = await opened(dir)
    const file = colleagueFile(ws.store, own, 1)
    const source = await ws.sources.addImported(importOf('colleague', file))

    // The header holds no annotation; each document's are in a file of their own.
    const header = await headerOnDisk(dir, source.id)
    expect(header).toMatchObject({ kind: 'imported', layout: 'per-document', annotations: [], name: 'colleague', contentSha256: 'a'.repeat(64) })
    const documents = [...new Set(file.map((annotation) => annotation.documentId))].sort()
    expect(await documentFiles(dir, source.id)).toEqual(documents)
    expect(await ws.sources.summary(source.id)).toMatchObject({ annotationCount: file.length, documentIds: documents, contentSha256: 'a'.repeat(64) })
    expect((await ws.sources.findByContent('a'.repeat(64))).map((found) => found.id)).toEqual([source.id])
    expect(await ws.sources.layerIndexes(source.id)).not.toBeNull()

    const verdicts = await expectSameAsWhole(dir, ws, source.id, file)
    expect(verdicts).toBeGreaterThan(10)
    expect((await ws.compare.commitments(source.id)).length).toBeGreaterThan(2)

    // Once read, the views read the summaries and row files, not a document file a second time.
    await ws.sources.indexesWritten()
    await ws.table.idle()
    const views = async ({ store, sources, compare, table }: OpenedServices) => {
      for (const filters of FILTERS) await compare.matrix(filters, source.id)
      await compare.commitments(source.id)
      await computeAgreement(store, sources, [WORKSPACE_SOURCE_ID, source.id])
      for (const sort of SORTS) await tableRows(table, { source: source.id, filters: {}, sort, groupByIndicator: false })
    }
    const reads = vi.spyOn(SourceLayer.prototype, 'read')
    try {
      await views(ws)
      expect(reads).not.toHaveBeenCalled()
      ws = await reopened(dir, ws)
      await views(ws)
      expect(reads).not.toHaveBeenCalled()
    } finally {
      reads.mockRestore()
    }
    await expectSameAsWhole(dir, ws, source.id, file)
  })

  it('a replacement removes the documents the new file no longer has, and answers as the new file', async () => {
    const { dir, own } = await seededWorkspace()
    let ws = await opened(dir)
    const first = colleagueFile(ws.store, own, 2)
    const source = await ws.sources.addImported(importOf('colleague', first))
    await expectSameAsWhole(dir, ws, source.id, first)
    const before = await documentFiles(dir, source.id)
    expect(before.length).toBeGreaterThan(2)

    // The new reading of the file keeps two documents only.
    const kept = new Set(before.slice(0, 2))
    const second = colleagueFile(ws.store, own, 3, kept)
    await ws.sources.replaceImported(source.id, importOf('colleague', second))
    expect(await documentFiles(dir, source.id)).toEqual([...kept].sort())
    expect(await ws.sources.summary(source.id)).toMatchObject({ annotationCount: second.length, documentIds: [...kept].sort() })
    expect(new Set((await ws.sources.annotations(source.id)).map((annotation) => annotation.id))).toEqual(new Set(second.map((annotation) => annotation.id)))
    for (const documentId of before.filter((id) => !kept.has(id))) expect(await ws.sources.annotations(source.id, documentId)).toEqual([])
    await expectSameAsWhole(dir, ws, source.id, second)
    ws = await reopened(dir, ws)
    await expectSameAsWhole(dir, ws, source.id, second)
  })

  it('a replacement stopped half-way loses nothing: the summary is counted from the files, and replacing again finishes it', async () => {
    const { dir, own } = await seededWorkspace()
    let ws = await opened(dir)
    const first = colleagueFile(ws.store, own, 4)
    const source = await ws.sources.addImported(importOf('colleague', first))
    const second = colleagueFile(ws.store, own, 5)
    const crash = new Error('the app stopped here')
    const write = SourceLayer.prototype.write
    let writes = 0
    const stopped = vi.spyOn(SourceLayer.prototype, 'write').mockImplementation(async function (this: SourceLayer, documentId, annotations) {
      if (++writes === 3) throw crash
      return write.call(this, documentId, annotations)
    })
    try {
      await expect(ws.sources.replaceImported(source.id, importOf('colleague again', second))).rejects.toMatchObject({ code: 'WRITE_FAILED' })
    } finally {
      stopped.mockRestore()
    }
    ws = await reopened(dir, ws)
    // The old header, over documents partly of each reading; every one of them readable and counted.
    expect((await headerOnDisk(dir, source.id)).name).toBe('colleague')
    const held = await ws.sources.annotations(source.id)
    expect((await ws.sources.summary(source.id)).annotationCount).toBe(held.length)
    expect((await ws.sources.summary(source.id)).documentIds).toEqual(await documentFiles(dir, source.id))
    expect(ws.store.notices).toEqual([])
    await ws.sources.replaceImported(source.id, importOf('colleague again', second))
    expect(new Set((await ws.sources.annotations(source.id)).map((annotation) => annotation.id))).toEqual(new Set(second.map((annotation) => annotation.id)))
    await expectSameAsWhole(dir, ws, source.id, second)
  })
})

describe('an import an earlier version kept in one file', () => {
  it('still answers as before, read whole and left as it is, writable or read-only', async () => {
    const { dir, own } = await seededWorkspace()
    const setup = await opened(dir)
    const file = colleagueFile(setup.store, own, 6)
    await setup.store.close()
    open.splice(open.indexOf(setup), 1)
    const id = await writeOneFileImport(dir, file, 'earlier')
    const bytes = await readFile(join(dir, SOURCES_DIR, `${id}.json`), 'utf8')
    for (const readOnly of [false, true]) {
      const ws = await opened(dir, readOnly)
      expect(ws.store.readOnly).toBe(readOnly)
      expect(await ws.sources.layerIndexes(id)).toBeNull()
      expect(await ws.sources.summary(id)).toMatchObject({ annotationCount: file.length, documentIds: [...new Set(file.map((annotation) => annotation.documentId))] })
      expect((await ws.sources.annotations(id)).map((annotation) => annotation.id)).toEqual(file.map((annotation) => annotation.id))
      await expectSameAsWhole(dir, ws, id, file)
      expect(await readFile(join(dir, SOURCES_DIR, `${id}.json`), 'utf8')).toBe(bytes)
      expect(await documentFiles(dir, id)).toEqual([])
      await ws.sources.indexesWritten()
      await ws.table.idle()
      await ws.store.close()
      open.splice(open.indexOf(ws), 1)
    }
  })

  it('is kept per document once replaced, with nothing of the old file left', async () => {
    const { dir, own } = await seededWorkspace()
    const setup = await opened(dir)
    const file = colleagueFile(setup.store, own, 7)
    const replacement = colleagueFile(setup.store, own, 8, new Set(setup.store.documents.slice(0, 3).map((doc) => doc.id)))
    await setup.store.close()
    open.splice(open.indexOf(setup), 1)
    const id = await writeOneFileImport(dir, file, 'earlier')
    const ws = await opened(dir)
    await ws.sources.replaceImported(id, importOf('earlier', replacement))
    expect(await headerOnDisk(dir, id)).toMatchObject({ layout: 'per-document', annotations: [] })
    expect(await documentFiles(dir, id)).toEqual([...new Set(replacement.map((annotation) => annotation.documentId))].sort())
    expect(await ws.sources.layerIndexes(id)).not.toBeNull()
    await expectSameAsWhole(dir, ws, id, replacement)
  })
})
