// The compare engine alone on the compare bench's 200,000 annotations, in a process of its own:
// `npx tsx tests/bench/compare-engine.ts [runs] [liveMB]` prints each run (and the garbage collection
// inside it) and the median. For a profile: `node --cpu-prof --import tsx tests/bench/compare-engine.ts 30`.
// liveMB keeps that many megabytes of small linked objects alive while timing, as the full bench's
// process holds the earlier sections' heap: every collection then has more to mark.
import { PerformanceObserver } from 'node:perf_hooks'
import { compareAcrossYears } from '../../src/shared/compare'
import { generateForBench } from './compare-generate'
import { percentile } from './figures'

const runs = Number(process.argv[2] ?? 9)
const liveMegabytes = Number(process.argv[3] ?? 0)
/** Objects of some 120 bytes with their labels, each pointing to the one before, in arrays of 100,000. */
const live: Array<Array<{ n: number; label: string; before: unknown }>> = []
let before: unknown = null
for (let made = 0; made < (liveMegabytes * 1e6) / 120; made += 100_000) {
  const chunk: Array<{ n: number; label: string; before: unknown }> = []
  for (let n = 0; n < 100_000; n++) chunk.push((before = { n, label: `live ${made + n}`, before }))
  live.push(chunk)
}
const generated = await generateForBench()
const all = generated.annotations.flat()
let collecting = 0
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) collecting += entry.duration
})
observer.observe({ entryTypes: ['gc'] })
const times: number[] = []
const lines: string[] = []
for (let run = 0; run < runs; run++) {
  // Let the observer report the collections of the previous run before this one starts.
  await new Promise((done) => setTimeout(done, 20))
  collecting = 0
  const started = performance.now()
  compareAcrossYears({ annotations: all, documents: generated.documents, indicators: generated.indicators, tolerancePercent: 5 })
  const ms = performance.now() - started
  await new Promise((done) => setTimeout(done, 0))
  times.push(ms)
  lines.push(`${ms.toFixed(1)} (gc ${collecting.toFixed(1)})`)
}
observer.disconnect()
console.log(`runs: ${lines.join(' ')}`)
const sorted = [...times].sort((a, b) => a - b)
if (live.length > 0) console.log(`live heap: ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`)
console.log(`median of ${runs}: ${percentile(sorted, 50).toFixed(1)} ms, fastest ${sorted[0].toFixed(1)} ms`)
