// Agreement over all documents reads the workspace's own annotations from the Annotations table's
// row index (issue 13), not every annotation file whole: the report is the same, bit for bit, as
// the one computed from whole annotations — on the seed workspace and on generated ones, after
// edits, and with row files deleted, damaged or left from an earlier version of their file.
import { randomUUID } from 'node:crypto'
import { readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AgreementReport } from '../../src/shared/agreement'
import type { Annotation } from '../../src/shared/model'
import { WORKSPACE_SOURCE_ID } from '../../src/shared/review'
import { ROWS_DIR, workspaceRowIndex, workspaceRowsWritten } from '../../src/main/services/annotation-rows/row-index'
import { agreementOfSpans, computeAgreement } from '../../src/main/services/exchange'
import { spansOfAnnotations } from '../../src/main/services/exchange/agreement-spans'
import { SourceStore } from '../../src/main/services/sources'
import { WorkbenchSession, type Dialogs } from '../../src/main/services/workbench-session'
import { ANNOTATIONS_DIR, WorkspaceStore } from '../../src/main/services/workspace-store'
import { annotateFixture } from '../support/compare-fixture'
import { seedsDir, tempDir } from '../support/paths'

const noDialogs: Dialogs = { chooseFolder: async () => null, chooseFiles: async () => [], chooseSaveFile: async () => null }
const stores: WorkspaceStore[] = []
afterEach(async () => {
  for (const store of stores.splice(0)) {
    await workspaceRowsWritten(store)
    await store.close()
  }
})

async function opened(dir: string): Promise<{ store: WorkspaceStore; sources: SourceStore }> {
  const store = await WorkspaceStore.open(dir)
  stores.push(store)
  return { store, sources: new SourceStore(store) }
}

async function reopened(dir: string, previous: WorkspaceStore) {
  await workspaceRowsWritten(previous)
  await previous.close()
  stores.splice(stores.indexOf(previous), 1)
  return opened(dir)
}

/** A seeded random number generator (mulberry32), so a failing case can be run again. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const LABELS = ['target', 'achievement', 'commitment']
const STATUSES: Annotation['status'][] = ['accepted', 'accepted', 'accepted', 'suggested', 'rejected']

function generatedAnnotation(next: () => number, documentId: string, textLength: number, status: Annotation['status']): Annotation {
  const start = Math.floor(next() * (textLength - 12))
  const at = '2026-11-26T00:00:00.000Z'
  const attributes: Annotation['attributes'] = {}
  // An empty indicator (the contract accepts one) is no indicator, in the index as in the file.
  if (next() < 0.7) attributes.indicator = next() < 0.15 ? '' : `gen-${Math.floor(next() * 5)}`
  if (next() < 0.6) attributes.value = Math.round(next() * 1000) / 10
  if (next() < 0.5) attributes.periodYear = 2018 + Math.floor(next() * 6)
  return {
    id: randomUUID(),
    documentId,
    start,
    end: start + 1 + Math.floor(next() * 10),
    quote: '',
    prefix: '',
    suffix: '',
    label: LABELS[Math.floor(next() * LABELS.length)],
    attributes,
    links: [],
    status,
    ...(status === 'accepted' ? {} : { suggestion: { confidence: 0.5, rule: 'test' } }),
    author: 'gen',
    createdAt: at,
    updatedAt: at,
  }
}

/**
 * The workspace's own annotations on every document (proposals and rejections among them), and a
 * second analyst's source that matches some exactly, shifts others, changes attributes and adds
 * spans of its own; a few documents only one of them annotated.
 */
