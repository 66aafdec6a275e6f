import type { BacktestRun, CashFlow, EquitySample, TradeRecord } from '../../../src/harness/report/types.ts'

export const T0 = Date.UTC(2025, 0, 1)
export const HOUR = 3_600_000
export const DAY = 24 * HOUR
export const YEAR = 365 * DAY

type SampleInput = Partial<EquitySample> & { t: number; value: number | bigint }

/** A hand-built run: each sample's value is used for spot, liquidation and baseline unless given. */
export function buildRun(input: {
  samples: SampleInput[]
  trades?: Partial<TradeRecord>[]
  cashflows?: CashFlow[]
  params?: Record<string, unknown>
  /** strategy id (selects the agent-specific metrics: dca, rebalance, hedge) */
  agent?: string
  baseDenomination?: number
  quoteDenomination?: number
}): BacktestRun {
  const samples: EquitySample[] = input.samples.map(({ value, ...s }) => ({
    price: '1',
    base: '0',
    quote: String(value),
    valueSpot: String(value),
    valueLiquidation: String(value),
    baseline: String(value),
    reserveBase: '1000000',
    reserveQuote: '1000000',
    state: 'running',
    ...s,
  }))
  const trades: TradeRecord[] = (input.trades ?? []).map((t, i) => ({
    t: T0 + i,
    orderId: `o${i}`,
    side: 'buy',
    tokenIn: 'Q',
    tokenOut: 'B',
    amountIn: '0',
    expectedOut: '0',
    minOut: '0',
    amountOut: '0',
    fee: '0',
    status: 'filled',
    ...t,
  }))
  return {
    meta: {
      agent: input.agent ?? 'test',
      strategyHash: 'h',
      params: input.params ?? {},
      log: { file: 'x.jsonl', sha256: '0', events: 0 },
      engine: 'ts',
      market: 'reexecute',
      start: samples[0]?.t ?? T0,
      end: samples.at(-1)?.t ?? T0,
      base: { id: 'B', ticker: 'BASE', denomination: input.baseDenomination ?? 0 },
      quote: { id: 'Q', ticker: 'QUOTE', denomination: input.quoteDenomination ?? 0 },
      afkVersion: '0.0.0',
    },
    samples,
    trades,
    cashflows: input.cashflows ?? [],
    counts: { messages: 0, ticks: 0, agentErrors: 0 },
  }
}
