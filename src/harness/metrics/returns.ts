import { D, type Dec } from './decimal.ts'
import type { GridPoint } from './sampling.ts'

/** Per-period returns of a cash-flow-adjusted curve plus the time-weighted NAV index they chain into. */
export interface TimeWeighted {
  /** rₖ = (Vₖ − Fₖ) / Vₖ₋₁ − 1 for every period with Vₖ₋₁ > 0 (periods without capital are skipped) */
  returns: Dec[]
  /** NAV index per grid point, starting at 1; flat across skipped periods */
  nav: Dec[]
  /** time-weighted return over the whole window: Π(1 + rₖ) − 1 */
  twr: Dec
}

/**
 * Chains sub-period returns between cash flows (time-weighted return). A deposit Fₖ landing in period k is removed
 * from the end value before comparing with the start value, so flows never look like gains or losses.
 */
export function timeWeighted(points: readonly GridPoint[]): TimeWeighted {
  const returns: Dec[] = []
  const nav: Dec[] = []
  let index = new D(1)
  for (let k = 0; k < points.length; k++) {
    if (k > 0 && points[k - 1].value > 0n) {
      const r = new D((points[k].value - points[k].flow).toString())
        .div(points[k - 1].value.toString())
        .minus(1)
      returns.push(r)
      index = index.times(r.plus(1))
    }
    nav.push(index)
  }
  return { returns, nav, twr: index.minus(1) }
}

/** Arithmetic mean, or null for an empty list. */
export function mean(xs: readonly Dec[]): Dec | null {
  if (xs.length === 0) return null
  return xs.reduce((a, b) => a.plus(b), new D(0)).div(xs.length)
}

/** Sample standard deviation (ddof = 1), or null with fewer than two values. */
export function sampleStdev(xs: readonly Dec[]): Dec | null {
  const m = mean(xs)
  if (m === null || xs.length < 2) return null
  const ss = xs.reduce((a, x) => {
    const d = x.minus(m)
    return a.plus(d.times(d))
  }, new D(0))
  return ss.div(xs.length - 1).sqrt()
}

/** CAGR = (1 + R)^(year / window) − 1 for a total return R over `windowMs`; null for an empty window or R ≤ −1. */
export function annualize(total: Dec, windowMs: number, msPerYear: number): Dec | null {
  if (windowMs <= 0 || total.lte(-1)) return null
  return total.plus(1).pow(new D(msPerYear).div(windowMs)).minus(1)
}
