import { D, type Dec, fmt, parseAmount } from '../../../src/harness/metrics/decimal.ts'
import { xirr } from '../../../src/harness/metrics/irr.ts'
import { annualize, sampleStdev, timeWeighted } from '../../../src/harness/metrics/returns.ts'
import { sharpeRatio, sortinoRatio } from '../../../src/harness/metrics/riskRatios.ts'
import { type Curve, MS_PER_YEAR, resample } from '../../../src/harness/metrics/sampling.ts'
import type { CurveMetrics } from '../../../src/harness/metrics/types.ts'
import type { BacktestRun } from '../../../src/harness/report/types.ts'

/**
 * The oracle for the streaming curve metrics: curveMetrics and drawdown as they were before streaming (whole grid,
 * return, NAV and drawdown arrays in memory), kept verbatim so the streaming code is compared with the array
 * formulas, not with itself.
 */
export function fullArrayDrawdown(times: readonly number[], values: readonly Dec[]) {
  const series: Dec[] = []
  let peak: Dec | null = null
  let peakT: number | null = null
  let best = { depth: new D(0), peakT: null as number | null, troughT: null as number | null }
  let underwaterSince: number | null = null
  let longest = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    const t = times[i]
    if (peak === null || v.gte(peak)) {
      if (underwaterSince !== null) longest = Math.max(longest, t - underwaterSince)
      underwaterSince = null
      peak = v
      peakT = t
      series.push(new D(0))
      continue
    }
    if (underwaterSince === null) underwaterSince = peakT
    const dd = peak.isZero() ? new D(0) : new D(1).minus(v.div(peak))
    series.push(dd)
    if (dd.gt(best.depth)) best = { depth: dd, peakT, troughT: t }
  }
  const end = times.length ? times[times.length - 1] : 0
  if (underwaterSince !== null) longest = Math.max(longest, end - underwaterSince)
  let recoveryT: number | null = null
  if (best.troughT !== null && best.peakT !== null) {
    const peakValue = values[times.indexOf(best.peakT)]
    for (let i = times.indexOf(best.troughT); i < values.length; i++) {
      if (values[i].gte(peakValue)) {
        recoveryT = times[i]
        break
      }
    }
  }
  const durationMs = best.peakT === null ? 0 : (recoveryT ?? end) - best.peakT
  return {
    depth: best.depth,
    peakT: best.peakT,
    troughT: best.troughT,
    recoveryT,
    durationMs,
    longestUnderwaterMs: longest,
    series,
  }
}

export function fullArrayCurveMetrics(
  run: BacktestRun,
  curve: Curve,
  opts: { periodMs: number | null; periodsPerYear: number | null; riskFree: Dec },
) {
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
  const dd = fullArrayDrawdown(times, tw.nav)
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
