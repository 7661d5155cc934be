// Runs in its own process (see big-corpus.ts) so that its peak memory is the app's main side alone.
// `index`: builds every figure summary from the annotation files, as the first opening after an
// upgrade does. `open`: opens the workspace as the app does, lists the library, and opens the
// compare view twice.
import { performance } from 'node:perf_hooks'
import { WorkbenchSession } from '../../src/main/services/workbench-session'
import { WorkspaceStore } from '../../src/main/services/workspace-store'

const [step, dir, seedsDir] = process.argv.slice(2)
const figures: Record<string, number> = {}

if (step === 'index') {
  const store = await WorkspaceStore.open(dir)
  const started = performance.now()
  const summaries = await store.figureSummaries('figures')
  await store.flush()
  // Until every summary is durable on disk.
  figures.indexMs = performance.now() - started
  figures.figures = summaries.reduce((sum, summary) => sum + summary.length, 0)
  await store.close()
} else {
  const session = new WorkbenchSession({ seedsDir, dialogs: { chooseFolder: async () => null, chooseFiles: async () => [] } })
  let started = performance.now()
  await session.start(dir)
  const listed = await session.dispatch('documents.list', {})
  figures.openAndListMs = performance.now() - started
  if (!listed.ok) throw new Error(listed.error.message)
  figures.documents = (listed.value as unknown[]).length
  for (const name of ['compareFirstMs', 'compareAgainMs']) {
    started = performance.now()
    const page = await session.dispatch('compare.matrix', { filters: {}, offset: 0, limit: 100 })
    figures[name] = performance.now() - started
    if (!page.ok) throw new Error(page.error.message)
  }
  await session.close()
}
figures.peakRssMb = process.resourceUsage().maxRSS / 1024
process.stdout.write(JSON.stringify(figures))
