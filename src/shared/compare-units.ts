// Units of the compare engine: a written unit as base unit and power of ten, the factor between
// two units, and figures scaled by it. Pure; compare.ts re-exports what others use.
import { toSimplifiedScript } from './fold'

// 个百分点 contains no magnitude even though it starts like one; 千克/千米/千瓦 are units of their own.
const UNITS_WITHOUT_MAGNITUDE = new Set(['个百分点', '百分点', '千克', '千米', '千瓦', '千瓦时', '百分比'])
const MAGNITUDE_PREFIXES: ReadonlyArray<readonly [string, number]> = [
  ['万亿', 12],
  ['亿', 8],
  ['万', 4],
  ['千', 3],
  ['百', 2],
]
const UNIT_ALIASES: Record<string, string> = { 个百分点: 'pp', 百分点: 'pp', '％': '%', 公斤: '千克' }

export interface ParsedUnit {
  base: string
  exponent: number
}

const parsedUnits = new Map<string, ParsedUnit>()

/** A unit as base unit and power of ten: 亿元 → 元 × 10^8, 家 → 家 × 10^0, 個百分點 → pp. */
export function parseUnit(unit: string): ParsedUnit {
  let parsed = parsedUnits.get(unit)
  if (parsed) return parsed
  const simplified = toSimplifiedScript(unit.normalize('NFKC').trim())
  parsed = { base: UNIT_ALIASES[simplified] ?? simplified, exponent: 0 }
  if (!UNITS_WITHOUT_MAGNITUDE.has(simplified)) {
    for (const [prefix, exponent] of MAGNITUDE_PREFIXES) {
      const rest = simplified.slice(prefix.length)
      if (simplified.startsWith(prefix) && rest !== '') {
        parsed = { base: UNIT_ALIASES[rest] ?? rest, exponent }
        break
      }
    }
  }
  parsedUnits.set(unit, parsed)
  return parsed
}

/**
 * The factor that brings a figure written in `unit` to `indicatorUnit`, or null when their base
 * units differ. An empty unit is read as the indicator's (the analyst left it unsaid).
 */
export function conversionFactor(unit: string, indicatorUnit: string): number | null {
  if (unit === '' || unit === indicatorUnit) return 1
  let factors = factorsFrom.get(unit)
  if (!factors) factorsFrom.set(unit, (factors = new Map()))
  let factor = factors.get(indicatorUnit)
  if (factor === undefined) {
    const from = parseUnit(unit)
    const to = parseUnit(indicatorUnit)
    factor = from.base !== to.base ? null : 10 ** (from.exponent - to.exponent)
    factors.set(indicatorUnit, factor)
  }
  return factor
}

// Figures of indicators in different units interleave, so the engine asks for the same few
// pairs over and over: each pair is worked out once.
const factorsFrom = new Map<string, Map<string, number | null>>()

/** Rounds away the binary noise that scaling by powers of ten leaves (1.1 × 10^4). */
export function scaled(value: number, factor: number): number {
  return factor === 1 ? value : roundedTo12Digits(value * factor)
}

// Powers of ten written out: each literal is exact (10^22 is the largest exact one), where `**`
// need not be correctly rounded.
const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

/**
 * `Number(x.toPrecision(12))` without the string: on 200,000 figures the two conversions were a
 * twentieth of the compare engine's time. x times a power of ten puts twelve digits before the
 * point with an error below 2^-13 (one rounding of a number under 2^40), so rounding it gives
 * toPrecision's digits unless it lies within that error of a half (or of the twelve-digit
 * bounds); then, as for numbers too large or small for an exact power of ten, the string is used.
 * Dividing (or multiplying) those digits by an exact power of ten is one correctly rounded
 * operation, which is what Number() of the decimal string gives.
 */
export function roundedTo12Digits(x: number): number {
  const magnitude = Math.abs(x)
  if (!(magnitude > 0) || magnitude === Infinity) return x === 0 ? 0 : x
  const shift = 11 - Math.floor(Math.log10(magnitude))
  if (shift > 22 || shift < -22) return Number(x.toPrecision(12))
  const digits = shift >= 0 ? magnitude * POWERS_OF_TEN[shift] : magnitude / POWERS_OF_TEN[-shift]
  const whole = Math.floor(digits)
  const fraction = digits - whole
  if (digits < 1e11 || digits >= 1e12 - 1 || Math.abs(fraction - 0.5) < 1e-3) return Number(x.toPrecision(12))
  const rounded = fraction > 0.5 ? whole + 1 : whole
  const result = shift >= 0 ? rounded / POWERS_OF_TEN[shift] : rounded * POWERS_OF_TEN[-shift]
  return x < 0 ? -result : result
}
