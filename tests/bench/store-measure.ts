// Runs in its own process so that its peak memory is the store's, not the generator's.
import { performance } from 'node:perf_hooks'
import { WorkbenchSession } from '../../src/main/services/workbench-session'

const [dir, seedsDir] = process.argv.slice(2)
const session = new WorkbenchSession({ seedsDir, dialogs: { chooseFolder: async () => null, chooseFiles: async () => [] } })

let started = performance.now()
await session.start(dir)
const openMs = performance.now() - started
const firstList = await session.dispatch('documents.list', {})
const openAndListMs = performance.now() - started
if (!firstList.ok) throw new Error(firstList.error.message)
started = performance.now()
const list = await session.dispatch('annotations.countAll', {})
const countAllMs = performance.now() - started
if (!list.ok) throw new Error(list.error.message)
const documents = list.value as Array<{ id: string; textLength: number; annotationCount: number }>
const rssAfterLoadMb = process.memoryUsage().rss / 1024 / 1024
const annotationTotal = documents.reduce((sum, doc) => sum + doc.annotationCount, 0)

const createMs: number[] = []
for (let i = 0; i < 1000; i++) {
  const doc = documents[(i * 37) % documents.length]
  const start = (i * 13) % (doc.textLength - 20)
  started = performance.now()
  const outcome = await session.dispatch('annotations.create', { documentId: doc.id, start, end: start + 10, label: 'target', attributes: { value: i, unit: '家' } })
  createMs.push(performance.now() - started)
  if (!outcome.ok) throw new Error(outcome.error.message)
}
// Normal use keeps counts, not annotations (annotations.countAll): the peak so far is an opening's.
// Then the link picker's search: one that finds its 20 in the first documents, and one that finds
// nothing, so reads every document's rows (the row index, made here from the annotation files).
const openedPeakRssMb = process.resourceUsage().maxRSS / 1024
const searched = await session.dispatch('annotations.search', { query: '亿元', limit: 20 })
if (!searched.ok) throw new Error(searched.error.message)
if ((searched.value as unknown[]).length !== 20) throw new Error(`the link search found ${(searched.value as unknown[]).length} of 20`)
started = performance.now()
const nothing = await session.dispatch('annotations.search', { query: '不在任何标注里的文字', limit: 20 })
const searchAllMs = performance.now() - started
if (!nothing.ok) throw new Error(nothing.error.message)
await session.close()
process.stdout.write(
  JSON.stringify({
    openMs,
    openAndListMs,
    countAllMs,
    rssAfterLoadMb,
    documents: documents.length,
    annotationTotal,
    createMs,
    openedPeakRssMb,
    searchAllMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
)
