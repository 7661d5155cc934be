// The big-corpus workspace (issue 13) that the big-corpus and Annotations-table benches share:
// 10,000 documents × 200 annotations, generated once per bench run into a temp folder, or kept
// between runs in BIG_CORPUS_DIR. Each measuring step runs in a fresh process of its own, so its
// peak memory is the step's alone.
import { execFile } from 'node:child_process'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { projectRoot, seedsDir, tempDir } from '../support/paths'
import { generateWorkspace } from './store-generate'

export const BIG_DOCUMENTS = 10_000
export const BIG_ANNOTATIONS_PER_DOCUMENT = 200
export const run = promisify(execFile)

let workspace: Promise<string> | null = null

/** The workspace's folder, generated on first use (once per process). */
export function bigCorpusWorkspace(): Promise<string> {
  workspace ??= (async () => {
    const dir = process.env.BIG_CORPUS_DIR ?? join(await tempDir('bench-big-corpus'), 'ws')
    if (!(await stat(join(dir, 'workspace.json')).catch(() => null))) {
      const started = performance.now()
      await generateWorkspace(dir, seedsDir, BIG_DOCUMENTS, BIG_ANNOTATIONS_PER_DOCUMENT)
      console.log(`generated ${BIG_DOCUMENTS.toLocaleString('en')} documents × ${BIG_ANNOTATIONS_PER_DOCUMENT} annotations in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    }
    return dir
  })()
  return workspace
}

/** Runs `tests/bench/<script> <step> <dir> <seeds>` in a fresh process; it prints its figures as JSON. */
export async function measureStep(script: string, step: string, dir: string): Promise<Record<string, number>> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(projectRoot, 'tests/bench', script), step, dir, seedsDir], { cwd: projectRoot, maxBuffer: 16 * 1024 * 1024 })
  return JSON.parse(stdout) as Record<string, number>
}
