import { type ComputeMetricsOptions, computeMetrics } from '../metrics/computeMetrics.ts'
import type { BacktestMetrics } from '../metrics/types.ts'
import { stableStringify } from './stableJson.ts'
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
  /** the equity series (every sample); left out only with `includeSamples: false` */
  samples?: BacktestRun['samples']
}

export interface BuildReportOptions extends ComputeMetricsOptions {
  includeSamples?: boolean
  /** metrics already computed for this run (skips recomputation) */
  metrics?: BacktestMetrics
}

/** The JSON report document of a run: meta, metrics and the trade list. */
export function buildReport(run: BacktestRun, options: BuildReportOptions = {}): BacktestReport {
  return {
    schema: REPORT_SCHEMA,
    meta: run.meta,
    counts: run.counts,
    metrics: options.metrics ?? computeMetrics(run, options),
    trades: run.trades,
    cashflows: run.cashflows,
    events: run.events,
    portfolio: run.portfolio,
    samples: options.includeSamples === false ? undefined : run.samples,
  }
}

/** The report as byte-stable JSON (sorted keys, fixed decimals, no wall-clock time). */
export function formatReportJson(run: BacktestRun, options: BuildReportOptions = {}): string {
  return stableStringify(buildReport(run, options))
}
