// The Annotations table in pages (issue 13): main's filtered, sorted pages over its row index equal
// the table computed from every annotation read whole, for every column and direction, with
// filters, after edits, and when row files are missing, damaged or left from an earlier version of
// their annotation file (a crash between the two writes): no wrong row is ever shown.
import { randomUUID } from 'node:crypto'
import { readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { annotationTableColumns, type AnnotationTableColumn, type AnnotationTablePage, type ApiInput } from '../../src/shared/api'
import type { Annotation, AnnotationFile } from '../../src/shared/model'
import { ROWS_DIR, documentsByYear } from '../../src/main/services/annotation-rows/row-index'
import { AnnotationTableService } from '../../src/main/services/annotation-rows/table-service'
import { rowsInBlockOrder } from '../../src/main/services/annotation-rows/table-query'
import { SourceStore } from '../../src/main/services/sources'
import type { WorkbenchSession } from '../../src/main/services/workbench-session'
import { ANNOTATIONS_DIR } from '../../src/main/services/workspace-store'
import { seedsDir, tempDir } from '../support/paths'
import { call, sessionOpener } from '../support/session'

const open = sessionOpener(seedsDir)

/** Every row of a query, page by page as the renderer asks, once the index is built. */
async function allPages(session: WorkbenchSession, query: Omit<ApiInput<'annotations.page'>, 'offset' | 'limit'>, limit = 97): Promise<AnnotationTablePage['rows'] & { total?: number }> {
  let first = await call<AnnotationTablePage>(session, 'annotations.page', { ...query, offset: 0, limit })
  while (first.building) first = await call<AnnotationTablePage>(session, 'annotations.page', { ...query, offset: 0, limit })
  const rows = [...first.rows]
  while (rows.length < first.total) rows.push(...(await call<AnnotationTablePage>(session, 'annotations.page', { ...query, offset: rows.length, limit })).rows)
  return rows
}

/** The table as the renderer computed it before issue 13: every annotation, sorted in memory. */
async function expected(session: WorkbenchSession, sort: { column: AnnotationTableColumn; desc: boolean } | undefined, keep: (annotation: Annotation) => boolean = () => true): Promise<string[]> {
  const store = session.workspace!
  const all = (await call<Annotation[]>(session, 'annotations.listAll', {})).filter((annotation) => annotation.status === 'accepted' && keep(annotation))
  const collator = new Intl.Collator('zh-Hans-CN', { numeric: true })
  const docs = new Map(store.documents.map((doc) => [doc.id, doc]))
  const names = new Map(store.indicators.map((indicator) => [indicator.key, indicator.name]))
  const labels = new Map(store.labels.map((label) => [label.key, label.name['zh-CN']]))
  const key = (annotation: Annotation): string | number | null => {
    const doc = docs.get(annotation.documentId)!
    switch (sort?.column) {
      case 'label': return labels.get(annotation.label) ?? annotation.label
      case 'quote': return annotation.quote
      case 'indicator': return annotation.attributes.indicator ? (names.get(annotation.attributes.indicator) ?? annotation.attributes.indicator) : null
      case 'value': return annotation.attributes.value ?? null
      case 'periodYear': return annotation.attributes.periodYear ?? null
      case 'documentTitle': return doc.title
      case 'documentYear': return doc.meta.year
      case 'docType': return doc.meta.docType
      case 'author': return annotation.author || null
      case 'updated': return annotation.updatedAt.slice(0, 16)
      default: return 0
    }
  }
  const compare = (a: string | number, b: string | number) =>
    typeof a === 'number' ? a - (b as number) : sort?.column === 'quote' ? (a < b ? -1 : a > b ? 1 : 0) : collator.compare(a, b as string)
  const keyed = all.map((annotation, at) => ({ id: annotation.id, at, key: key(annotation) }))
  keyed.sort((x, y) => {
    if (x.key === null || y.key === null) return x.key === y.key ? x.at - y.at : x.key === null ? 1 : -1
    const order = compare(x.key, y.key)
    return order === 0 ? x.at - y.at : sort?.desc ? -order : order
  })
  return keyed.map((entry) => entry.id)
}

const labels = ['target', 'achievement', 'commitment']

/** The seed workspace with `perDocument` annotations written into each annotation file, as a large workspace holds them. */
async function generated(perDocument = 40): Promise<string> {
  const dir = join(await tempDir('annotation-table'), 'ws')
  const session = await open(dir)
  const store = session.workspace!
  for (const doc of store.documents) {
    const text = await store.text(doc.id)
    const annotations: Annotation[] = Array.from({ length: perDocument }, (_, a) => {
      const start = (a * 97) % (text.length - 400)
      const end = start + 8 + (a % 10 === 0 ? 300 : a % 30)
      const stamp = `2026-0${1 + (a % 9)}-1${a % 10}T0${a % 10}:${10 + a}:00.000Z`
      return {
        id: randomUUID(), documentId: doc.id, start, end, quote: text.slice(start, end), prefix: '', suffix: '', label: labels[a % 3],
        attributes: a % 2 === 0 ? { indicator: `indicator-${a % 7}`, value: (a * 37) % 11, unit: a % 4 === 0 ? '亿元' : '%', comparator: '>', periodYear: 2015 + (a % 6) } : {},
        links: [], status: 'accepted', author: a % 5 === 0 ? '' : `analyst-${a % 3}`, createdAt: stamp, updatedAt: stamp,
      }
    })
    const file: AnnotationFile = { schemaVersion: 1, documentId: doc.id, annotations }
    await writeFile(join(dir, ANNOTATIONS_DIR, `${doc.id}.json`), JSON.stringify(file))
  }
  await session.close()
  open.sessions.splice(0)
  return dir
}

/** Variety the generator lacks: another annotator, proposals, values and years, an indicator name from the codebook. */
async function vary(session: WorkbenchSession): Promise<void> {
  const store = session.workspace!
  await call(session, 'settings.update', { annotator: '李四' })
  for (const [n, doc] of store.documents.slice(0, 6).entries()) {
    const annotations = await store.annotations(doc.id)
    await call(session, 'annotations.update', { documentId: doc.id, id: annotations[n].id, status: 'suggested' })
    await call(session, 'annotations.update', { documentId: doc.id, id: annotations[n + 1].id, attributes: { indicator: 'tech-contract-turnover', value: 1000 - n, periodYear: 2010 + n } })
    await call(session, 'annotations.create', { documentId: doc.id, start: 5 + n, end: 12 + n, label: 'commitment' })
  }
}

describe('annotations.page', () => {
  it('equals the table sorted in memory, for every column both ways, page by page', async () => {
    const session = await open(await generated())
    await vary(session)
    const total = (await expected(session, undefined)).length
    for (const column of annotationTableColumns) {
      for (const desc of [false, true]) {
        const rows = await allPages(session, { sort: { column, desc } })
        expect(rows.length, `${column} ${desc}`).toBe(total)
        expect(rows.map((row) => row.id), `${column} ${desc ? 'desc' : 'asc'}`).toEqual(await expected(session, { column, desc }))
      }
    }
  })

  it('filters by text, label, document type, year and document, counting what the scope holds', async () => {
    const session = await open(await generated())
    await vary(session)
    const store = session.workspace!
    const doc = store.documents[3]
    const title = (id: string) => store.document(id).title
    const year = store.documents[0].meta.year!
    const docType = store.documents[1].meta.docType
    const titlePart = store.documents[2].title.slice(2, 6)
    const cases: Array<[ApiInput<'annotations.page'>['filters'], (annotation: Annotation) => boolean]> = [
      [{ label: 'commitment' }, (annotation) => annotation.label === 'commitment'],
      [{ documentYear: year }, (annotation) => store.document(annotation.documentId).meta.year === year],
      [{ docType, label: 'target' }, (annotation) => annotation.label === 'target' && store.document(annotation.documentId).meta.docType === docType],
      [{ documentYear: 1901 }, () => false],
      [{ text: titlePart }, (annotation) => title(annotation.documentId).includes(titlePart) || annotation.quote.includes(titlePart)],
      [{ text: '亿元' }, (annotation) => annotation.attributes.unit === '亿元' || annotation.quote.includes('亿元') || title(annotation.documentId).includes('亿元')],
      [{ text: '成效' }, (annotation) => annotation.label === 'achievement' || annotation.quote.includes('成效') || title(annotation.documentId).includes('成效')],
      // 技术合同成交额 is the codebook's name of tech-contract-turnover: found by name, not key.
      [{ text: '技术合同成交额' }, (annotation) => annotation.attributes.indicator === 'tech-contract-turnover' || annotation.quote.includes('技术合同成交额') || title(annotation.documentId).includes('技术合同成交额')],
      [{ text: 'INDICATOR-4' }, (annotation) => (annotation.attributes.indicator ?? '').includes('indicator-4') || annotation.quote.toLowerCase().includes('indicator-4')],
    ]
    for (const [filters, keep] of cases) {
      const rows = await allPages(session, { filters, sort: { column: 'value', desc: true } })
      expect(rows.map((row) => row.id), JSON.stringify(filters)).toEqual(await expected(session, { column: 'value', desc: true }, keep))
    }
    const scoped = await call<AnnotationTablePage>(session, 'annotations.page', { documentId: doc.id, filters: { label: 'target' }, limit: 1000 })
    const own = (await store.annotations(doc.id)).filter((annotation) => annotation.status === 'accepted')
    expect(scoped.unfiltered).toBe(own.length)
    expect(scoped.rows.map((row) => row.id)).toEqual(own.filter((annotation) => annotation.label === 'target').map((annotation) => annotation.id))
  })

  it('groups by indicator with the chosen order inside each group and each group’s size', async () => {
    const session = await open(await generated(30))
    const page = await call<AnnotationTablePage>(session, 'annotations.page', { groupByIndicator: true, sort: { column: 'value', desc: true }, limit: 1000 })
    const indicators = page.rows.map((row) => row.indicatorName)
    // Each indicator's rows come together, in the collator's order, rows without one last.
    const groups = indicators.filter((name, at) => at === 0 || name !== indicators[at - 1])
    expect(new Set(groups).size).toBe(groups.length)
    expect(groups.at(-1)).toBe('')
    for (const key of Object.keys(page.groupSizes!)) expect(page.groupSizes![key]).toBe(page.rows.filter((row) => (row.indicator ?? '') === key).length)
    const inGroup = page.rows.filter((row) => row.indicator === 'indicator-2').map((row) => row.value!)
    expect(inGroup).toEqual(inGroup.toSorted((a, b) => b - a))
  })

  it('follows edits, deletions and documents removed and restored', async () => {
    const session = await open(await generated(20))
    const store = session.workspace!
    const doc = store.documents[1]
    const before = await allPages(session, { sort: { column: 'quote', desc: false } })
    const made = await call<Annotation>(session, 'annotations.create', { documentId: doc.id, start: 3, end: 9, label: 'target', attributes: { value: 7 } })
    let rows = await allPages(session, { sort: { column: 'quote', desc: false } })
    expect(rows).toHaveLength(before.length + 1)
    expect(rows.find((row) => row.id === made.id)).toMatchObject({ value: 7, quote: made.quote, documentId: doc.id, author: '' })
    await call(session, 'annotations.delete', { documentId: doc.id, id: made.id })
    await call(session, 'documents.delete', { id: doc.id })
    rows = await allPages(session, {})
    expect(rows.some((row) => row.documentId === doc.id)).toBe(false)
    await call(session, 'documents.restore', { id: doc.id })
    rows = await allPages(session, { sort: { column: 'quote', desc: false } })
    expect(rows.map((row) => row.id)).toEqual(before.map((row) => row.id))
  })

  it('never shows rows of a row file that is damaged, missing or written for an earlier version of its annotation file', async () => {
    const dir = await generated(25)
    let session = await open(dir)
    const doc = session.workspace!.documents[2]
    await allPages(session, {})
    await session.close()
    const rowsFile = join(dir, ROWS_DIR, `${doc.id}.rows`)
    const older = await readFile(rowsFile, 'utf8')
    // A save whose row file never made it to disk: the app stopped between the two writes.
    session = await open(dir)
    const annotations = await session.workspace!.annotations(doc.id)
    await call(session, 'annotations.update', { documentId: doc.id, id: annotations[0].id, attributes: { value: 424242 } })
    await call(session, 'annotations.delete', { documentId: doc.id, id: annotations[1].id })
    await session.close()
    const damages: Array<[string, () => Promise<void>]> = [
      ['left from the earlier version', () => writeFile(rowsFile, older)],
      ['a digit changed', () => writeFile(rowsFile, older.replace(/"start":\[(\d)/, (_, digit: string) => `"start":[${(Number(digit) + 1) % 10}`))],
      ['cut short', () => writeFile(rowsFile, older.slice(0, older.length / 2))],
      ['missing', () => rm(rowsFile)],
    ]
    for (const [name, damage] of damages) {
      await damage()
      session = await open(dir)
      const rows = await allPages(session, {})
      expect(rows.map((row) => row.id), name).toEqual(await expected(session, undefined))
      expect(rows.find((row) => row.id === annotations[0].id)?.value, name).toBe(424242)
      expect(rows.some((row) => row.id === annotations[1].id), name).toBe(false)
      await session.close()
      open.sessions.splice(0)
    }
    // Rebuilt and written again: the next opening reads it as it is.
    expect(JSON.parse((await readFile(rowsFile, 'utf8')).split('\n')[0]).documentId).toBe(doc.id)
    expect((await readdir(join(dir, ROWS_DIR))).filter((name) => name.endsWith('.rows'))).toHaveLength(5) // one per seed document
  })

  it('while the index is first read, answers the default order from the documents read so far, as the whole index will', async () => {
    const session = await open(await generated(30))
    const store = session.workspace!
    const full = await allPages(session, { sort: { column: 'documentYear', desc: false } })
    const service = new AnnotationTableService(store, () => new SourceStore(store))
    await service.index.ensure()
    const byYear = documentsByYear(store.documents)
    expect(byYear.map((id) => store.document(id).meta.year)).toEqual(store.documents.map((doc) => doc.meta.year).toSorted((a, b) => (a ?? 1e9) - (b ?? 1e9)))
    for (const read of [1, 2, 4]) {
      const blocks = service.index.prefixBlocks(byYear.slice(0, read))
      const context = { blocks, strings: service.index.strings, documents: new Map(), indicatorNames: new Map(), labelNames: new Map(), collator: new Intl.Collator('zh-Hans-CN') }
      const rows = rowsInBlockOrder(context, 7, 40)
      const known = blocks.reduce((sum, block) => sum + block.count, 0)
      expect(rows.map((row) => row.id)).toEqual(full.slice(7, Math.min(47, known)).map((row) => row.id))
    }
  })

  it('refuses an unknown source, naming it', async () => {
    const session = await open(await generated(10))
    const page = await call<AnnotationTablePage>(session, 'annotations.page', { source: 'no-such-source' }).catch((error: Error) => error)
    expect(page).toBeInstanceOf(Error)
    expect(String(page)).toContain('no-such-source')
  })
})
