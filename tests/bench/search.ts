// Workspace search through the contract, in process: the first query folds every text (read
// from disk), later ones only scan the folded texts kept in memory.
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { WorkspaceSearchResult } from '../../src/shared/api'
import { WorkbenchSession } from '../../src/main/services/workbench-session'
import { seedsDir, tempDir } from '../support/paths'
import { percentile, type Figure } from './figures'
import { generateWorkspace } from './store-generate'

const DOCUMENTS = 1000
const QUERIES = 20

/** Twenty different four-character runs of Han characters from the seeds, spread over them. */
async function queries(): Promise<string[]> {
  const names = (await readdir(seedsDir)).sort()
  const corpus = (await Promise.all(names.map((name) => readFile(join(seedsDir, name), 'utf8')))).join('\n')
  const runs = [...new Set(corpus.match(/\p{Script=Han}{4}/gu) ?? [])]
  return Array.from({ length: QUERIES }, (_, i) => runs[Math.floor(((i + 0.5) * runs.length) / QUERIES)])
}

export async function benchSearch(): Promise<{ title: string; figures: Figure[] }> {
  const dir = join(await tempDir('bench-search'), 'ws')
  await generateWorkspace(dir, seedsDir, DOCUMENTS, 0)
  const session = new WorkbenchSession({ seedsDir, dialogs: { chooseFolder: async () => null, chooseFiles: async () => [] } })
  await session.start(dir)
  const characters = session.workspace!.documents.reduce((sum, doc) => sum + doc.textLength, 0)
  const search = async (query: string): Promise<{ ms: number; total: number }> => {
    const started = performance.now()
    const outcome = await session.dispatch('search.workspace', { query, limit: 50 })
    const ms = performance.now() - started
    if (!outcome.ok) throw new Error(outcome.error.message)
    return { ms, total: (outcome.value as WorkspaceSearchResult).total }
  }
  try {
    const wanted = await queries()
    const first = await search('高新技术企业')
    if (first.total === 0) throw new Error('the generated workspace should contain 高新技术企业')
    const times: number[] = []
    let hits = 0
    for (const query of wanted) {
      const { ms, total } = await search(query)
      times.push(ms)
      hits += total
    }
    times.sort((a, b) => a - b)
    console.log(`search: ${wanted.length} queries, ${hits.toLocaleString('en')} hits in all`)
    return {
      title: `Workspace search: ${DOCUMENTS} documents, ${(characters / 1e6).toFixed(1)} million characters, folded 繁→简 and by width`,
      figures: [
        { name: 'first query, reading and folding every document', value: first.ms, unit: 'ms', budget: 3000 },
        { name: 'then a 4-character query (50 hits, total counted), median of 20', value: percentile(times, 50), unit: 'ms', budget: 300 },
        { name: 'then a 4-character query, slowest of 20', value: times[times.length - 1], unit: 'ms', budget: 300 },
      ],
    }
  } finally {
    await session.close()
  }
}
