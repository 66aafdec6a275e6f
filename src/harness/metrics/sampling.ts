import { InvalidBacktestRunError } from '../../errors/metrics.ts'
import type { BacktestRun, EquitySample } from '../report/types.ts'
import { parseAmount } from './decimal.ts'

export const MS_PER_YEAR = 365 * 24 * 60 * 60 * 1000

/** One point of an equity curve on the sampling grid: value after the flows of (previous point, t]. */
export interface GridPoint {
  t: number
  value: bigint
  /** net external cash flow (deposit +, withdrawal -) that landed in (previous grid point, t] */
  flow: bigint
}

export type Curve = 'valueSpot' | 'valueLiquidation' | 'baseline'

/** Checks that samples are sorted by time; everything downstream relies on it. */
export function assertSorted(run: BacktestRun): void {
  for (let i = 1; i < run.samples.length; i++) {
    if (run.samples[i].t < run.samples[i - 1].t) {
      throw new InvalidBacktestRunError('samples are not sorted by time', {
        path: `samples[${i}].t`,
        value: run.samples[i].t,
        hint: `previous sample is at ${run.samples[i - 1].t}`,
      })
    }
  }
}

/** Sampling period: the median spacing between consecutive distinct sample times (ms), or null with < 2 times. */
export function samplingPeriodMs(samples: readonly EquitySample[]): number | null {
  const gaps: number[] = []
  for (let i = 1; i < samples.length; i++) {
    const d = samples[i].t - samples[i - 1].t
    if (d > 0) gaps.push(d)
  }
  if (gaps.length === 0) return null
  gaps.sort((a, b) => a - b)
  return gaps[Math.floor((gaps.length - 1) / 2)]
}

/** Periods per year K for a sampling period (used as √K in Sharpe/Sortino). */
export function periodsPerYear(periodMs: number): number {
  return MS_PER_YEAR / periodMs
}

/** Number of points `gridPoints` gives: t0, t0 + period, … up to the last sample. */
export function gridSize(samples: readonly EquitySample[], periodMs: number): number {
  if (samples.length === 0) return 0
  return Math.floor((samples[samples.length - 1].t - samples[0].t) / periodMs) + 1
}

/**
 * Resamples a curve onto the grid t0 + k·period (last sample at or before each grid time) and assigns every cash
 * flow to the grid interval it falls in. Flows at or before t0 are already inside the first value. One point at a
 * time, so metrics can walk the grid more than once without holding it.
 */
export function* gridPoints(run: BacktestRun, curve: Curve, periodMs: number): Generator<GridPoint> {
  const { samples } = run
  if (samples.length === 0) return
  const t0 = samples[0].t
  const flows = run.cashflows
    .map((c, i) => ({ t: c.t, amount: parseAmount(c.amount, `cashflows[${i}].amount`) }))
    .sort((a, b) => a.t - b.t)
  let si = 0
  let fi = 0
  while (fi < flows.length && flows[fi].t <= t0) fi++
  const n = gridSize(samples, periodMs)
  for (let k = 0; k < n; k++) {
    const g = t0 + k * periodMs
    while (si + 1 < samples.length && samples[si + 1].t <= g) si++
    let flow = 0n
    if (k > 0) {
      while (fi < flows.length && flows[fi].t <= g) flow += flows[fi++].amount
    }
    yield { t: g, value: parseAmount(samples[si][curve], `samples[${si}].${curve}`), flow }
  }
}

/** `gridPoints` as an array. */
export function resample(run: BacktestRun, curve: Curve, periodMs: number): GridPoint[] {
  return [...gridPoints(run, curve, periodMs)]
}
