// The figure index (issue 13) gives the same answers as the full engine over every annotation
// file whole: statuses, figures, warnings and the unplaced list of compare, and the commitments
// view, on the seed workspace and on generated ones, after edits, undo, indicator merges, and
// with summary files deleted, damaged or left from an earlier version of their annotation file.
import { readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { compareAcrossYears, rowView, type CompareFilters, type CompareResult } from '../../src/shared/compare'
import type { Annotation, AnnotationFile, Comparator } from '../../src/shared/model'
import { CodebookService } from '../../src/main/services/codebook-service'
import { CompareService, commitmentEntries } from '../../src/main/services/compare-service'
import { FIGURES_DIR } from '../../src/main/services/figure-index'
import { SourceStore } from '../../src/main/services/sources'
import { WorkbenchSession, type Dialogs } from '../../src/main/services/workbench-session'
import { ANNOTATIONS_DIR, WorkspaceStore } from '../../src/main/services/workspace-store'
import { annotateFixture } from '../support/compare-fixture'
import { seedsDir, tempDir } from '../support/paths'

const stores: WorkspaceStore[] = []
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()))
})

const noDialogs: Dialogs = { chooseFolder: async () => null, chooseFiles: async () => [], chooseSaveFile: async () => null }

/** A workspace of the seed documents, annotated by `annotate` through the contract, then closed. */
async function seedWorkspace(annotate: (dispatch: (name: string, input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>) => Promise<unknown>): Promise<string> {
  const dir = join(await tempDir('compare-index'), 'ws')
  const session = new WorkbenchSession({ seedsDir, dialogs: noDialogs })
  await session.start(dir)
  await annotate((name, input) => session.dispatch(name, input))
  await session.close()
  return dir
}

async function opened(dir: string): Promise<{ store: WorkspaceStore; compare: CompareService }> {
  const store = await WorkspaceStore.open(dir)
  stores.push(store)
  return { store, compare: new CompareService(store, new SourceStore(store)) }
}

async function reopened(dir: string, previous: WorkspaceStore) {
  await previous.close()
  stores.splice(stores.indexOf(previous), 1)
  return opened(dir)
}

const FILTERS: CompareFilters[] = [
  {},
  { labels: ['target'] },
  { yearFrom: 2018, yearTo: 2021 },
  { statuses: ['met', 'missed'] },
  { docTypes: ['government-work-report'] },
  { indicatorKeys: ['tech-contract-turnover', 'gen-1', 'gen-3'] },
]

function answers(result: CompareResult) {
  return {
    years: result.years,
    latestDocumentYear: result.latestDocumentYear,
    tolerancePercent: result.tolerancePercent,
    rows: result.rows.map((row) => rowView(row, result.sources)),
    unplaced: result.unplaced,
  }
}

/** The indexed answers equal the full engine's over every annotation file read whole. */
async function expectSameAnswers(store: WorkspaceStore, compare: CompareService): Promise<{ rows: number; verdicts: number }> {
  const all = await store.allAnnotations()
  let rows = 0
  let verdicts = 0
  for (const filters of FILTERS) {
    const full = compareAcrossYears({ annotations: all, documents: store.documents, indicators: store.indicators, tolerancePercent: store.settings.approxTolerancePercent, filters })
    const indexed = await compare.matrix(filters)
    expect(answers(indexed)).toEqual(answers(full))
    rows += full.rows.length
    verdicts += full.rows.flatMap((row) => row.cells).filter((cell) => cell.status !== null).length
  }
  expect(await compare.commitments()).toEqual(commitmentEntries(all, store.documents, store.indicators))
  return { rows, verdicts }
}

/** A small deterministic random source, so a failure can be run again. */
function randomFrom(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
  return { next, pick: <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)], int: (n: number) => Math.floor(next() * n) }
}

const UNITS = ['亿元', '万亿元', '元', '%', '个百分点', '', '家', '万家']
const COMPARATORS: Comparator[] = ['>', '>=', '=', '≈', '<=', '<']

