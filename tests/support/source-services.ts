// What the tests of sources read through their indexes share: a workspace opened with its source
// store, compare and Annotations table services, and closed after each test once every summary and
// row file queued is written (a test reopening it reads what a restart would).
import { afterEach } from 'vitest'
import { randomUUID } from 'node:crypto'
import type { AnnotationTablePage } from '../../src/shared/api'
import type { Annotation, DocumentRecord } from '../../src/shared/model'
import { rowView, type CompareResult } from '../../src/shared/compare'
import type { TableQuery } from '../../src/main/services/annotation-rows/table-query'
import { AnnotationTableService } from '../../src/main/services/annotation-rows/table-service'
import { CompareService } from '../../src/main/services/compare-service'
import { SourceStore } from '../../src/main/services/sources'
import { WorkspaceStore } from '../../src/main/services/workspace-store'

export interface OpenedServices {
  store: WorkspaceStore
  sources: SourceStore
  compare: CompareService
  table: AnnotationTableService
}

async function closed({ store, sources, table }: OpenedServices): Promise<void> {
  await sources.indexesWritten()
  await table.idle()
  await store.close()
}

/** `opened` and `reopened` for one test file; `open` lists what is still to be closed after the test. */
export function sourceServices() {
  const open: OpenedServices[] = []
  afterEach(async () => {
    for (const services of open.splice(0)) await closed(services)
  })
  async function opened(dir: string, readOnly = false): Promise<OpenedServices> {
    const store = await WorkspaceStore.open(dir, { withoutLock: readOnly })
    const sources = new SourceStore(store)
    const result = { store, sources, compare: new CompareService(store, sources), table: new AnnotationTableService(store, () => sources) }
    open.push(result)
    return result
  }
  async function reopened(dir: string, previous: OpenedServices, readOnly = false): Promise<OpenedServices> {
    await closed(previous)
    open.splice(open.indexOf(previous), 1)
    return opened(dir, readOnly)
  }
  return { open, opened, reopened }
}

/** Every row of the table over a source, sorted as asked, page by page (pages of an odd size). */
export async function tableRows(table: AnnotationTableService, query: Omit<TableQuery, 'offset' | 'limit'>): Promise<AnnotationTablePage['rows']> {
  const rows: AnnotationTablePage['rows'] = []
  let total = Number.POSITIVE_INFINITY
  while (rows.length < total) {
    const page = await table.page({ ...query, offset: rows.length, limit: 53 })
    total = page.total
    rows.push(...page.rows)
  }
  return rows
}

/** What compare answers, as the view shows it. */
export function answers(result: CompareResult) {
  return { years: result.years, latestDocumentYear: result.latestDocumentYear, rows: result.rows.map((row) => rowView(row, result.sources)), unplaced: result.unplaced }
}

/**
 * A commitment on each of the first four documents (deadlines 2020–2023, on `indicator`), the last
 * a follow-up of the first: what the commitments view reads of a source.
 */
export function commitmentsOn(documents: readonly DocumentRecord[], indicator: string | undefined, author: string): Annotation[] {
  const at = '2026-11-26T00:00:00.000Z'
  const commitments = documents.slice(0, 4).map((doc, n): Annotation => ({
    id: randomUUID(),
    documentId: doc.id,
    start: 10 + n,
    end: 30 + n,
    quote: '',
    prefix: '',
    suffix: '',
    label: 'commitment',
    attributes: { indicator, deadlineYear: 2020 + n },
    links: [],
    status: 'accepted',
    author,
    createdAt: at,
    updatedAt: at,
  }))
  if (commitments.length > 1) commitments.at(-1)!.links = [{ type: 'follow-up-of', annotationId: commitments[0].id, documentId: commitments[0].documentId }]
  return commitments
}
