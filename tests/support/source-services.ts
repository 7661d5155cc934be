// What the tests of sources read through their indexes share: a workspace opened with its source
// store, compare and Annotations table services, and closed after each test once every summary and
// row file queued is written (a test reopening it reads what a restart would).
import { afterEach } from 'vitest'
import type { AnnotationTablePage } from '../../src/shared/api'
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
