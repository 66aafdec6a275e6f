import type { BacktestRun, TradeRecord } from '../report/types.ts'
import { D, type Dec, parseAmount, unit } from './decimal.ts'

export interface TradeCounts {
  total: number
  filled: number
  refunded: number
  failed: number
  timeout: number
}

export interface TradeStats {
  counts: TradeCounts
  /** Σ fees of filled trades in quote raw units; fees charged in base are converted at the trade's execution price (floor) */
  feesQuote: bigint
  /** Σ fees charged in base raw units (already included in feesQuote) */
  feesBase: bigint
  /** Σ |notional| of filled trades in quote raw units (buy: amountIn, sell: amountOut) */
  notionalQuote: bigint
  /** mean over fills of (expectedOut − amountOut) / expectedOut · 10 000; positive = worse than quoted */
  slippageMeanBps: Dec | null
  /** Σ(expectedOut − amountOut) / Σ expectedOut · 10 000 */
  slippageWeightedBps: Dec | null
  slippageWorstBps: Dec | null
  buys: { quoteIn: bigint; baseOut: bigint; count: number }
  sells: { baseIn: bigint; quoteOut: bigint; count: number }
}

interface ParsedFill {
  trade: TradeRecord
  amountIn: bigint
  amountOut: bigint
  expectedOut: bigint
  fee: bigint
}

function parseFill(trade: TradeRecord, i: number): ParsedFill {
  return {
    trade,
    amountIn: parseAmount(trade.amountIn, `trades[${i}].amountIn`),
    amountOut: parseAmount(trade.amountOut, `trades[${i}].amountOut`),
    expectedOut: parseAmount(trade.expectedOut, `trades[${i}].expectedOut`),
    fee: parseAmount(trade.fee, `trades[${i}].fee`),
  }
}

/** Counts, fees, notional and slippage over a run's trades; only `filled` trades move money. */
export function tradeStats(run: BacktestRun): TradeStats {
  const counts: TradeCounts = { total: run.trades.length, filled: 0, refunded: 0, failed: 0, timeout: 0 }
  const buys = { quoteIn: 0n, baseOut: 0n, count: 0 }
  const sells = { baseIn: 0n, quoteOut: 0n, count: 0 }
  let feesQuote = 0n
  let feesBase = 0n
  let notional = 0n
  let slipSum = new D(0)
  let slipWorst: Dec | null = null
  let expectedSum = 0n
  let shortfallSum = 0n
  run.trades.forEach((trade, i) => {
    counts[trade.status]++
    if (trade.status !== 'filled') return
    const f = parseFill(trade, i)
    if (trade.side === 'buy') {
      buys.quoteIn += f.amountIn
      buys.baseOut += f.amountOut
      buys.count++
      notional += f.amountIn
      feesQuote += f.fee
    } else {
      sells.baseIn += f.amountIn
      sells.quoteOut += f.amountOut
      sells.count++
      notional += f.amountOut
      feesBase += f.fee
      if (f.amountIn > 0n) feesQuote += (f.fee * f.amountOut) / f.amountIn
    }
    if (f.expectedOut > 0n) {
      const bps = new D((f.expectedOut - f.amountOut).toString()).div(f.expectedOut.toString()).times(10_000)
      slipSum = slipSum.plus(bps)
      if (slipWorst === null || bps.gt(slipWorst)) slipWorst = bps
      expectedSum += f.expectedOut
      shortfallSum += f.expectedOut - f.amountOut
    }
  })
  const fills = buys.count + sells.count
  return {
    counts,
    feesQuote,
    feesBase,
    notionalQuote: notional,
    slippageMeanBps: fills ? slipSum.div(fills) : null,
    slippageWeightedBps:
      expectedSum > 0n ? new D(shortfallSum.toString()).div(expectedSum.toString()).times(10_000) : null,
    slippageWorstBps: slipWorst,
    buys,
    sells,
  }
}

/** Execution price of a filled trade in quote per whole base (display precision), or null for a zero leg. */
export function executionPrice(run: BacktestRun, trade: TradeRecord): Dec | null {
  const baseRaw = trade.side === 'buy' ? trade.amountOut : trade.amountIn
  const quoteRaw = trade.side === 'buy' ? trade.amountIn : trade.amountOut
  if (!/^\d+$/.test(baseRaw) || !/^\d+$/.test(quoteRaw) || BigInt(baseRaw) === 0n) return null
  const quote = new D(quoteRaw).div(unit(run.meta.quote.denomination))
  return quote.div(new D(baseRaw).div(unit(run.meta.base.denomination)))
}

/** Average entry price of all filled buys (Σ quote in / Σ base out), quote per whole base. */
export function averageEntryPrice(run: BacktestRun, stats: TradeStats): Dec | null {
  if (stats.buys.baseOut === 0n) return null
  const quote = new D(stats.buys.quoteIn.toString()).div(unit(run.meta.quote.denomination))
  return quote.div(new D(stats.buys.baseOut.toString()).div(unit(run.meta.base.denomination)))
}
