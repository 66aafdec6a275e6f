import { BOTEGA_ERRORS } from '../protocols/botega.ts'
import { AmountError, addAmount, ceilDivAmount, MAX_AMOUNT, mulAmount } from './amount.ts'

export interface BotegaSwapResult {
  amountOut: bigint
  /** Input after fees (`Quantity-After-Fees`). */
  adjustedIn: bigint
  lpFee: bigint
  protocolFee: bigint
  totalFee: bigint
  /** Reserves after the swap: the LP fee stays in the pool, the protocol fee leaves it. */
  newReserveIn: bigint
  newReserveOut: bigint
}

/** A swap the pool would refuse; `reason` is the exact refund text (`X-Refund-Reason`). */
export class BotegaSwapError extends AmountError {
  override name = 'BotegaSwapError'
  constructor(readonly reason: string) {
    super(reason)
  }
}

/**
 * Botega constant-product swap with fees taken from the input (dex-protocols.md §2.1.7), in exact integers:
 * adjusted = floor(in·(10000 − lp − pf)/10000); T = in − adjusted; LP fee = floor(T·ceil(100·lp/(lp+pf))/100);
 * out = R_out − ceil(R_in·R_out/(R_in + adjusted)). Same order of checks and texts as `lib/botega_math.lua`.
 * Throws `BotegaSwapError` (empty reserves, nothing out) or `AmountError` (overflow).
 * @example botegaSwap(10n ** 21n, 10n ** 21n, 10n ** 20n, 20, 5).amountOut // 90702432370993407592n
 */
export function botegaSwap(
  reserveIn: bigint,
  reserveOut: bigint,
  amountIn: bigint,
  lpFeeBps: number,
  protocolFeeBps: number,
): BotegaSwapResult {
  if (reserveIn === 0n || reserveOut === 0n) throw new BotegaSwapError(BOTEGA_ERRORS.emptyReserves)
  const { adjustedIn, lpFee, protocolFee, totalFee } = botegaFees(amountIn, lpFeeBps, protocolFeeBps)
  let amountOut: bigint
  let inAfter: bigint
  if (
    reserveIn > 0n &&
    reserveOut > 0n &&
    adjustedIn >= 0n &&
    reserveIn < HALF_BITS &&
    reserveOut < HALF_BITS
  ) {
    // R_in·R_out < 2^254 is in range (mulAmount would pass), and for integers R_out − ⌈R_in·R_out/(R_in + a)⌉ =
    // ⌊R_out·a/(R_in + a)⌋ (ceil(N − x) = N − floor(x)): one smaller product and one division, the same number
    inAfter = addAmount(reserveIn, adjustedIn)
    amountOut = (reserveOut * adjustedIn) / inAfter
  } else {
    const k = mulAmount(reserveIn, reserveOut)
    inAfter = addAmount(reserveIn, adjustedIn)
    amountOut = reserveOut - ceilDivAmount(k, inAfter)
  }
  if (amountOut === 0n) throw new BotegaSwapError(BOTEGA_ERRORS.noLiquidity)
  if (amountOut >= reserveOut) throw new BotegaSwapError(BOTEGA_ERRORS.drain)
  return {
    amountOut,
    adjustedIn,
    lpFee,
    protocolFee,
    totalFee,
    newReserveIn: addAmount(inAfter, lpFee),
    newReserveOut: reserveOut - amountOut,
  }
}

/** 2^127: two amounts below it multiply to less than 2^254, never above `MAX_AMOUNT` */
const HALF_BITS = 1n << 127n
/** the largest fee whose product with 100 is still an amount (`mulAmount(T, 100n)` refuses above it) */
const MAX_FEE_FOR_SHARE = MAX_AMOUNT / 100n

/** The fee split of a Botega swap input (twin of BotegaMath.fees). */
export function botegaFees(amountIn: bigint, lpFeeBps: number, protocolFeeBps: number) {
  const r = feeRates(lpFeeBps, protocolFeeBps)
  const adjustedIn = mulAmount(amountIn, r.keep) / 10000n
  const totalFee = amountIn - adjustedIn
  let lpFee = 0n
  // all of the fee to the LP (no protocol fee): ⌊T·100/100⌋ = T, when T·100 is in range as mulAmount checks
  if (r.lpShare === 100n && totalFee >= 0n && totalFee <= MAX_FEE_FOR_SHARE) lpFee = totalFee
  else if (r.lpShare !== undefined) lpFee = mulAmount(totalFee, r.lpShare) / 100n
  return { adjustedIn, lpFee, protocolFee: totalFee - lpFee, totalFee }
}

/** A pair of fee rates as bigints: 10000 − lp − pf, and the LP's whole-percent share (none when both are 0). */
interface FeeRates {
  lp: number
  pf: number
  keep: bigint
  lpShare: bigint | undefined
}

/** the last pair asked for: a replay swaps through one pool, so the rates are made once, not per swap */
let lastRates: FeeRates | undefined

function feeRates(lp: number, pf: number): FeeRates {
  const last = lastRates
  if (last !== undefined && last.lp === lp && last.pf === pf) return last
  const totalBps = lp + pf
  const r: FeeRates = {
    lp,
    pf,
    keep: BigInt(10000 - totalBps),
    lpShare: totalBps > 0 ? BigInt(Math.floor((100 * lp + totalBps - 1) / totalBps)) : undefined,
  }
  lastRates = r
  return r
}

/**
 * `Get-Swap-Output` as the real pool answers it (§2.1.5b): a pool that cannot pay anything out (empty reserves or
 * too small an amount) quotes `amountOut = 0` instead of refusing. Twin of BotegaMath.quote.
 */
export function botegaQuote(
  reserveIn: bigint,
  reserveOut: bigint,
  amountIn: bigint,
  lpFeeBps: number,
  protocolFeeBps: number,
): { amountOut: bigint; adjustedIn: bigint; lpFee: bigint; protocolFee: bigint } {
  try {
    return botegaSwap(reserveIn, reserveOut, amountIn, lpFeeBps, protocolFeeBps)
  } catch (e) {
    const empty =
      e instanceof BotegaSwapError &&
      (e.reason === BOTEGA_ERRORS.emptyReserves || e.reason === BOTEGA_ERRORS.noLiquidity)
    if (!empty) throw e
    return { amountOut: 0n, ...botegaFees(amountIn, lpFeeBps, protocolFeeBps) }
  }
}

/** Raw constant-product output with no fee (`Get-Price`), `0n` when the pool cannot quote. */
export function botegaPrice(reserveIn: bigint, reserveOut: bigint, amountIn: bigint): bigint {
  try {
    return botegaSwap(reserveIn, reserveOut, amountIn, 0, 0).amountOut
  } catch {
    return 0n
  }
}

/** Basis points as Botega's percent text: 25 → "0.25", 20 → "0.2", 100 → "1". */
export function bpsToPercent(bps: number): string {
  const whole = Math.floor(bps / 100)
  const frac = bps % 100
  if (frac === 0) return String(whole)
  if (frac % 10 === 0) return `${whole}.${frac / 10}`
  return `${whole}.${String(frac).padStart(2, '0')}`
}
