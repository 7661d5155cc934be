// A benchmark figure printed next to its budget.
export interface Figure {
  name: string
  value: number
  unit: string
  /** The figure must be at most this much. */
  budget: number
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return sorted[Math.max(0, index)]
}

export function printFigures(title: string, figures: Figure[]): boolean {
  console.log(`\n${title}`)
  let allWithin = true
  for (const figure of figures) {
    const within = figure.value <= figure.budget
    allWithin &&= within
    const value = `${figure.value.toFixed(figure.value < 10 ? 2 : 0)} ${figure.unit}`
    console.log(`  ${within ? 'ok  ' : 'OVER'}  ${figure.name.padEnd(74)} ${value.padStart(12)}   budget ≤ ${figure.budget} ${figure.unit}`)
  }
  return allWithin
}
