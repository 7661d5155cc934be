// Suggestion engine throughput on real text: the six government work reports and the five seeds,
// each suggested as one document, over and over. The budget (≥ 2 MB/s of Chinese text, UTF-8
// bytes) is printed as time per megabyte, since every figure here is a ceiling.
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { DocumentType } from '../../src/shared/model'
import { starterCodebook } from '../../src/shared/starter-codebook'
import { suggest } from '../../src/shared/suggest'
import { gwrDir, seedsDir } from '../support/paths'
import { percentile, type Figure } from './figures'

const ROUNDS = 5

async function corpus(): Promise<Array<{ text: string; year: number; docType: DocumentType }>> {
  const reports = (await readdir(gwrDir)).filter((name) => name.endsWith('.txt')).sort()
  const seeds = (await readdir(seedsDir)).filter((name) => name.endsWith('.txt')).sort()
  return [
    ...(await Promise.all(
      reports.map(async (name) => ({ text: await readFile(join(gwrDir, name), 'utf8'), year: Number(name.slice(0, 4)), docType: 'government-work-report' as const })),
    )),
    ...(await Promise.all(seeds.map(async (name) => ({ text: await readFile(join(seedsDir, name), 'utf8'), year: 2019, docType: 'other' as const })))),
  ]
}

export async function benchSuggest(): Promise<{ title: string; figures: Figure[] }> {
  const documents = await corpus()
  const megabytes = documents.reduce((sum, doc) => sum + Buffer.byteLength(doc.text, 'utf8'), 0) / 1e6
  const run = () => {
    let proposals = 0
    for (const doc of documents) {
      proposals += suggest({ text: doc.text, documentYear: doc.year, docType: doc.docType, indicators: starterCodebook }).length
    }
    return proposals
  }
  const proposals = run() // warm-up: script conversion tables, regular expressions
  const rounds: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now()
    run()
    rounds.push(performance.now() - started)
  }
  rounds.sort((a, b) => a - b)
  const median = percentile(rounds, 50)
  console.log(`suggest: ${documents.length} documents, ${megabytes.toFixed(2)} MB, ${proposals} proposals; median round ${median.toFixed(0)} ms = ${(megabytes / (median / 1000)).toFixed(2)} MB/s`)
  return {
    title: `Suggestions: ${documents.length} real documents (${megabytes.toFixed(2)} MB UTF-8), median of ${ROUNDS} rounds`,
    figures: [
      { name: 'time per megabyte of Chinese text (≥ 2 MB/s)', value: median / megabytes, unit: 'ms/MB', budget: 500 },
      { name: 'slowest round, per megabyte', value: rounds[rounds.length - 1] / megabytes, unit: 'ms/MB', budget: 500 },
    ],
  }
}
