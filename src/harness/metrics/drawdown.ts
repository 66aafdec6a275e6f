import { D, type Dec } from './decimal.ts'

export interface DrawdownStats {
  /** maxₜ (1 − Eₜ / max_{s≤t} Eₛ), a fraction in [0, 1] */
  depth: Dec
  peakT: number | null
  troughT: number | null
  /** first time the curve is back at the peak after the trough, or null if it never recovered */
  recoveryT: number | null
  /** peak → recovery (or end of window) of the deepest drawdown, ms */
  durationMs: number
  /** longest time spent below a previous peak, ms (any drawdown, not only the deepest) */
  longestUnderwaterMs: number
  /** drawdown fraction at every point, for charts */
  series: Dec[]
}

/** Drawdown of a curve measured against its running peak (never against initial capital). */
export function drawdown(times: readonly number[], values: readonly Dec[]): DrawdownStats {
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
