/**
 * The raw output of one backtest run that metrics and reports are computed from. All amounts are integer strings in
 * raw token units; prices are decimal strings (quote per base, display only).
 */
export interface TokenMeta {
  id: string
  ticker: string
  denomination: number
}

export interface EquitySample {
  /** ms since epoch */
  t: number
  /** spot price, quote per 1 whole base token, decimal string */
  price: string
  base: string
  quote: string
  /** agent's value in quote raw units at spot price */
  valueSpot: string
  /** agent's value in quote raw units if base were sold through the pool curve after fees */
  valueLiquidation: string
  /** value of the buy-and-hold baseline, quote raw units */
  baseline: string
  reserveBase: string
  reserveQuote: string
  state: string
  /** optional per-asset weights for rebalancing agents (decimal strings summing to 1) */
  weights?: Record<string, string>
  /** optional target weights at this sample (rebalancing); metrics fall back to `meta.params.targetWeights` */
  targetWeights?: Record<string, string>
}

export interface TradeRecord {
  t: number
  orderId: string
  side: 'buy' | 'sell'
  tokenIn: string
  tokenOut: string
  amountIn: string
  /** quoted output (what the agent expected) */
  expectedOut: string
  minOut: string
  amountOut: string
  fee: string
  status: 'filled' | 'refunded' | 'failed' | 'timeout'
  reason?: string
}

export interface CashFlow {
  t: number
  /** quote raw units; positive = deposit into the agent, negative = withdrawal */
  amount: string
}

export interface BacktestRun {
  meta: {
    agent: string
    strategyHash: string
    params: Record<string, unknown>
    log: {
      file: string
      sha256: string
      events: number
      /** swap notices that could not be used (bad Quantity, no Sender): counted and reported, never dropped */
      unusable?: { count: number; first: string; reason: string }
    }
    engine: 'ts' | 'lua' | 'both'
    market: 'reexecute' | 'anchored'
    start: number
    end: number
    base: TokenMeta
    quote: TokenMeta
    afkVersion: string
    /** present (true) when the log did not give the tokens' denominations and none was passed: 12 was assumed */
    denominationAssumed?: true
    /** problems the run was forced through (e.g. params naming a pool absent from the log); shown everywhere */
    warnings?: string[]
    /** multi-pool runs: what the buy-and-hold baseline holds (baselineAllocation), shown with its metrics */
    baseline?: string
  }
  samples: EquitySample[]
  trades: TradeRecord[]
  cashflows: CashFlow[]
  counts: { messages: number; ticks: number; agentErrors: number }
  /** the agent's state changes in time order (state timeline and event markers); absent in older runs */
  events?: AgentEvent[]
  /** multi-pool runs: holdings per asset valued in the numeraire at the end (samples carry `weights` over time) */
  portfolio?: Portfolio
}

/** One change of the agent's state value (`Status` value, the same for both engines), with what caused it. */
export interface AgentEvent {
  t: number
  from: string
  to: string
  /** `Action` of the message that caused it (`Cron` for a tick) */
  cause: string
}

/** One asset of a multi-pool run's portfolio, valued in the numeraire at the end of the run. */
export interface PortfolioAsset {
  token: TokenMeta
  /** the pool pricing it against the numeraire (absent for the numeraire itself) */
  pool?: string
  /** agent's balance, raw units */
  balance: string
  /** value in numeraire raw units at the pool's spot price (floor) */
  value: string
  /** share of the portfolio value, decimal string with 6 places */
  weight: string
}

/** Holdings across every pool of a multi-pool run, in the numeraire (`quote` of the run's meta). */
export interface Portfolio {
  numeraire: TokenMeta
  /** numeraire first, then the assets in the log's order */
  assets: PortfolioAsset[]
  /** total value, numeraire raw units */
  value: string
}
