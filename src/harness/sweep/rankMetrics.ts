import { UnknownRankMetricError } from '../../errors/sweep.ts'
import { D, type Dec } from '../metrics/decimal.ts'
import type { BacktestMetrics } from '../metrics/types.ts'

interface RankMetric {
  /** reads the metric as a decimal/integer string (null when undefined for the run) */
  get(m: BacktestMetrics): string | null
  /** true when a larger value ranks first */
  higherIsBetter: boolean
}

/** Metrics a sweep can rank by and writes as columns, in column order. */
export const RANK_METRICS = {
  sharpe: { get: (m) => m.spot.sharpe, higherIsBetter: true },
  sortino: { get: (m) => m.spot.sortino, higherIsBetter: true },
  calmar: { get: (m) => m.spot.calmar, higherIsBetter: true },
  twr: { get: (m) => m.spot.twr, higherIsBetter: true },
  irr: { get: (m) => m.spot.irr, higherIsBetter: true },
  cagr: { get: (m) => m.spot.cagr, higherIsBetter: true },
  roi: { get: (m) => m.spot.roi, higherIsBetter: true },
  pnl: { get: (m) => m.spot.pnl, higherIsBetter: true },
  pnlLiquidation: { get: (m) => m.liquidation.pnl, higherIsBetter: true },
  excessTwr: { get: (m) => m.excessTwrVsBaseline, higherIsBetter: true },
  maxDrawdown: { get: (m) => m.spot.maxDrawdown.depth, higherIsBetter: false },
  volatility: { get: (m) => m.spot.volatility, higherIsBetter: false },
  fees: { get: (m) => m.trades.feesQuote, higherIsBetter: false },
  slippageBps: { get: (m) => m.trades.slippageWeightedBps, higherIsBetter: false },
  fills: { get: (m) => String(m.trades.fills), higherIsBetter: true },
  refunds: { get: (m) => String(m.trades.refunds), higherIsBetter: false },
  timeouts: { get: (m) => String(m.trades.timeouts), higherIsBetter: false },
  trackingError: { get: (m) => m.agent.rebalance?.trackingErrorRms ?? null, higherIsBetter: false },
  entryVsTwapBps: { get: (m) => m.agent.dca?.entryVsTwapBps ?? null, higherIsBetter: false },
} satisfies Record<string, RankMetric>

export type RankMetricName = keyof typeof RANK_METRICS
export const RANK_METRIC_NAMES = Object.keys(RANK_METRICS) as RankMetricName[]

export function assertRankMetric(name: string): asserts name is RankMetricName {
  if (!(name in RANK_METRICS)) throw new UnknownRankMetricError(name, RANK_METRIC_NAMES)
}

/** Flat metric summary of a run (every RANK_METRICS column). */
export function summarize(m: BacktestMetrics): Record<RankMetricName, string | null> {
  return Object.fromEntries(RANK_METRIC_NAMES.map((k) => [k, RANK_METRICS[k].get(m)])) as Record<
    RankMetricName,
    string | null
  >
}

/**
 * Sort comparator for ranking: best score first (direction from the metric), undefined scores after all defined
 * ones, ties broken by the params key (a stable string of the parameter set) so the order never depends on timing.
 */
export function compareScores(
  metric: RankMetricName,
  a: { score: string | null; key: string },
  b: { score: string | null; key: string },
): number {
  if (a.score !== b.score) {
    if (a.score === null) return 1
    if (b.score === null) return -1
    const c = (new D(a.score) as Dec).cmp(new D(b.score))
    if (c !== 0) return RANK_METRICS[metric].higherIsBetter ? -c : c
  }
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0
}
