// What reading a PDF costs in memory: each file is extracted in a fresh process, which reports its
// resident memory before the extraction and its peak (max RSS) after.
//   npx tsx scripts/pdf-cost.ts a.pdf b.pdf …     (prints one line per file; --json for JSON)
import { spawnSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface PdfCost {
  file: string
  bytes: number
  outcome: string
  rssBeforeMb: number
  maxRssMb: number
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024)

async function measureHere(file: string): Promise<PdfCost> {
  const { extractDocumentBytes } = await import('../src/main/services/importers/index')
  const bytes = await readFile(file)
  const rssBefore = process.memoryUsage().rss
  let outcome: string
  try {
    const doc = await extractDocumentBytes(basename(file), bytes)
    outcome = `ok: ${doc.text.length} characters`
  } catch (error) {
    outcome = (error as { code?: string }).code ?? String(error)
  }
  return { file: basename(file), bytes: bytes.length, outcome, rssBeforeMb: mb(rssBefore), maxRssMb: mb(process.resourceUsage().maxRSS * 1024) }
}

/** Measures one file in a child process of its own (a peak is a high-water mark, so one file per process). */
export function measurePdfCost(file: string): PdfCost {
  const result = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--one', file], { encoding: 'utf8' })
  const line = result.stdout.trim().split('\n').pop() ?? ''
  if (result.status !== 0 || !line.startsWith('{')) throw new Error(`measuring ${file} failed (exit ${result.status ?? result.signal}): ${result.stderr.slice(-2000)}`)
  return JSON.parse(line) as PdfCost
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  if (args[0] === '--one') {
    console.log(JSON.stringify(await measureHere(args[1]!)))
  } else {
    const json = args.includes('--json')
    const costs = args.filter((arg) => arg !== '--json').map(measurePdfCost)
    if (json) console.log(JSON.stringify(costs, null, 2))
    else for (const c of costs) console.log(`${c.file.padEnd(28)} ${String(c.bytes).padStart(9)} B  RSS before ${String(c.rssBeforeMb).padStart(5)} MB  peak ${String(c.maxRssMb).padStart(5)} MB  ${c.outcome}`)
  }
}
