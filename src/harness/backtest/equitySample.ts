import { BotegaSwapError, botegaSwap } from '../../models/botegaSwap.ts'
import type { EquitySample, TokenMeta } from '../report/types.ts'

const TEN_40 = 10n ** 40n
const TEN_39 = 10n ** 39n
const TEN_22 = 10n ** 22n

/**
 * Quote per one whole base token at reserves (display only, 18 significant digits, deterministic): R_q / R_b rounded
 * half-even to 40 significant digits, times 10^(base − quote denomination), rounded half-even to 18 significant
 * digits, in plain notation without trailing zeros. That is what decimal.js (precision 40, ROUND_HALF_EVEN) wrote
 * with `div`, `mul`, `toSignificantDigits(18)`, `toFixed()`, both roundings included (a quotient just under a tie
 * at 18 digits can round up to it at 40), in exact bigint arithmetic: a sample comes after every agent tick.
 * test/harness/backtest/spotPrice.test.ts holds it equal to decimal.js.
 */
export function spotPrice(
  reserveBase: bigint,
  reserveQuote: bigint,
  base: TokenMeta,
  quote: TokenMeta,
): string {
  if (reserveBase === 0n || reserveQuote === 0n) return '0'
  const negative = reserveBase < 0n !== reserveQuote < 0n
  const rb = reserveBase < 0n ? -reserveBase : reserveBase
  const rq = reserveQuote < 0n ? -reserveQuote : reserveQuote
  // the quotient as n · 10^-e with n of exactly 40 digits before rounding (remainder r of the division by den)
  let e = 39 - (rq.toString().length - rb.toString().length)
  let n = 0n
  let r = 0n
  let den = rb
  for (;;) {
    const num = e >= 0 ? rq * 10n ** BigInt(e) : rq
    den = e >= 0 ? rb : rb * 10n ** BigInt(-e)
    n = num / den
    r = num % den
    if (n >= TEN_40) e--
    else if (n < TEN_39) e++
    else break
  }
  if (2n * r > den || (2n * r === den && (n & 1n) === 1n)) n++
  if (n === TEN_40) {
    n = TEN_39
    e--
  }
  // 40 digits → 18: drop 22, half-even on exactly what is dropped
  let m = n / TEN_22
  const dropped = n % TEN_22
  if (2n * dropped > TEN_22 || (2n * dropped === TEN_22 && (m & 1n) === 1n)) m++
  let exp = 22 - e + (base.denomination - quote.denomination)
  while (m % 10n === 0n) {
    m /= 10n
    exp++
  }
  const digits = m.toString()
  const sign = negative ? '-' : ''
  if (exp >= 0) return sign + digits + '0'.repeat(exp)
  const point = digits.length + exp
  return point > 0
    ? `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
    : `${sign}0.${'0'.repeat(-point)}${digits}`
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