/** Targets, achievements and commitments of every kind the engine tells apart, some linked as follow-ups. */
async function annotateRandomly(dispatch: (name: string, input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>, seed: number, count: number): Promise<void> {
  const random = randomFrom(seed)
  const listed = (await dispatch('documents.list', {})).value as Array<{ id: string; textLength: number }>
  const commitments: Annotation[] = []
  for (let n = 0; n < count; n++) {
    const doc = random.pick(listed)
    const start = random.int(doc.textLength - 60)
    const label = random.pick(['target', 'achievement', 'commitment', 'target', 'achievement'])
    const attributes: Record<string, unknown> = {}
    if (random.next() < 0.9) attributes.indicator = `gen-${random.int(8)}`
    if (random.next() < 0.9) attributes.value = Math.round(random.next() * 1000) / 10
    if (random.next() < 0.2) attributes.valueMax = (attributes.value as number | undefined ?? 0) + 5
    if (random.next() < 0.8) attributes.unit = random.pick(UNITS)
    if (random.next() < 0.8) attributes.comparator = random.pick(COMPARATORS)
    const year = random.next()
    if (year < 0.7) attributes.periodYear = 2016 + random.int(10)
    else if (year < 0.85) attributes.deadlineYear = 2016 + random.int(10)
    const created = await dispatch('annotations.create', { documentId: doc.id, start, end: start + 4 + random.int(40), label, attributes })
    if (!created.ok) throw new Error(JSON.stringify(created.error))
    const annotation = created.value as Annotation
    const status = random.next()
    if (status < 0.1) await dispatch('annotations.update', { documentId: doc.id, id: annotation.id, status: 'rejected' })
    if (label === 'commitment') {
      const earlier = commitments.length > 0 && random.next() < 0.5 ? random.pick(commitments) : null
      if (earlier) await dispatch('annotations.update', { documentId: doc.id, id: annotation.id, links: [{ type: 'follow-up-of', annotationId: earlier.id, documentId: earlier.documentId }] })
      commitments.push(annotation)
    }
  }
}

async function summaryFiles(dir: string): Promise<string[]> {
  return (await readdir(join(dir, FIGURES_DIR)).catch(() => [] as string[])).sort()
}

describe('the figure index answers as the full engine', () => {
  it('on the seed workspace, from memory and from the summary files after reopening', async () => {
    const dir = await seedWorkspace((dispatch) => annotateFixture(dispatch))
    let { store, compare } = await opened(dir)
    const { verdicts } = await expectSameAnswers(store, compare)
    expect(verdicts).toBeGreaterThan(10)
    await store.flush()
    const written = await summaryFiles(dir)
    expect(written.length).toBeGreaterThan(0)
    ;({ store, compare } = await reopened(dir, store))
    await compare.matrix({})
    // Read from the summaries: no annotation file was loaded for it.
    expect(store.documents.map((doc) => store.loadedAnnotationCount(doc.id)).filter((count) => count !== null)).toEqual([])
    await expectSameAnswers(store, compare)
  })

  for (const seed of [1, 2, 3]) {
    it(`on a generated workspace (seed ${seed}), after edits, undo and an indicator merge`, async () => {
      const dir = await seedWorkspace((dispatch) => annotateRandomly(dispatch, seed, 160))
      const { store, compare } = await opened(dir)
      await expectSameAnswers(store, compare)
      const random = randomFrom(seed * 7919)
      const all = await store.allAnnotations()
      const figures = all.filter((annotation) => annotation.label !== 'commitment' && annotation.attributes.value !== undefined)
      // An edit of a figure, and its undo.
      const edited = random.pick(figures)
      await store.updateAnnotation(edited.documentId, edited.id, { attributes: { ...edited.attributes, value: (edited.attributes.value ?? 0) * 3 + 1 } })
      await expectSameAnswers(store, compare)
      await store.updateAnnotation(edited.documentId, edited.id, { attributes: edited.attributes })
      await expectSameAnswers(store, compare)
      // A delete, and its undo.
      const deleted = random.pick(figures)
      await store.deleteAnnotation(deleted.documentId, deleted.id)
      await expectSameAnswers(store, compare)
      await store.restoreAnnotation(deleted)
      await expectSameAnswers(store, compare)
      // A rejected proposal accepted, a commitment's status set.
      const rejected = all.find((annotation) => annotation.status === 'rejected')
      if (rejected) await store.updateAnnotation(rejected.documentId, rejected.id, { status: 'accepted' })
      await expectSameAnswers(store, compare)
      // Two generated indicators merged into one: every annotation of the first moves.
      await store.saveIndicator({ key: 'gen-1', name: '生成一', unit: '亿元', higherIsBetter: true, aliases: [] })
      await store.saveIndicator({ key: 'gen-2', name: '生成二', unit: '亿元', higherIsBetter: false, aliases: [] })
      const { moved } = await new CodebookService(store).merge('gen-2', 'gen-1')
      expect(moved).toBeGreaterThan(0)
      await expectSameAnswers(store, compare)
    })
  }
})

describe('a summary is never trusted over its annotation file', () => {
  async function prepared() {
    const dir = await seedWorkspace((dispatch) => annotateRandomly(dispatch, 11, 120))
    const first = await opened(dir)
    await first.compare.matrix({})
    await first.store.flush()
    const files = await summaryFiles(dir)
    expect(files.length).toBeGreaterThan(1)
    return { dir, first, files }
  }

  it('rebuilds a deleted summary', async () => {
    const { dir, first, files } = await prepared()
    await rm(join(dir, FIGURES_DIR, files[0]))
    const { store, compare } = await reopened(dir, first.store)
    await expectSameAnswers(store, compare)
    await store.flush()
    expect(await summaryFiles(dir)).toEqual(files)
  })

  it('rebuilds a damaged summary: a changed figure that still parses, and one cut short', async () => {
    const { dir, first, files } = await prepared()
    const changedPath = join(dir, FIGURES_DIR, files[0])
    const raw = await readFile(changedPath, 'utf8')
    // A digit of a value changed: valid JSON, wrong figure. The checksum catches it.
    const forged = raw.replace(/"value":(\d)/, (_, digit: string) => `"value":${(Number(digit) + 1) % 10}`)
    expect(forged).not.toBe(raw)
    await writeFile(changedPath, forged)
    await writeFile(join(dir, FIGURES_DIR, files[1]), (await readFile(join(dir, FIGURES_DIR, files[1]), 'utf8')).slice(0, 100))
    const { store, compare } = await reopened(dir, first.store)
    await expectSameAnswers(store, compare)
    await store.flush()
    // Rebuilt from the same annotation file: the summary as it was first written.
    expect(await readFile(changedPath, 'utf8')).toBe(raw)
  })

  it('rebuilds a summary left from an earlier version of its annotation file (a crash between the two writes, an outside edit)', async () => {
    const { dir, first, files } = await prepared()
    await first.store.close()
    stores.splice(stores.indexOf(first.store), 1)
    const documentId = files.map((name) => name.replace('.summary', '')).find(Boolean)!
    const path = join(dir, ANNOTATIONS_DIR, `${documentId}.json`)
    const file = JSON.parse(await readFile(path, 'utf8')) as AnnotationFile
    const figure = file.annotations.find((annotation) => annotation.status === 'accepted' && annotation.label !== 'commitment' && annotation.attributes.value !== undefined)!
    figure.attributes.value = 123456
    await writeFile(path, JSON.stringify(file))
    const { store, compare } = await opened(dir)
    const result = await compare.matrix({})
    expect(result.rows.flatMap((row) => row.cells.flatMap((cell) => [...cell.targets, ...cell.actuals])).some((shown) => shown.id === figure.id && shown.attributes.value === 123456)).toBe(true)
    await expectSameAnswers(store, compare)
  })

  it('answers from the annotation files when opened read-only, writing no summary', async () => {
    const dir = await seedWorkspace((dispatch) => annotateRandomly(dispatch, 5, 80))
    await rm(join(dir, FIGURES_DIR), { recursive: true, force: true })
    const store = await WorkspaceStore.open(dir, { withoutLock: true })
    stores.push(store)
    await expectSameAnswers(store, new CompareService(store, new SourceStore(store)))
    expect(await summaryFiles(dir)).toEqual([])
  })
})

describe('compare --json in pieces', () => {
  it('prints exactly what one JSON.stringify would', async () => {
    const { LazyList, prettyJsonPieces } = await import('../../src/shared/json-pieces')
    const report = {
      workspace: '/w',
      empty: [],
      indicators: Array.from({ length: 2345 }, (_, n) => ({ key: `k${n}`, years: [{ year: 2020, targets: [{ value: n, quote: '第一\n行' }] }], missing: undefined })),
      nested: { a: [1, 2], b: null },
      holes: [1, undefined, 'x'],
      skipped: undefined,
      // Lists made as they are printed, inside objects inside lists.
      lazy: new LazyList(3, (n) => ({ n, inner: new LazyList(n, (m) => ({ m, no: undefined, list: [m, undefined] })), empty: new LazyList(0, () => 0), small: [{}, []] })),
      long: Array.from({ length: 100 }, (_, n) => (n % 2 ? { n } : [n, null])),
    }
    const pieces = [...prettyJsonPieces(report)]
    expect(pieces.length).toBeGreaterThan(4)
    expect(pieces.join('\n')).toBe(JSON.stringify(report, null, 2))
    expect([...prettyJsonPieces({})].join('\n')).toBe(JSON.stringify({}, null, 2))
    // Large elements end a piece after about a million characters, not after a thousand elements.
    const large = { rows: Array.from({ length: 9 }, (_, n) => ({ quote: '长'.repeat(400_000), n })) }
    const largePieces = [...prettyJsonPieces(large)]
    expect(largePieces.length).toBeGreaterThanOrEqual(5)
    expect(Math.max(...largePieces.map((piece) => piece.length))).toBeLessThan(1_300_000)
    expect(largePieces.join('\n')).toBe(JSON.stringify(large, null, 2))
  })

  it('prints a flat list, whose elements are not searched for lists, exactly as JSON.stringify would', async () => {
    const { LazyList, prettyJsonPieces } = await import('../../src/shared/json-pieces')
    const figure = (n: number) => ({ value: n % 3 ? n / 7 : null, valueMax: n % 2 ? undefined : n, written: { value: n, valueMax: undefined, unit: '亿元' }, quote: `第${n}\n"条"`, list: [n, undefined] })
    const report = { rows: new LazyList(3, (r) => ({ r, figures: new LazyList(200 * r, (n) => figure(n), true), empty: new LazyList(0, figure, true) })) }
    const pieces = [...prettyJsonPieces(report)]
    expect(pieces.join('\n')).toBe(JSON.stringify(report, null, 2))
  })
})

describe('incremental compare: an edit recomputes only the indicators it touches', () => {
  /** One service per filter set, each keeping its own matrix, checked against the full engine after every edit. */
  async function checker(store: WorkspaceStore) {
    const services = FILTERS.map(() => new CompareService(store, new SourceStore(store)))
    return async () => {
      const all = await store.allAnnotations()
      for (const [n, filters] of FILTERS.entries()) {
        const full = compareAcrossYears({ annotations: all, documents: store.documents, indicators: store.indicators, tolerancePercent: store.settings.approxTolerancePercent, filters })
        expect(answers(await services[n].matrix(filters)), JSON.stringify(filters)).toEqual(answers(full))
      }
      return services.reduce((sum, service) => sum + service.computations.spliced, 0)
    }
  }

  for (const seed of [21, 22]) {
    it(`gives the full engine's matrix after each of many edits, undos and merges (seed ${seed})`, async () => {
      const dir = await seedWorkspace((dispatch) => annotateRandomly(dispatch, seed, 200))
      const { store } = await opened(dir)
      const check = await checker(store)
      expect(await check()).toBe(0)
      const random = randomFrom(seed * 31)
      const figureOf = async () => random.pick((await store.allAnnotations()).filter((annotation) => annotation.label !== 'commitment'))
      for (let step = 0; step < 24; step++) {
        const figure = await figureOf()
        const attributes = { ...figure.attributes }
        switch (step % 8) {
          case 0:
            attributes.value = Math.round(random.next() * 1000) / 10
            break
          case 1:
            attributes.indicator = `gen-${random.int(9)}`
            break
          case 2:
            delete attributes.indicator
            break
          case 3:
            attributes.periodYear = 2016 + random.int(10)
            break
          case 4:
            attributes.unit = random.pick(UNITS)
            break
          case 5: {
            await store.updateAnnotation(figure.documentId, figure.id, { status: figure.status === 'rejected' ? 'accepted' : 'rejected' })
            await check()
            continue
          }
          case 6: {
            // A delete and its undo, which puts the annotation back at the end of its document.
            await store.deleteAnnotation(figure.documentId, figure.id)
            await check()
            await store.restoreAnnotation(figure)
            await check()
            continue
          }
          case 7: {
            const start = random.int(200)
            await store.createAnnotation({ documentId: figure.documentId, start, end: start + 6, label: random.pick(['target', 'achievement']), attributes: { indicator: `gen-${random.int(8)}`, value: random.int(100), unit: random.pick(UNITS), periodYear: 2016 + random.int(10) } })
            await check()
            continue
          }
        }
        await store.updateAnnotation(figure.documentId, figure.id, { attributes })
        await check()
        // Its undo: the figure as it was.
        if (step % 3 === 0) {
          await store.updateAnnotation(figure.documentId, figure.id, { attributes: figure.attributes })
          await check()
        }
      }
      // Every figure of one indicator in one document moved to another: the indicator leaves that document.
      const moved = await figureOf()
      const group = moved.attributes.indicator
      await store.updateAnnotationsWhere(moved.documentId, (annotation) => annotation.attributes.indicator === group, (current) => ({ attributes: { ...current.attributes, indicator: 'gen-moved' } }))
      await check()
      // The codebook: an indicator added (its row takes its name and unit), then two merged.
      await store.saveIndicator({ key: 'gen-1', name: '生成一', unit: '亿元', higherIsBetter: true, aliases: [] })
      await check()
      await store.saveIndicator({ key: 'gen-2', name: '生成二', unit: '亿元', higherIsBetter: false, aliases: [] })
      await check()
      await new CodebookService(store).merge('gen-2', 'gen-1')
      const spliced = await check()
      // Most answers were spliced, not computed in full: the path under test was taken.
      expect(spliced).toBeGreaterThan(FILTERS.length * 20)
    })
  }

  it('splices the next edit after reopening with a deleted summary', async () => {
    const dir = await seedWorkspace((dispatch) => annotateRandomly(dispatch, 23, 120))
    const first = await opened(dir)
    await first.compare.matrix({})
    await first.store.flush()
    const files = await summaryFiles(dir)
    await rm(join(dir, FIGURES_DIR, files[0]))
    const { store } = await reopened(dir, first.store)
    const check = await checker(store)
    await check()
    const figure = (await store.allAnnotations()).find((annotation) => annotation.documentId === files[0].replace('.summary', '') && annotation.label === 'target')!
    await store.updateAnnotation(figure.documentId, figure.id, { attributes: { ...figure.attributes, value: 999 } })
    expect(await check()).toBe(FILTERS.length)
  })
})
