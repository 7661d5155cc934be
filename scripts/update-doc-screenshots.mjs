// Refreshes the README's screenshots (docs/screenshots) from the last end-to-end run
// (test-results/screenshots). Only names already in docs/ are copied; add a new one by hand.
import { copyFileSync, existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

const from = 'test-results/screenshots'
const to = 'docs/screenshots'
for (const name of readdirSync(to).filter((file) => file.endsWith('.png'))) {
  if (existsSync(join(from, name))) {
    copyFileSync(join(from, name), join(to, name))
    console.log(`updated ${name}`)
  } else {
    console.warn(`not produced by the last run: ${name}`)
  }
}
