// The compare engine alone on the compare bench's 200,000 annotations, in a process of its own:
// `npx tsx tests/bench/compare-engine.ts [runs]` prints each run (and the garbage collection inside
// it) and the median. For a profile: `node --cpu-prof --import tsx tests/bench/compare-engine.ts 30`.
import { PerformanceObserver } from 'node:perf_hooks'
import { compareAcrossYears } from '../../src/shared/compare'
import { generateForBench } from './compare-generate'
import { percentile } from './figures'

const runs = Number(process.argv[2] ?? 9)
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
console.log(`median of ${runs}: ${percentile(sorted, 50).toFixed(1)} ms, fastest ${sorted[0].toFixed(1)} ms`)
