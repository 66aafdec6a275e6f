import { D, type Dec } from './decimal.ts'
import { MS_PER_YEAR } from './sampling.ts'

export interface DatedFlow {
  t: number
  /** investor's view: money paid in is negative, money received (final value, withdrawals) is positive */
  amount: bigint
}

/**
 * Bisection steps on x = ln(1 + r) over [X_MIN, X_MAX] = [−40, 1000]: r from −1 + 4e−18 up to e^1000 (short
 * windows annualize to huge rates); final bracket width 1040 / 2^100 ≈ 8.2e−28.
 */
export const IRR_ITERATIONS = 100
const X_MIN = -40
const X_MAX = 1000

/**
 * Annualized money-weighted return (XIRR, 365-day years): the r with Σ aₖ·(1 + r)^(−τₖ) = 0, τₖ in years since the
 * first flow. Solved by a fixed number of bisection steps on x = ln(1 + r), using the equivalent
 * f(x) = Σ aₖ·e^{x(τ_T − τₖ)} (same roots, no overflow for short windows), so the result is deterministic.
 * Returns null when the flows do not change sign or f has no sign change on the bracket.
 */
export function xirr(flows: readonly DatedFlow[]): Dec | null {
  const live = flows.filter((f) => f.amount !== 0n)
  if (live.length < 2) return null
  if (!live.some((f) => f.amount > 0n) || !live.some((f) => f.amount < 0n)) return null
  const tEnd = live.reduce((m, f) => Math.max(m, f.t), -Infinity)
  // no time elapses: every rate discounts the same, there is no return to solve for
  if (live.every((f) => f.t === tEnd)) return null
  const terms = live.map((f) => ({ a: new D(f.amount.toString()), tau: new D(tEnd - f.t).div(MS_PER_YEAR) }))
  const f = (x: Dec) => terms.reduce((s, { a, tau }) => s.plus(a.times(x.times(tau).exp())), new D(0))
  let lo = new D(X_MIN)
  let hi = new D(X_MAX)
  let fLo = f(lo)
  if (fLo.isZero()) return lo.exp().minus(1)
  if (fLo.s === f(hi).s) return null
  for (let i = 0; i < IRR_ITERATIONS; i++) {
    const mid = lo.plus(hi).div(2)
    const fMid = f(mid)
    if (fMid.isZero()) return mid.exp().minus(1)
    if (fMid.s === fLo.s) {
      lo = mid
      fLo = fMid
    } else hi = mid
  }
  return lo.plus(hi).div(2).exp().minus(1)
}
