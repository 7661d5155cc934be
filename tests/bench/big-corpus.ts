// Big corpora (issue 13): 10,000 documents × 200 annotations = 2,000,000, generated once into a
// temp folder (or BIG_CORPUS_DIR, kept between runs when given). Each step runs in a fresh
// process so its peak memory is its own: the figure index built once from the annotation files,
// the app opening and its compare view, and `compare <ws> --json` on the command line.
import { rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { projectRoot } from '../support/paths'
import { BIG_ANNOTATIONS_PER_DOCUMENT, BIG_DOCUMENTS, bigCorpusWorkspace, measureStep, run } from './big-corpus-workspace'
import type { Figure } from './figures'

const measure = (step: 'index' | 'open', dir: string) => measureStep('big-corpus-measure.ts', step, dir)

/** `compare <ws> --json` in a fresh process, its output to a file; wall time and peak memory from GNU time. */
async function measureCli(dir: string): Promise<{ ms: number; peakRssMb: number; outputMb: number }> {
  const output = join(dir, '..', 'compare.json')
  const script = `/usr/bin/time -f '%e %M' ${JSON.stringify(process.execPath)} ${JSON.stringify(join(projectRoot, 'bin/policy-workbench.js'))} compare ${JSON.stringify(dir)} --json > ${JSON.stringify(output)}`
  const { stderr } = await run('/bin/sh', ['-c', script], { cwd: projectRoot, maxBuffer: 16 * 1024 * 1024 })
  const [seconds, kilobytes] = stderr.trim().split('\n').at(-1)!.split(' ').map(Number)
  return { ms: seconds * 1000, peakRssMb: kilobytes / 1024, outputMb: (await stat(output)).size / 1024 / 1024 }
}

export async function benchBigCorpus(): Promise<{ title: string; figures: Figure[] }> {
  const dir = await bigCorpusWorkspace()
  // A folder kept between runs has its summaries from the last run: the figure is a build.
  await rm(join(dir, 'figures'), { recursive: true, force: true })
  const index = await measure('index', dir)
  const open = await measure('open', dir)
  const cli = await measureCli(dir)
  console.log(`figure index: ${index.figures.toLocaleString('en')} figures; compare --json wrote ${cli.outputMb.toFixed(0)} MB`)
  return {
    title: `Big corpus: ${open.documents.toLocaleString('en')} documents, ${(BIG_DOCUMENTS * BIG_ANNOTATIONS_PER_DOCUMENT).toLocaleString('en')} annotations`,
    figures: [
      { name: 'figure index built from every annotation file (once, after an upgrade)', value: index.indexMs, unit: 'ms', budget: 120_000 },
      { name: 'peak memory while building it (max RSS)', value: index.peakRssMb, unit: 'MB', budget: 1024 },
      { name: 'open until the library is listed', value: open.openAndListMs, unit: 'ms', budget: 1000 },
      { name: 'compare view, first opening (first page of rows)', value: open.compareFirstMs, unit: 'ms', budget: 1500 },
      { name: 'compare view, again', value: open.compareAgainMs, unit: 'ms', budget: 300 },
      { name: 'one edit until the matrix shows it (median of 9)', value: open.editMs, unit: 'ms', budget: 100 },
      { name: 'peak memory of the main side (max RSS)', value: open.peakRssMb, unit: 'MB', budget: 1024 },
      { name: '`compare <ws> --json` in a fresh process', value: cli.ms, unit: 'ms', budget: 10_000 },
      { name: 'its peak memory (max RSS)', value: cli.peakRssMb, unit: 'MB', budget: 1024 },
    ],
  }
}
