// npm run bench: every benchmark, each figure printed next to its budget. Exits 1 when a
// figure is over budget. Run on an otherwise idle machine.
import { printFigures, type Figure } from './figures'
import { benchCompare } from './compare'
import { benchImport } from './import'
import { benchReader } from './reader'
import { benchSearch } from './search'
import { benchStore } from './store'
import { benchSuggest } from './suggest'
import { benchBigCorpus } from './big-corpus'
import { benchSync } from './sync'
import { benchAnnotationTable } from './annotation-table'

type Section = { title: string; figures: Figure[] }
// The reader and compare benches return two sections each: idle, and with one core kept busy.
const benches: Array<() => Promise<Section | Section[]>> = [benchStore, benchImport, benchReader, benchSearch, benchSuggest, benchCompare, benchBigCorpus, benchSync, benchAnnotationTable]

let allWithin = true
for (const bench of benches) {
  for (const { title, figures } of [await bench()].flat()) allWithin = printFigures(title, figures) && allWithin
}
console.log(allWithin ? '\nAll figures within budget.' : '\nSome figures are over budget.')
process.exitCode = allWithin ? 0 : 1
