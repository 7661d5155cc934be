// The "Compare across years" section of `npm run bench` alone (after `npx electron-vite build`):
// `npx tsx tests/bench/compare-only.ts`.
import { benchCompare } from './compare'
import { printFigures } from './figures'

let allWithin = true
for (const { title, figures } of await benchCompare()) allWithin = printFigures(title, figures) && allWithin
process.exitCode = allWithin ? 0 : 1
