import { downsampleStride, REPORT_MAX_POINTS } from '../report/downsample.ts'
import type { BacktestRun } from '../report/types.ts'
import { D, type Dec, fmt, parseAmount } from './decimal.ts'
import { RunningDrawdown } from './drawdown.ts'
import { xirr } from './irr.ts'
import { annualize } from './returns.ts'
import { type Curve, type GridPoint, gridPoints, gridSize, MS_PER_YEAR } from './sampling.ts'
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
  /** points on the sampling grid */
  points: number
  /** grid times and the drawdown at them, for charts: thinned like `downsample` (at most REPORT_MAX_POINTS) */
  times: number[]
  drawdownSeries: Dec[]
}

/**
 * The period returns of a grid, one at a time: rₖ = (Vₖ − Fₖ) / Vₖ₋₁ − 1 for every period with Vₖ₋₁ > 0 (periods
 * without capital are skipped, `r` undefined). Same arithmetic as `timeWeighted`.
 */
function* periodReturns(grid: Iterable<GridPoint>): Generator<{ p: GridPoint; r: Dec | undefined }> {
  let prev: GridPoint | undefined
  for (const p of grid) {
    const r =
      prev && prev.value > 0n
        ? new D((p.value - p.flow).toString()).div(prev.value.toString()).minus(1)
        : undefined
    yield { p, r }
    prev = p
  }
}

/**
 * Return, risk and cash-flow metrics of one equity curve (spot, liquidation or baseline) of a run. Streams the
 * sampling grid twice (sums, then squared deviations from the means) and keeps no per-point array, so a long run
 * costs no memory here; the results equal the array formulas of returns.ts, riskRatios.ts and drawdown.ts digit
 * for digit (same Decimal operations in the same order; test/harness/metrics/streamingMetrics.test.ts).
 */
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

  const { periodMs } = opts
  const grid = () => (periodMs ? gridPoints(run, curve, periodMs) : [])
  const points = periodMs ? gridSize(s, periodMs) : 0
  const stride = points > REPORT_MAX_POINTS ? downsampleStride(points) : 1
  const K = opts.periodsPerYear
  // per-period risk-free rate (Sharpe) = minimum acceptable return (Sortino)
  const rf = K ? opts.riskFree.div(K) : null

  // pass 1: the TWR index and its drawdown, Σr, Σ(r − rf) and Σ min(0, r − rf)²
  let index = new D(1)
  let n = 0
  let sumR = new D(0)
  let sumEx = new D(0)
  let sumDown = new D(0)
  const dd = new RunningDrawdown()
  const times: number[] = []
  const drawdownSeries: Dec[] = []
  let k = 0
  for (const { p, r } of periodReturns(grid())) {
    if (r !== undefined) {
      n++
      sumR = sumR.plus(r)
      index = index.times(r.plus(1))
      if (rf) {
        const x = r.minus(rf)
        sumEx = sumEx.plus(x)
        sumDown = sumDown.plus(x.isNegative() ? x.times(x) : new D(0))
      }
    }
    const d = dd.push(p.t, index)
    if (k % stride === 0 || k === points - 1) {
      times.push(p.t)
      drawdownSeries.push(d)
    }
    k++
  }
  // pass 2 (sample standard deviations, ddof = 1): Σ(r − mean)² and Σ(x − mean x)² with x = r − rf
  const meanR = n ? sumR.div(n) : null
  const meanEx = n && rf ? sumEx.div(n) : null
  let ssR = new D(0)
  let ssEx = new D(0)
  if (n >= 2)
    for (const { r } of periodReturns(grid())) {
      if (r === undefined) continue
      const d = r.minus(meanR as Dec)
      ssR = ssR.plus(d.times(d))
      if (rf) {
        const e = r.minus(rf).minus(meanEx as Dec)
        ssEx = ssEx.plus(e.times(e))
      }
    }
  const sd = n >= 2 ? ssR.div(n - 1).sqrt() : null
  const sdEx = n >= 2 ? ssEx.div(n - 1).sqrt() : null
  const sqrtK = K ? new D(K).sqrt() : null
  const sharpe = meanEx && sdEx && sqrtK && !sdEx.isZero() ? meanEx.div(sdEx).times(sqrtK) : null
  const downside = n && rf ? sumDown.div(n) : null
  const sortino =
    meanEx && downside && sqrtK && !downside.isZero() ? meanEx.times(sqrtK).div(downside.sqrt()) : null

  const twr = index.minus(1)
  const draw = dd.result()
  const windowMs = last.t - first.t
  const cagr = annualize(twr, windowMs, MS_PER_YEAR)
  const metrics: CurveMetrics = {
    pnl: pnl.toString(),
    roi: fmt(deposits > 0n ? new D(pnl.toString()).div(deposits.toString()) : null, 8),
    twr: fmt(twr, 8) as string,
    cagr: fmt(cagr, 8),
    irr: fmt(xirr(dated), 8),
    sharpe: fmt(sharpe, 4),
    sortino: fmt(sortino, 4),
    calmar: fmt(cagr && draw.depth.gt(0) ? cagr.div(draw.depth) : null, 4),
    volatility: fmt(sd && K ? sd.times(new D(K).sqrt()) : null, 8),
    maxDrawdown: {
      depth: fmt(draw.depth, 8) as string,
      peakT: draw.peakT,
      troughT: draw.troughT,
      recoveryT: draw.recoveryT,
      durationMs: draw.durationMs,
      longestUnderwaterMs: draw.longestUnderwaterMs,
    },
    start: v0.toString(),
    end: vT.toString(),
  }
  return { metrics, depth: draw.depth, twr, points, times, drawdownSeries }
}
