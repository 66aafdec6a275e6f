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

/**
 * Drawdown of a curve fed one point at a time (times strictly increasing), in constant memory: the running peak, the
 * deepest drawdown so far and, after its trough, the first point back at its peak (the recovery).
 */
export class RunningDrawdown {
  private peak: Dec | null = null
  private peakT: number | null = null
  private best = { depth: new D(0), peakT: null as number | null, troughT: null as number | null }
  /** the peak value of the deepest drawdown, while its recovery is still to be found */
  private seeking: Dec | null = null
  private recoveryT: number | null = null
  private underwaterSince: number | null = null
  private longest = 0
  private end = 0

  /** Adds the point (t, v); returns its drawdown fraction. */
  push(t: number, v: Dec): Dec {
    this.end = t
    if (this.seeking !== null && v.gte(this.seeking)) {
      this.recoveryT = t
      this.seeking = null
    }
    if (this.peak === null || v.gte(this.peak)) {
      if (this.underwaterSince !== null) this.longest = Math.max(this.longest, t - this.underwaterSince)
      this.underwaterSince = null
      this.peak = v
      this.peakT = t
      return new D(0)
    }
    if (this.underwaterSince === null) this.underwaterSince = this.peakT
    const dd = this.peak.isZero() ? new D(0) : new D(1).minus(v.div(this.peak))
    if (dd.gt(this.best.depth)) {
      this.best = { depth: dd, peakT: this.peakT, troughT: t }
      // a deeper drawdown starts a new search for the recovery, from its own peak
      this.seeking = this.peak
      this.recoveryT = null
    }
    return dd
  }

  result(): Omit<DrawdownStats, 'series'> {
    const longest =
      this.underwaterSince !== null ? Math.max(this.longest, this.end - this.underwaterSince) : this.longest
    const { depth, peakT, troughT } = this.best
    return {
      depth,
      peakT,
      troughT,
      recoveryT: this.recoveryT,
      durationMs: peakT === null ? 0 : (this.recoveryT ?? this.end) - peakT,
      longestUnderwaterMs: longest,
    }
  }
}

/** Drawdown of a curve measured against its running peak (never against initial capital). */
export function drawdown(times: readonly number[], values: readonly Dec[]): DrawdownStats {
  const running = new RunningDrawdown()
  const series = values.map((v, i) => running.push(times[i], v))
  return { ...running.result(), series }
}
