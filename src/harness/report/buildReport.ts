import { type ComputeMetricsOptions, computeMetrics } from '../metrics/computeMetrics.ts'
import type { BacktestMetrics } from '../metrics/types.ts'
import { downsample } from './downsample.ts'
import { stableJsonChunks, stableStringify } from './stableJson.ts'
import type { BacktestRun, TradeRecord } from './types.ts'

export const REPORT_SCHEMA = 'afk.backtest-report/1'

export interface BacktestReport {
  schema: typeof REPORT_SCHEMA
  meta: BacktestRun['meta']
  counts: BacktestRun['counts']
  metrics: BacktestMetrics
  trades: TradeRecord[]
  cashflows: BacktestRun['cashflows']
  /** the agent's state changes (timeline and event markers), when the run recorded them */
  events?: BacktestRun['events']
  /** multi-pool runs: per-asset holdings, values in the numeraire and weights at the end */
  portfolio?: BacktestRun['portfolio']
  /**
   * the equity series: every sample up to REPORT_MAX_POINTS, else thinned (see `downsampled`); left out only with
   * `includeSamples: false`
   */
  samples?: BacktestRun['samples']
  /**
   * present only when a series was longer than REPORT_MAX_POINTS: how many points the run had and how many the
   * report keeps (every 2^k-th one and the last). Metrics are always computed from the full series.
   */
  downsampled?: { samples?: { kept: number; of: number }; events?: { kept: number; of: number } }
}

export interface BuildReportOptions extends ComputeMetricsOptions {
  includeSamples?: boolean
  /** metrics already computed for this run (skips recomputation) */
  metrics?: BacktestMetrics
}

/** The JSON report document of a run: meta, metrics and the trade list. */
export function buildReport(run: BacktestRun, options: BuildReportOptions = {}): BacktestReport {
  const samples = options.includeSamples === false ? undefined : downsample(run.samples)
  const events = run.events ? downsample(run.events) : undefined
  const thinned = (kept: readonly unknown[] | undefined, all: readonly unknown[] | undefined) =>
    kept && all && kept.length < all.length ? { kept: kept.length, of: all.length } : undefined
  const downsampled = {
    samples: thinned(samples, run.samples),
    events: thinned(events, run.events),
  }
  return {
    schema: REPORT_SCHEMA,
    meta: run.meta,
    counts: run.counts,
    metrics: options.metrics ?? computeMetrics(run, options),
    trades: run.trades,
    cashflows: run.cashflows,
    events: events as BacktestRun['events'],
    portfolio: run.portfolio,
    samples: samples as BacktestRun['samples'] | undefined,
    downsampled: downsampled.samples || downsampled.events ? downsampled : undefined,
  }
}

/** The report as byte-stable JSON (sorted keys, fixed decimals, no wall-clock time). */
export function formatReportJson(run: BacktestRun, options: BuildReportOptions = {}): string {
  return stableStringify(buildReport(run, options))
}

/** `formatReportJson` in pieces (same bytes), for writing a long run's report without holding it as one string. */
export function reportJsonChunks(run: BacktestRun, options: BuildReportOptions = {}): Generator<string> {
  return stableJsonChunks(buildReport(run, options))
}
