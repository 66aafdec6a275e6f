import { D, type Dec } from './decimal.ts'
import { mean, sampleStdev } from './returns.ts'

export interface RiskRatioOptions {
  /** periods per year K; the ratio is scaled by √K */
  periodsPerYear: number
  /** annual risk-free rate (Sharpe) / minimum acceptable return (Sortino), simple; per period = rate / K. Default 0 */
  annualRate?: Dec
}

/** Sharpe = mean(r − r_f) / stdev(r) · √K, sample stdev (ddof = 1); null when undefined (n < 2 or zero dispersion). */
export function sharpeRatio(returns: readonly Dec[], opts: RiskRatioOptions): Dec | null {
  const rf = (opts.annualRate ?? new D(0)).div(opts.periodsPerYear)
  const excess = returns.map((r) => r.minus(rf))
  const m = mean(excess)
  const sd = sampleStdev(excess)
  if (m === null || sd === null || sd.isZero()) return null
  return m.div(sd).times(new D(opts.periodsPerYear).sqrt())
}

/**
 * Sortino = mean(r − MAR) · √K / DD with downside deviation DD = √(mean(min(0, r − MAR)²)) taken over all periods
 * (vectorbt/Jesse convention); null when there is no downside.
 */
export function sortinoRatio(returns: readonly Dec[], opts: RiskRatioOptions): Dec | null {
  const mar = (opts.annualRate ?? new D(0)).div(opts.periodsPerYear)
  const excess = returns.map((r) => r.minus(mar))
  const m = mean(excess)
  if (m === null) return null
  const downside = mean(excess.map((x) => (x.isNegative() ? x.times(x) : new D(0))))
  if (downside === null || downside.isZero()) return null
  return m.times(new D(opts.periodsPerYear).sqrt()).div(downside.sqrt())
}
