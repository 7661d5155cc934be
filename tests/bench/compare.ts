// Compare across years at scale: 5,000 indicators × 10 years, 200,000 annotations in 100
// documents (two targets and two actuals per indicator and year). The engine is timed in Node;
// opening the compare view is timed in Chromium through the test harness, from the click on the
// tab until the frame that shows the first rows of figures has been painted. The workspace holds
// the figure summaries the app's saves write beside each annotation file (src/main/services/
// figure-index.ts), so the first opening is that of a workspace the app wrote; building them all
// for a workspace from before the index is timed by the big-corpus bench.
import { join } from 'node:path'
import { compareAcrossYears } from '../../src/shared/compare'
import type { Annotation } from '../../src/shared/model'
import { launchWorkbench } from '../e2e/harness'
import { tempDir } from '../support/paths'
import { INDICATORS, YEARS, generateForBench, writeCompareWorkspace, type Generated } from './compare-generate'
import { percentile, type Figure } from './figures'
import { conditionTitle, underCondition, type Condition } from './load'

/** Idle and loaded budgets for the engine (issue 12); the view's budget is the same in both. */
const engineBudget: Record<Condition, number> = { idle: 80, loaded: 120 }

export async function benchCompare(): Promise<Array<{ title: string; figures: Figure[] }>> {
  const generated = await generateForBench()
  const all = generated.annotations.flat()
  if (all.length !== INDICATORS * YEARS * 4) throw new Error(`generated ${all.length} annotations`)
  const dir = join(await tempDir('bench-compare'), 'ws')
  await writeCompareWorkspace(dir, generated, { figureSummaries: true })
  const sections = []
  for (const condition of ['idle', 'loaded'] as const) sections.push(await underCondition(condition, () => measureCompare(generated, all, dir, condition)))
  return sections
}

async function measureCompare(generated: Generated, all: Annotation[], dir: string, condition: Condition): Promise<{ title: string; figures: Figure[] }> {
  const engineMs: number[] = []
  let rows = 0
  for (let run = 0; run < 7; run++) {
    const started = performance.now()
    const result = compareAcrossYears({ annotations: all, documents: generated.documents, indicators: generated.indicators, tolerancePercent: 5 })
    engineMs.push(performance.now() - started)
    rows = result.rows.length
  }
  if (rows !== INDICATORS) throw new Error(`matrix has ${rows} rows`)
  engineMs.sort((a, b) => a - b)

  const workbench = await launchWorkbench({ workspaceDir: dir, viewport: { width: 1440, height: 900 } })
  const { page, session } = workbench
  try {
    await page.locator('tbody tr').first().waitFor()
    // The app reads every annotation file after opening (and then computes the matrix in the
    // background); the view is timed once they are in memory.
    await session.dispatch('annotations.countAll', {})

    const openMs: number[] = []
    for (let run = 0; run < 6; run++) {
      await page.getByRole('button', { name: '文档库', exact: true }).click()
      await page.locator('tbody tr').first().waitFor()
      openMs.push(
        await page.evaluate(async () => {
          const afterPaint = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)))
          const painted = () => document.querySelector('[data-testid="compare-matrix"] tbody tr[data-indicator] .figure') !== null
          const tab = [...document.querySelectorAll<HTMLButtonElement>('.tabs button')].find((button) => button.textContent === '对比')!
          const started = performance.now()
          tab.click()
          for (let guard = 0; guard < 3000; guard++) {
            const shown = painted()
            await afterPaint()
            if (shown) break
          }
          return performance.now() - started
        }),
      )
    }
    const shownRows = await page.locator('[data-testid="compare-matrix"] tbody tr[data-indicator]').count()
    if (shownRows > 60) throw new Error(`${shownRows} rows rendered: the matrix is not virtualised`)
    const [firstOpen, ...reopens] = openMs
    reopens.sort((a, b) => a - b)
    return {
      title: `Compare across years (${INDICATORS.toLocaleString('en')} indicators × ${YEARS} years, ${all.length.toLocaleString('en')} annotations, figure summaries on disk; ${conditionTitle[condition]})`,
      figures: [
        { name: 'matrix computed by the engine (median of 7)', value: percentile(engineMs, 50), unit: 'ms', budget: engineBudget[condition] },
        { name: 'compare view opened the first time, until painted', value: firstOpen, unit: 'ms', budget: 300 },
        { name: 'compare view opened again, until painted (median of 5)', value: percentile(reopens, 50), unit: 'ms', budget: 300 },
      ],
    }
  } finally {
    await workbench.close()
  }
}
