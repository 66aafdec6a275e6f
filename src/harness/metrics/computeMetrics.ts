import { InvalidBacktestRunError } from '../../errors/metrics.ts'
import type { BacktestRun } from '../report/types.ts'
import { type CurveResult, curveMetrics } from './curveMetrics.ts'
import { D, fmt, parseAmount, parseDecimal, unit } from './decimal.ts'
import { exposure, trackingError } from './exposure.ts'
import { assertSorted, MS_PER_YEAR, periodsPerYear, samplingPeriodMs } from './sampling.ts'
import { averageEntryPrice, tradeStats } from './tradeStats.ts'
import type { BacktestMetrics } from './types.ts'

export interface ComputeMetricsOptions {
  /** sampling period for returns (ms); default: the median spacing of the samples */
  periodMs?: number
  /** annual risk-free rate / minimum acceptable return as a decimal string, default "0" */
  riskFree?: string
  /** value PnL in another unit: price of one whole quote token in `ticker` (default: the quote token, price 1) */
  numeraire?: { ticker: string; price: string }
}

export interface ComputedMetrics {
  metrics: BacktestMetrics
  /** unrounded curves for charts: spot, liquidation, baseline */
  curves: { spot: CurveResult; liquidation: CurveResult; baseline: CurveResult }
}

/** The agent metrics a strategy id selects: `dca`, `rebalance` or `hedge`, the id itself or as its prefix (`dca-…`). */
export function agentFamily(agent: string): 'dca' | 'rebalance' | 'hedge' | undefined {
  for (const f of ['dca', 'rebalance', 'hedge'] as const)
    if (agent === f || agent.startsWith(`${f}-`)) return f
  return undefined
}

const SHORT_WINDOW_MS = 30 * 24 * 60 * 60 * 1000

/** Computes every metric of a run (pure: same run and options give the same output). */
export function computeMetricsDetailed(
  run: BacktestRun,
  options: ComputeMetricsOptions = {},
): ComputedMetrics {
  if (run.samples.length === 0) {
    throw new InvalidBacktestRunError('run has no equity samples', {
      path: 'samples',
      hint: 'the harness records one sample per tick; a run without ticks cannot be measured',
    })
  }
  assertSorted(run)
  if (options.periodMs !== undefined && !(Number.isInteger(options.periodMs) && options.periodMs > 0)) {
    throw new InvalidBacktestRunError('sampling period must be a positive integer of ms', {
      path: 'options.periodMs',
      value: options.periodMs,
    })
  }
  const periodMs = options.periodMs ?? samplingPeriodMs(run.samples)
  const K = periodMs ? periodsPerYear(periodMs) : null
  const curveOpts = {
    periodMs,
    periodsPerYear: K,
    riskFree: parseDecimal(options.riskFree ?? '0', 'options.riskFree'),
  }
  const spot = curveMetrics(run, 'valueSpot', curveOpts)
  const liquidation = curveMetrics(run, 'valueLiquidation', curveOpts)
  const baseline = curveMetrics(run, 'baseline', curveOpts)

  const first = run.samples[0]
  const last = run.samples[run.samples.length - 1]
  const windowMs = last.t - first.t
  const ts = tradeStats(run)
  const ex = exposure(run)
  const te = trackingError(run)
  const quoteUnit = unit(run.meta.quote.denomination)
  const numeraire = options.numeraire ?? { ticker: run.meta.quote.ticker, price: '1' }
  const numPrice = parseDecimal(numeraire.price, 'options.numeraire.price')
  const endSpot = parseAmount(last.valueSpot, 'samples[-1].valueSpot')
  const endLiq = parseAmount(last.valueLiquidation, 'samples[-1].valueLiquidation')
  const turnover = ex.avgEquity?.gt(0) ? new D(ts.notionalQuote.toString()).div(ex.avgEquity.times(2)) : null
  const entry = averageEntryPrice(run, ts)
  const traded = ts.counts.total > 0
  const family = agentFamily(run.meta.agent)

  const metrics: BacktestMetrics = {
    window: {
      start: first.t,
      end: last.t,
      days: fmt(new D(windowMs).div(86_400_000), 4) as string,
      samplingPeriodMs: periodMs,
      periodsPerYear: fmt(K === null ? null : new D(MS_PER_YEAR).div(periodMs as number), 4),
      periods: spot.points > 0 ? spot.points - 1 : 0,
      shortWindow: windowMs < SHORT_WINDOW_MS,
    },
    numeraire: {
      ticker: numeraire.ticker,
      price: numeraire.price,
      pnl: fmt(new D(spot.metrics.pnl).div(quoteUnit).times(numPrice), 8) as string,
    },
    spot: spot.metrics,
    liquidation: liquidation.metrics,
    baseline: baseline.metrics,
    liquidationDiscountBps: fmt(
      endSpot > 0n ? new D((endSpot - endLiq).toString()).div(endSpot.toString()).times(10_000) : null,
      2,
    ),
    // A run without a single order says nothing about the strategy: no comparison with the market is reported.
    excessTwrVsBaseline: traded ? (fmt(spot.twr.minus(baseline.twr), 8) as string) : null,
    trades: {
      total: ts.counts.total,
      fills: ts.counts.filled,
      buys: ts.buys.count,
      sells: ts.sells.count,
      refunds: ts.counts.refunded,
      timeouts: ts.counts.timeout,
      failed: ts.counts.failed,
      feesQuote: ts.feesQuote.toString(),
      feesBase: ts.feesBase.toString(),
      notionalQuote: ts.notionalQuote.toString(),
      turnover: fmt(turnover, 8),
      turnoverAnnual: fmt(turnover && windowMs > 0 ? turnover.times(MS_PER_YEAR).div(windowMs) : null, 8),
      slippageMeanBps: fmt(ts.slippageMeanBps, 2),
      slippageWeightedBps: fmt(ts.slippageWeightedBps, 2),
      slippageWorstBps: fmt(ts.slippageWorstBps, 2),
    },
    exposure: {
      timeInMarket: fmt(ex.timeInMarket, 8),
      avgGrossExposure: fmt(ex.avgGrossExposure, 8),
      maxGrossExposure: fmt(ex.maxGrossExposure, 8),
    },
    agent: {
      dca:
        entry && family === 'dca'
          ? {
              averageEntryPrice: fmt(entry, 8) as string,
              twap: fmt(ex.twap, 8),
              entryVsTwapBps: fmt(ex.twap?.gt(0) ? entry.div(ex.twap).minus(1).times(10_000) : null, 2),
              missedSlots: ts.counts.refunded + ts.counts.timeout + ts.counts.failed,
            }
          : null,
      rebalance:
        te && (family === 'rebalance' || family === undefined)
          ? {
              trackingErrorRms: fmt(te.rms, 8) as string,
              maxWeightDeviation: fmt(te.maxAbs, 8) as string,
              samples: te.samples,
            }
          : null,
      hedge:
        family === 'hedge' && traded
          ? { drawdownReductionVsBaseline: fmt(baseline.depth.minus(spot.depth), 8) as string }
          : null,
    },
  }
  return { metrics, curves: { spot, liquidation, baseline } }
}

/** Computes every metric of a run; see docs/metrics.md for the formulas. */
export function computeMetrics(run: BacktestRun, options: ComputeMetricsOptions = {}): BacktestMetrics {
  return computeMetricsDetailed(run, options).metrics
}
