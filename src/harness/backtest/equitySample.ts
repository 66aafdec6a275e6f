import { Decimal } from 'decimal.js'
import { BotegaSwapError, botegaSwap } from '../../models/botegaSwap.ts'
import type { EquitySample, TokenMeta } from '../report/types.ts'

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN })

/** 10^k as a Decimal, made once per exponent (a run has one pair of denominations; samples come by the thousand) */
const TEN_TO = new Map<number, Decimal>()
function tenTo(k: number): Decimal {
  let v = TEN_TO.get(k)
  if (v === undefined) {
    v = new D(10).pow(k)
    TEN_TO.set(k, v)
  }
  return v
}

/** Quote per one whole base token at reserves (display only, 18 significant digits, deterministic). */
export function spotPrice(
  reserveBase: bigint,
  reserveQuote: bigint,
  base: TokenMeta,
  quote: TokenMeta,
): string {
  if (reserveBase === 0n) return '0'
  return new D(String(reserveQuote))
    .div(String(reserveBase))
    .mul(tenTo(base.denomination - quote.denomination))
    .toSignificantDigits(18)
    .toFixed()
}

/** Quote out for selling `amount` base through the pool after fees; 0 when the pool would refuse the swap. */
function liquidationOut(
  amount: bigint,
  rb: bigint,
  rq: bigint,
  lpFeeBps: number,
  protocolFeeBps: number,
): bigint {
  try {
    return botegaSwap(rb, rq, amount, lpFeeBps, protocolFeeBps).amountOut
  } catch (e) {
    if (e instanceof BotegaSwapError) return 0n
    throw e
  }
}

/**
 * One point of the equity curve, all in raw quote units with explicit floor rounding: spot value = quote + ⌊base ·
 * R_q / R_b⌋; liquidation value sells the base through the pool curve after fees; the baseline holds the base that
 * the first deposit would have bought at the first spot price.
 */
export function equitySample(p: {
  t: number
  base: TokenMeta
  quote: TokenMeta
  balBase: bigint
  balQuote: bigint
  reserveBase: bigint
  reserveQuote: bigint
  lpFeeBps: number
  protocolFeeBps: number
  baselineBase: bigint
  state: string
}): EquitySample {
  const spot = p.reserveBase === 0n ? 0n : (p.balBase * p.reserveQuote) / p.reserveBase
  const liq =
    p.balBase > 0n && p.reserveBase > 0n && p.reserveQuote > 0n
      ? liquidationOut(p.balBase, p.reserveBase, p.reserveQuote, p.lpFeeBps, p.protocolFeeBps)
      : 0n
  return {
    t: p.t,
    price: spotPrice(p.reserveBase, p.reserveQuote, p.base, p.quote),
    base: String(p.balBase),
    quote: String(p.balQuote),
    valueSpot: String(p.balQuote + spot),
    valueLiquidation: String(p.balQuote + (liq > 0n ? liq : 0n)),
    baseline: String(p.reserveBase === 0n ? 0n : (p.baselineBase * p.reserveQuote) / p.reserveBase),
    reserveBase: String(p.reserveBase),
    reserveQuote: String(p.reserveQuote),
    state: p.state,
  }
}
