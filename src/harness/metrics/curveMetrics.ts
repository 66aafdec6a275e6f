import type { BacktestRun } from '../report/types.ts'
import { D, type Dec, fmt, parseAmount } from './decimal.ts'
import { drawdown } from './drawdown.ts'
import { xirr } from './irr.ts'
import { annualize, sampleStdev, timeWeighted } from './returns.ts'
import { sharpeRatio, sortinoRatio } from './riskRatios.ts'
import { type Curve, MS_PER_YEAR, resample } from './sampling.ts'
import type { CurveMetrics } from './types.ts'

export interface CurveOptions {
  periodMs: number | null
  periodsPerYear: number | null
  /** annual risk-free rate / MAR for Sharpe and Sortino */
  riskFree: Dec
}

/** The raw numbers behind CurveMetrics (kept for charts and for comparisons before rounding). */
export interface CurveResult {
  metrics: CurveMetrics
  depth: Dec
  twr: Dec
  times: number[]
  nav: Dec[]
  drawdownSeries: Dec[]
}

/** Return, risk and cash-flow metrics of one equity curve (spot, liquidation or baseline) of a run. */
export function curveMetrics(run: BacktestRun, curve: Curve, opts: CurveOptions): CurveResult {
  const s = run.samples
  const first = s[0]
  const last = s[s.length - 1]
  const v0 = parseAmount(first[curve], `samples[0].${curve}`)
  const vT = parseAmount(last[curve], `samples[${s.length - 1}].${curve}`)
  let netFlows = 0n
  let deposits = v0
  const dated = [{ t: first.t, amount: -v0 }]
  run.cashflows.forEach((c, i) => {
    if (c.t <= first.t || c.t > last.t) return
    const a = parseAmount(c.amount, `cashflows[${i}].amount`)
    netFlows += a
    if (a > 0n) deposits += a
    dated.push({ t: c.t, amount: -a })
  })
  dated.push({ t: last.t, amount: vT })
  const pnl = vT - v0 - netFlows

  const points = opts.periodMs ? resample(run, curve, opts.periodMs) : []
  const tw = timeWeighted(points)
  const times = points.map((p) => p.t)
  const dd = drawdown(times, tw.nav)
  const windowMs = last.t - first.t
  const cagr = annualize(tw.twr, windowMs, MS_PER_YEAR)
  const K = opts.periodsPerYear
  const ratioOpts = K ? { periodsPerYear: K, annualRate: opts.riskFree } : null
  const sd = sampleStdev(tw.returns)
  const metrics: CurveMetrics = {
    pnl: pnl.toString(),
    roi: fmt(deposits > 0n ? new D(pnl.toString()).div(deposits.toString()) : null, 8),
    twr: fmt(tw.twr, 8) as string,
    cagr: fmt(cagr, 8),
    irr: fmt(xirr(dated), 8),
    sharpe: fmt(ratioOpts ? sharpeRatio(tw.returns, ratioOpts) : null, 4),
    sortino: fmt(ratioOpts ? sortinoRatio(tw.returns, ratioOpts) : null, 4),
    calmar: fmt(cagr && dd.depth.gt(0) ? cagr.div(dd.depth) : null, 4),
    volatility: fmt(sd && K ? sd.times(new D(K).sqrt()) : null, 8),
    maxDrawdown: {
      depth: fmt(dd.depth, 8) as string,
      peakT: dd.peakT,
      troughT: dd.troughT,
      recoveryT: dd.recoveryT,
      durationMs: dd.durationMs,
      longestUnderwaterMs: dd.longestUnderwaterMs,
    },
    start: v0.toString(),
    end: vT.toString(),
  }
  return { metrics, depth: dd.depth, twr: tw.twr, times, nav: tw.nav, drawdownSeries: dd.series }
}
