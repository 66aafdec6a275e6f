/**
 * Metrics of one backtest run, JSON-ready: integer amounts are raw-unit integer strings, ratios are decimal strings
 * rounded half-even to a fixed number of places (8 for fractions, 2 for bps/ratios), null when undefined.
 * Every formula is in docs/metrics.md.
 */
export interface DrawdownMetrics {
  depth: string
  peakT: number | null
  troughT: number | null
  recoveryT: number | null
  durationMs: number
  longestUnderwaterMs: number
}

export interface CurveMetrics {
  /** V_T − V_0 − Σ flows after t0, quote raw units */
  pnl: string
  /** pnl / (V_0 + Σ deposits after t0) */
  roi: string | null
  /** time-weighted return over the window */
  twr: string
  /** (1 + twr)^(1/years) − 1 */
  cagr: string | null
  /** money-weighted annual return (XIRR) */
  irr: string | null
  sharpe: string | null
  sortino: string | null
  /** cagr / maxDrawdown.depth */
  calmar: string | null
  /** sample stdev of period returns · √K */
  volatility: string | null
  maxDrawdown: DrawdownMetrics
  start: string
  end: string
}

export interface BacktestMetrics {
  window: {
    start: number
    end: number
    days: string
    samplingPeriodMs: number | null
    /** K, periods per year (365-day year / sampling period) */
    periodsPerYear: string | null
    periods: number
    /** true when the window is under 30 days: annualized figures (CAGR, IRR, Calmar) are unreliable */
    shortWindow: boolean
  }
  numeraire: { ticker: string; price: string; pnl: string }
  /** equity marked at spot */
  spot: CurveMetrics
  /** equity marked at liquidation value (base sold through the pool curve after fees) */
  liquidation: CurveMetrics
  /** buy-and-hold baseline with the same cash flows */
  baseline: CurveMetrics
  /** (valueSpot − valueLiquidation) / valueSpot at the end, bps */
  liquidationDiscountBps: string | null
  /** spot.twr − baseline.twr; null when the agent placed no order (nothing to compare) */
  excessTwrVsBaseline: string | null
  trades: {
    total: number
    fills: number
    buys: number
    sells: number
    refunds: number
    timeouts: number
    failed: number
    feesQuote: string
    feesBase: string
    notionalQuote: string
    /** Σ notional / (2 · average equity) over the window, and annualized */
    turnover: string | null
    turnoverAnnual: string | null
    slippageMeanBps: string | null
    slippageWeightedBps: string | null
    slippageWorstBps: string | null
  }
  exposure: {
    timeInMarket: string | null
    avgGrossExposure: string | null
    maxGrossExposure: string | null
  }
  agent: {
    dca: {
      averageEntryPrice: string
      twap: string | null
      entryVsTwapBps: string | null
      missedSlots: number
    } | null
    rebalance: { trackingErrorRms: string; maxWeightDeviation: string; samples: number } | null
    /** only for hedging agents, and only when they traded */
    hedge: { drawdownReductionVsBaseline: string } | null
  }
}
