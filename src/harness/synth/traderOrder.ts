import { isqrt, type SwapQuote } from './botegaMath.ts'
import type { Prng } from './Prng.ts'
import type { SynthPool } from './SynthPool.ts'

/** Fixed-point scale of synthetic prices and the smallest trade (1e12). */
export const SYNTH_SCALE = 10n ** 12n

export interface TraderOrder {
  /** true when the trader pays reserve B to buy A */
  buyA: boolean
  amountIn: bigint
  quote: SwapQuote
  /** a stale order demands more than the pool gives and is refunded */
  stale: boolean
  minOut: bigint
}

/**
 * One synthetic trader's swap against `pool`, given the fair price (B per A, fixed point 1e12): an arbitrageur toward
 * the fair price when the pool is off by more than 0.3 % (2 in 5), else noise. The random draws happen in a fixed
 * order, so every synth that uses this keeps byte-identical logs for a seed.
 */
export function traderOrder(pool: SynthPool, fair: bigint, rng: Prng): TraderOrder {
  const { a: ra, b: rb } = pool
  let buyA: boolean
  let amountIn: bigint
  const gapBps = (((rb * SYNTH_SCALE) / ra - fair) * 10000n) / fair
  if ((gapBps > 30n || gapBps < -30n) && rng.chance(2, 5)) {
    // Arbitrage toward the fair price: target A reserve sqrt(k / P), at most 5 % of the paid reserve.
    const targetA = isqrt((ra * rb * SYNTH_SCALE) / fair)
    buyA = targetA < ra
    amountIn = buyA ? (ra * rb) / targetA - rb : targetA - ra
    const cap = (buyA ? rb : ra) / 20n
    if (amountIn > cap) amountIn = cap
  } else {
    buyA = rng.chance(1, 2)
    amountIn = ((buyA ? rb : ra) * BigInt(rng.int(1, 300))) / 100000n + rng.below(SYNTH_SCALE)
  }
  if (amountIn <= 0n) amountIn = SYNTH_SCALE
  const quote = pool.quote(buyA, amountIn)
  // Slippage tolerance 0.1–2 %; 3 % of orders demand more than the pool gives (stale quotes) and get refunded.
  const stale = rng.chance(3, 100)
  const minOut = stale
    ? quote.out + 1n + quote.out / 1000n
    : (quote.out * BigInt(10000 - rng.int(10, 200))) / 10000n
  return { buyA, amountIn, quote, stale, minOut }
}
