// Whether an actual meets a target: the one rule every cell's status, the chart's "reached
// earlier" note and the exports share. Pure.
import type { Comparator } from './model'

export const EPSILON = 1e-9

export interface Measured {
  value: number | null
  valueMax: number | null
  comparator: Comparator
}

/**
 * Whether an actual meets a target. Direction comes from the codebook: a target stated as a
 * plain figure (达到…) or as about a figure (…左右) is a floor when higher is better and a ceiling
 * otherwise; ≈ also forgives a shortfall of `tolerancePercent` of the target.
 */
export function meetsTarget(
  target: Measured,
  actual: Pick<Measured, 'value' | 'comparator'>,
  higherIsBetter: boolean,
  tolerancePercent: number,
): boolean | null {
  if (target.value === null || actual.value === null) return null
  return meets(target.value, target.valueMax ?? target.value, target.comparator, actual.value, actual.comparator, higherIsBetter, tolerancePercent)
}

export function meets(
  low: number,
  high: number,
  comparator: Comparator,
  value: number,
  actualComparator: Comparator,
  higherIsBetter: boolean,
  tolerancePercent: number,
): boolean {
  switch (comparator) {
    // An actual stated as "more than x" (超过1.1万家) is known to exceed x.
    case '>':
      return value > low + EPSILON || (Math.abs(value - low) <= EPSILON && actualComparator === '>')
    case '>=':
      return value >= low - EPSILON
    case '<':
      return value < high - EPSILON || (Math.abs(value - high) <= EPSILON && actualComparator === '<')
    case '<=':
      return value <= high + EPSILON
    case '≈': {
      const slack = (Math.abs(higherIsBetter ? low : high) * tolerancePercent) / 100
      return higherIsBetter ? value >= low - slack - EPSILON : value <= high + slack + EPSILON
    }
    case '=':
      return higherIsBetter ? value >= low - EPSILON : value <= high + EPSILON
  }
}
