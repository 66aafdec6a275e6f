import { Decimal } from 'decimal.js'
import { InvalidBacktestRunError } from '../../errors/metrics.ts'

/**
 * The one Decimal flavour used by metrics: 40 significant digits, banker's rounding. Kept separate from the global
 * `Decimal` so other modules' settings cannot change metric outputs.
 */
export const D = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -60,
  toExpPos: 60,
})
export type Dec = InstanceType<typeof D>

/** Rounds explicitly (half-even) and prints without exponent; `null` stays `null`. */
export function fmt(value: Dec | null, dp: number): string | null {
  if (value === null) return null
  const s = value.toDecimalPlaces(dp, D.ROUND_HALF_EVEN).toFixed(dp)
  return s === `-${(0).toFixed(dp)}` ? (0).toFixed(dp) : s
}

const INT = /^-?\d+$/

/** Parses an integer string amount from a run, naming where it came from when it is not one. */
export function parseAmount(value: unknown, path: string): bigint {
  if (typeof value !== 'string' || !INT.test(value)) {
    throw new InvalidBacktestRunError('amount is not an integer string', {
      path,
      value,
      hint: 'amounts are raw token units as integer strings, e.g. "1500000"',
    })
  }
  return BigInt(value)
}

const DEC = /^-?\d+(\.\d+)?$/

/** Parses a decimal string (prices, weights). */
export function parseDecimal(value: unknown, path: string): Dec {
  if (typeof value !== 'string' || !DEC.test(value)) {
    throw new InvalidBacktestRunError('value is not a decimal string', { path, value, hint: 'e.g. "0.0421"' })
  }
  return new D(value)
}

/** a / b as a Decimal, or null when b is zero. */
export function ratio(a: bigint | Dec, b: bigint | Dec): Dec | null {
  const den = new D(b.toString())
  if (den.isZero()) return null
  return new D(a.toString()).div(den)
}

/** 10^denomination as a Decimal (raw units per whole token). */
export function unit(denomination: number): Dec {
  return new D(10).pow(denomination)
}
