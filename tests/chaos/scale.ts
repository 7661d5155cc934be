// The chaos suite runs twice over: `npm test` runs a short, bounded version of every scenario
// (a few trials each) so CI catches regressions, and `npm run chaos` runs the long campaign whose
// figures the README reports. Each scenario asks here how many trials to run.
export const longRun = process.env.CHAOS === 'long'

/** The number of trials: `short` under `npm test`, `long` under `npm run chaos`. */
export function trials(short: number, long: number): number {
  return longRun ? long : short
}

/** A figure the long run prints for the README (one line per figure, easy to grep). */
export function reportFigure(scenario: string, figure: string): void {
  console.log(`chaos  ${scenario.padEnd(48)} ${figure}`)
}

/** Timeouts that grow with the run: a long campaign takes minutes, a short one seconds. */
export const scenarioTimeout = longRun ? 30 * 60_000 : 120_000