async function generated(store: WorkspaceStore, sources: SourceStore, seed: number): Promise<string> {
  const next = random(seed)
  const texts = Array.from({ length: 12 }, (_, n) => `第${n}号文件。` + '经济增长目标百分之六左右，城镇新增就业一千一百万人以上。'.repeat(3 + Math.floor(next() * 5)))
  await store.addDocuments(texts.map((text, n) => ({ fileName: `gen-${seed}-${n}.txt`, text, format: 'txt', encoding: 'utf-8', meta: { year: 2018 + (n % 6) } })))
  const other: Annotation[] = []
  for (const [n, doc] of store.documents.entries()) {
    if (n === 3) continue
    const own = Array.from({ length: 3 + Math.floor(next() * 12) }, () => generatedAnnotation(next, doc.id, doc.textLength, STATUSES[Math.floor(next() * STATUSES.length)]))
    const saved = await store.applyAnnotationBatch(doc.id, own, [])
    if (n === 5) continue
    for (const annotation of saved) {
      const roll = next()
      if (roll < 0.4) other.push({ ...annotation, id: randomUUID(), status: 'accepted' })
      else if (roll < 0.6) other.push({ ...annotation, id: randomUUID(), status: 'accepted', start: annotation.start + 1, end: annotation.end + 1 })
      else if (roll < 0.8) other.push({ ...annotation, id: randomUUID(), status: 'accepted', attributes: { ...annotation.attributes, value: 42 } })
    }
    other.push(generatedAnnotation(next, doc.id, doc.textLength, 'accepted'))
  }
  const source = await sources.addImported({ name: 'B', fileName: 'b.json', format: 'json', importedAt: '2026-11-26T00:00:00.000Z', annotations: other, problems: [] })
  return source.id
}

/** The report from every chosen source's annotations read whole, as agreement read them before the index. */
async function wholeReport(store: WorkspaceStore, sources: SourceStore, sourceIds: string[], documentIds?: string[]): Promise<AgreementReport> {
  const listed = await sources.list()
  const chosen = sourceIds.map((id) => listed.find((source) => source.id === id)!)
  const spans = []
  for (const id of sourceIds) spans.push(spansOfAnnotations(await sources.annotations(id)))
  return agreementOfSpans(store, chosen, spans, documentIds)
}

async function expectSameReport(store: WorkspaceStore, sources: SourceStore, sourceIds: string[], documentIds?: string[]): Promise<AgreementReport> {
  const indexed = await computeAgreement(store, sources, sourceIds, documentIds)
  const whole = await wholeReport(store, sources, sourceIds, documentIds)
  // Bit for bit: the same JSON, every coefficient to its last digit.
  expect(JSON.stringify(indexed)).toBe(JSON.stringify(whole))
  return indexed
}

async function newWorkspace(prefix: string): Promise<{ dir: string; store: WorkspaceStore; sources: SourceStore }> {
  const dir = join(await tempDir(prefix), 'ws')
  const store = await WorkspaceStore.create(dir)
  stores.push(store)
  return { dir, store, sources: new SourceStore(store) }
}

