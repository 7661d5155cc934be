// Runs in its own process (see big-corpus.ts) so that its peak memory is the app's main side alone.
// `index`: builds every figure summary from the annotation files, as the first opening after an
// upgrade does. `open`: opens the workspace as the app does, lists the library, and opens the
// compare view twice.
import { performance } from 'node:perf_hooks'
import type { ComparePage } from '../../src/shared/api'
import type { Annotation } from '../../src/shared/model'
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
  figures.figures = summaries.reduce((sum, summary) => sum + summary.size, 0)
  await store.close()
} else {
  const session = new WorkbenchSession({ seedsDir, dialogs: { chooseFolder: async () => null, chooseFiles: async () => [] } })
  let started = performance.now()
  await session.start(dir)
  const listed = await session.dispatch('documents.list', {})
  figures.openAndListMs = performance.now() - started
  if (!listed.ok) throw new Error(listed.error.message)
  figures.documents = (listed.value as unknown[]).length
  // The request the compare view makes: its first 20 rows, 8 figures of each cell, the first 200 unplaced.
  const viewPage = async () => {
    const page = await session.dispatch('compare.matrix', { filters: {}, offset: 0, limit: 20, figuresPerCell: 8, unplacedLimit: 200 })
    if (!page.ok) throw new Error(page.error.message)
    return page.value as ComparePage
  }
  for (const name of ['compareFirstMs', 'compareAgainMs']) {
    started = performance.now()
    await viewPage()
    figures[name] = performance.now() - started
  }
  // One edit until the matrix shows it: a figure of the first row gets a new value, saved durably,
  // and the view's page asked for again shows it. Median of 9 edits.
  const edits: number[] = []
  for (let n = 0; n < 9; n++) {
    const shown = (await viewPage()).rows[0].cells[0].targets[0]
    const current = await session.dispatch('annotations.list', { documentId: shown.documentId })
    if (!current.ok) throw new Error(current.error.message)
    const annotation = (current.value as Annotation[]).find((candidate) => candidate.id === shown.annotationId)!
    const value = 1_000_000 + n
    started = performance.now()
    const updated = await session.dispatch('annotations.update', { documentId: shown.documentId, id: shown.annotationId, attributes: { ...annotation.attributes, value } })
    if (!updated.ok) throw new Error(updated.error.message)
    const after = (await viewPage()).rows.flatMap((row) => row.cells.flatMap((cell) => cell.targets)).find((figure) => figure.annotationId === shown.annotationId)
    edits.push(performance.now() - started)
    if (after?.writtenValue !== value) throw new Error('the edit is not in the matrix')
  }
  figures.editMs = edits.sort((a, b) => a - b)[Math.floor(edits.length / 2)]
  await session.close()
}
figures.peakRssMb = process.resourceUsage().maxRSS / 1024
process.stdout.write(JSON.stringify(figures))
