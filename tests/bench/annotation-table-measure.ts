// Runs in its own process (see annotation-table.ts) so that its peak memory is the app's main side
// alone. `build`: the row index made from every annotation file, as the table's first use after an
// upgrade does. `open`: opens the workspace as the app does (row files in place), opens the
// Annotations table until its first page, then pages, filters and sorts as a user does.
import { performance } from 'node:perf_hooks'
import type { AnnotationTablePage, ApiInput } from '../../src/shared/api'
import { WorkbenchSession } from '../../src/main/services/workbench-session'

const [step, dir, seedsDir] = process.argv.slice(2)
const figures: Record<string, number> = {}
const session = new WorkbenchSession({ seedsDir, dialogs: { chooseFolder: async () => null, chooseFiles: async () => [] } })

async function page(query: ApiInput<'annotations.page'>): Promise<AnnotationTablePage> {
  for (;;) {
    const outcome = await session.dispatch('annotations.page', query)
    if (!outcome.ok) throw new Error(outcome.error.message)
    const result = outcome.value as AnnotationTablePage
    // While the index is first read the answer is its progress; the view asks again.
    if (!result.building) return result
    await new Promise((done) => setTimeout(done, 100))
  }
}

async function timed(name: string, query: ApiInput<'annotations.page'>): Promise<AnnotationTablePage> {
  const started = performance.now()
  const result = await page(query)
  figures[name] = performance.now() - started
  return result
}

await session.start(dir)
const table = { limit: 100, sort: { column: 'documentYear', desc: false } } as const
if (step === 'build') {
  const first = await timed('buildMs', table)
  figures.rows = first.total
  const started = performance.now()
  await session.close()
  // Until every row file is durable on disk.
  figures.writeMs = performance.now() - started
} else {
  // The view shows the rows of the first documents read while it reads the rest, in its default order.
  const started = performance.now()
  for (;;) {
    const outcome = await session.dispatch('annotations.page', table)
    if (!outcome.ok) throw new Error(outcome.error.message)
    if ((outcome.value as AnnotationTablePage).rows.length > 0) break
    await new Promise((done) => setTimeout(done, 20))
  }
  figures.firstRowsMs = performance.now() - started
  const first = await timed('firstPageMs', table)
  figures.rows = first.total
  await timed('againMs', { ...table, offset: 0 })
  await timed('scrollMs', { ...table, offset: Math.floor(first.total / 2) })
  await timed('filterMs', { ...table, filters: { label: 'target' } })
  await timed('sortIndicatorMs', { ...table, sort: { column: 'indicator', desc: false } })
  await timed('sortIndicatorDescMs', { ...table, sort: { column: 'indicator', desc: true } })
  await timed('sortValueMs', { ...table, sort: { column: 'value', desc: true } })
  await timed('sortQuoteMs', { ...table, sort: { column: 'quote', desc: false } })
  await timed('textMs', { ...table, filters: { text: '创新' } })
  await session.close()
}
figures.peakRssMb = process.resourceUsage().maxRSS / 1024
process.stdout.write(JSON.stringify(figures))
