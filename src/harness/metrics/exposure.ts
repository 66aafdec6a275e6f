import type { BacktestRun } from '../report/types.ts'
import { D, type Dec, parseAmount, parseDecimal } from './decimal.ts'

export interface ExposureStats {
  /** share of the window with a non-zero base position (time-weighted) */
  timeInMarket: Dec | null
  /** time-weighted mean of position value / equity at spot */
  avgGrossExposure: Dec | null
  maxGrossExposure: Dec | null
  /** time-weighted average spot price (TWAP), quote per whole base, over the time with a market (price > 0) */
  twap: Dec | null
  /** time-weighted mean equity at spot, quote raw units */
  avgEquity: Dec | null
}

/**
 * Time-weighted position statistics. Each sample holds until the next one, so its weight is the gap to the next
 * sample; the last sample has no weight (the window ends there).
 */
export function exposure(run: BacktestRun): ExposureStats {
  const s = run.samples
  const window = s.length ? s[s.length - 1].t - s[0].t : 0
  if (window <= 0)
    return { timeInMarket: null, avgGrossExposure: null, maxGrossExposure: null, twap: null, avgEquity: null }
  let inMarket = 0
  let gross = new D(0)
  let maxGross: Dec | null = null
  let priceArea = new D(0)
  let priceTime = 0
  let equityArea = new D(0)
  for (let i = 0; i < s.length; i++) {
    const base = parseAmount(s[i].base, `samples[${i}].base`)
    const quote = parseAmount(s[i].quote, `samples[${i}].quote`)
    const value = parseAmount(s[i].valueSpot, `samples[${i}].valueSpot`)
    const price = parseDecimal(s[i].price, `samples[${i}].price`)
    const g = value > 0n ? new D((value - quote).toString()).div(value.toString()) : new D(0)
    if (maxGross === null || g.gt(maxGross)) maxGross = g
    const dt = i + 1 < s.length ? s[i + 1].t - s[i].t : 0
    if (base !== 0n) inMarket += dt
    gross = gross.plus(g.times(dt))
    // price 0 = no pool yet (e.g. before the pool's spawn in a replay): not part of the TWAP
    if (price.gt(0)) {
      priceArea = priceArea.plus(price.times(dt))
      priceTime += dt
    }
    equityArea = equityArea.plus(new D(value.toString()).times(dt))
  }
  return {
    timeInMarket: new D(inMarket).div(window),
    avgGrossExposure: gross.div(window),
    maxGrossExposure: maxGross,
    twap: priceTime > 0 ? priceArea.div(priceTime) : null,
    avgEquity: equityArea.div(window),
  }
}

export interface TrackingError {
  /** √(mean over samples of Σᵢ (wᵢ − wᵢ*)²), as a fraction */
  rms: Dec
  /** largest |wᵢ − wᵢ*| seen in any sample */
  maxAbs: Dec
  samples: number
}

/** Targets from the run: per-sample `targetWeights`, else `meta.params.targetWeights` / `meta.params.weights`. */
function targetsFor(run: BacktestRun, i: number): Record<string, unknown> | null {
  const own = run.samples[i].targetWeights
  if (own) return own
  const p = run.meta.params as Record<string, unknown>
  const t = p.targetWeights ?? p.weights
  return t && typeof t === 'object' ? (t as Record<string, unknown>) : null
}

/** Tracking error of actual weights vs target weights, over samples that carry `weights`; null if none do. */
export function trackingError(run: BacktestRun): TrackingError | null {
  let sum = new D(0)
  let maxAbs = new D(0)
  let n = 0
  run.samples.forEach((sample, i) => {
    if (!sample.weights) return
    const targets = targetsFor(run, i)
    if (!targets) return
    const keys = [...new Set([...Object.keys(sample.weights), ...Object.keys(targets)])].sort()
    let sq = new D(0)
    for (const k of keys) {
      const w =
        sample.weights[k] === undefined
          ? new D(0)
          : parseDecimal(sample.weights[k], `samples[${i}].weights.${k}`)
      const target =
        targets[k] === undefined ? new D(0) : parseDecimal(String(targets[k]), `target weight ${k}`)
      const d = w.minus(target).abs()
      if (d.gt(maxAbs)) maxAbs = d
      sq = sq.plus(d.pow(2))
    }
    sum = sum.plus(sq)
    n++
  })
  if (n === 0) return null
  return { rms: sum.div(n).sqrt(), maxAbs, samples: n }
}
