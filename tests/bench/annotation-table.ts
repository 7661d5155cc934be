// The Annotations table over a big corpus (issue 13): 10,000 documents × 200 annotations, the
// workspace of the big-corpus bench (BIG_CORPUS_DIR keeps it between runs). Each step runs in a
// fresh process: the row index made from every annotation file once, then a fresh opening that
// reads the row files and pages, filters and sorts as a user does.
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { ROWS_DIR } from '../../src/main/services/annotation-rows/row-index'
import { BIG_ANNOTATIONS_PER_DOCUMENT, BIG_DOCUMENTS, bigCorpusWorkspace, measureStep } from './big-corpus-workspace'
import { printFigures, type Figure } from './figures'

const measure = (step: 'build' | 'open', dir: string) => measureStep('annotation-table-measure.ts', step, dir)

export async function benchAnnotationTable(): Promise<{ title: string; figures: Figure[] }> {
  const dir = await bigCorpusWorkspace()
  // A folder kept between runs has its row files from the last run: the first figure is a build.
  await rm(join(dir, ROWS_DIR), { recursive: true, force: true })
  const build = await measure('build', dir)
  const open = await measure('open', dir)
  console.log(`annotation table: ${open.rows.toLocaleString('en')} rows; row files written ${(build.writeMs / 1000).toFixed(1)} s after the build`)
  return {
    title: `Annotations table: ${BIG_DOCUMENTS.toLocaleString('en')} documents, ${(BIG_DOCUMENTS * BIG_ANNOTATIONS_PER_DOCUMENT).toLocaleString('en')} annotations`,
    figures: [
      { name: 'row index made from every annotation file (first use after an upgrade)', value: build.buildMs, unit: 'ms', budget: 120_000 },
      { name: 'peak memory while making it (max RSS)', value: build.peakRssMb, unit: 'MB', budget: 1024 },
      { name: 'fresh process: table opened until its first page (read before the rest)', value: open.firstRowsMs, unit: 'ms', budget: 300 },
      { name: 'fresh process: until every row is read (count complete, any sort)', value: open.firstRowsMs + open.firstPageMs, unit: 'ms', budget: 10_000 },
      { name: 'first page again (another view and back)', value: open.againMs, unit: 'ms', budget: 300 },
      { name: 'a page in the middle (scrolled)', value: open.scrollMs, unit: 'ms', budget: 300 },
      { name: 'filtered by label, first page', value: open.filterMs, unit: 'ms', budget: 1000 },
      { name: 'sort by indicator', value: open.sortIndicatorMs, unit: 'ms', budget: 1000 },
      { name: 'sort by indicator, descending', value: open.sortIndicatorDescMs, unit: 'ms', budget: 1000 },
      { name: 'sort by value', value: open.sortValueMs, unit: 'ms', budget: 1000 },
      { name: 'sort by quote', value: open.sortQuoteMs, unit: 'ms', budget: 1000 },
      { name: 'text filter over every quote, indicator and title', value: open.textMs, unit: 'ms', budget: 1000 },
      { name: 'peak memory of the main side (max RSS)', value: open.peakRssMb, unit: 'MB', budget: 1024 },
    ],
  }
}

if (process.argv[1]?.endsWith('annotation-table.ts')) {
  const { title, figures } = await benchAnnotationTable()
  printFigures(title, figures)
}