describe('agreement over all documents from the row index', () => {
  it('equals the report from whole annotations on generated workspaces, both ways round and over chosen documents', async () => {
    for (const seed of [1, 2, 3]) {
      const { store, sources } = await newWorkspace(`agreement-index-${seed}`)
      const other = await generated(store, sources, seed)
      const report = await expectSameReport(store, sources, [WORKSPACE_SOURCE_ID, other])
      // Documents only one side annotated are left out; the rest are compared.
      expect(report.documentIds!.length).toBeGreaterThan(5)
      expect(report.documentIds).not.toContain(store.documents[3].id)
      expect(report.documentIds).not.toContain(store.documents[5].id)
      await expectSameReport(store, sources, [other, WORKSPACE_SOURCE_ID])
      await expectSameReport(store, sources, [WORKSPACE_SOURCE_ID, other], [store.documents[0].id, store.documents[3].id, store.documents[5].id])
    }
  })

  it('equals it on the seed workspace annotated through the contract, with another analyst’s copy', async () => {
    const dir = join(await tempDir('agreement-index-seed'), 'ws')
    const session = new WorkbenchSession({ seedsDir, dialogs: noDialogs })
    await session.start(dir)
    const made = await annotateFixture((name, input) => session.dispatch(name, input))
    await session.close()
    const { store, sources } = await opened(dir)
    // The other analyst read every third figure one character longer and gave every fifth no year.
    const copy = made.map((annotation, n) => ({
      ...annotation,
      id: randomUUID(),
      end: n % 3 === 0 ? annotation.end + 1 : annotation.end,
      attributes: n % 5 === 0 ? { ...annotation.attributes, periodYear: undefined } : annotation.attributes,
    }))
    const other = await sources.addImported({ name: 'B', fileName: 'b.json', format: 'json', importedAt: '2026-11-26T00:00:00.000Z', annotations: copy, problems: [] })
    const report = await expectSameReport(store, sources, [WORKSPACE_SOURCE_ID, other.id])
    expect(report.documentIds!.length).toBeGreaterThan(1)
  })

  it('reads no annotation file once the row files are written, and stays equal after edits and with row files deleted, damaged or stale', async () => {
    const { dir, store: first, sources: firstSources } = await newWorkspace('agreement-index-files')
    const other = await generated(first, firstSources, 7)
    await expectSameReport(first, firstSources, [WORKSPACE_SOURCE_ID, other])
    let { store, sources } = await reopened(dir, first)

    // Every row file true to its annotation file: agreement reads those, no annotation file at all
    // (a document never annotated has neither: its absence is looked up, and it has no rows).
    const withFile = new Set((await readdir(join(dir, ANNOTATIONS_DIR))).map((name) => name.slice(0, -'.json'.length)))
    expect(withFile.size).toBe(store.documents.length - 1)
    const read = [vi.spyOn(store, 'withAnnotationFile'), vi.spyOn(store, 'annotations'), vi.spyOn(store, 'allAnnotations')]
    await computeAgreement(store, sources, [WORKSPACE_SOURCE_ID, other])
    for (const spy of read) expect(spy.mock.calls.filter(([documentId]) => documentId === undefined || withFile.has(documentId as string))).toEqual([])
    for (const spy of read) spy.mockRestore()
    await expectSameReport(store, sources, [WORKSPACE_SOURCE_ID, other])

    // Edits, each followed by the index: a value changed, a span moved, one rejected, one deleted, one added.
    const doc = store.documents[0]
    const accepted = (await store.annotations(doc.id)).filter((annotation) => annotation.status === 'accepted')
    await store.updateAnnotation(doc.id, accepted[0].id, { attributes: { ...accepted[0].attributes, value: 77.5 } })
    await store.updateAnnotation(doc.id, accepted[1].id, { start: accepted[1].start + 2, end: accepted[1].end + 2 })
    await store.updateAnnotation(doc.id, accepted[2].id, { status: 'rejected' })
    await store.deleteAnnotation(store.documents[1].id, (await store.annotations(store.documents[1].id))[0].id)
    await store.createAnnotation({ documentId: store.documents[3].id, start: 2, end: 8, label: 'target', attributes: { indicator: 'gen-1', value: 6 } })
    await expectSameReport(store, sources, [WORKSPACE_SOURCE_ID, other])

    // Row files gone, damaged, or left from an earlier version (a crash between the two writes).
    ;({ store, sources } = await reopened(dir, store))
    const rows = join(dir, ROWS_DIR)
    const names = (await readdir(rows)).sort()
    expect(names.length).toBeGreaterThan(8)
    const stale = await readFile(join(rows, names[2]), 'utf8')
    await rm(join(rows, names[0]))
    await writeFile(join(rows, names[1]), 'not a row file')
    await store.updateAnnotation(
      names[2].slice(0, -'.rows'.length),
      (await store.annotations(names[2].slice(0, -'.rows'.length))).find((annotation) => annotation.status === 'accepted')!.id,
      { attributes: { indicator: 'gen-4', value: 1 } },
    )
    ;({ store, sources } = await reopened(dir, store))
    await writeFile(join(rows, names[2]), stale)
    const digits = await readFile(join(rows, names[3]), 'utf8')
    await writeFile(join(rows, names[3]), digits.replace(/"start":\[(\d)/, (_, digit: string) => `"start":[${(Number(digit) + 1) % 10}`))
    await expectSameReport(store, sources, [WORKSPACE_SOURCE_ID, other])
    expect(workspaceRowIndex(store).blocksInOrder().map((block) => block.documentId)).toEqual(store.documents.map((doc) => doc.id))
  })
})
