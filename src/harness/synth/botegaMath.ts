/**
 * Botega constant-product maths on bigints, as documented in dex-protocols.md §2.1.7. Written independently of the
 * reference Lua pool so the synthetic-log replay test cross-checks two implementations.
 */
import { ceilDiv, isqrt } from '../../models/amount.ts'

export interface SwapQuote {
  out: bigint
  /** input after all fees */
  adjusted: bigint
  lpFee: bigint
  protocolFee: bigint
  reserveIn: bigint
  reserveOut: bigint
}

/**
 * Fees come off the input in basis points of a percent (25 bps = 0.25 %): adjusted = floor(in·(10000−fee)/10000).
 * out = R_out − ceil(R_in·R_out / (R_in + adjusted)). The LP fee stays in the pool, the protocol fee leaves it.
 */
export function botegaSwap(p: {
  amountIn: bigint
  reserveIn: bigint
  reserveOut: bigint
  lpFeeBps: bigint
  protocolFeeBps?: bigint
}): SwapQuote {
  const proto = p.protocolFeeBps ?? 0n
  const total = p.lpFeeBps + proto
  const adjusted = (p.amountIn * (10000n - total)) / 10000n
  const fee = p.amountIn - adjusted
  const lpFee = total === 0n ? 0n : (fee * ceilDiv(100n * p.lpFeeBps, total)) / 100n
  const protocolFee = fee - lpFee
  if (p.reserveIn === 0n || p.reserveOut === 0n)
    return { out: 0n, adjusted, lpFee, protocolFee, reserveIn: p.reserveIn, reserveOut: p.reserveOut }
  const out = p.reserveOut - ceilDiv(p.reserveIn * p.reserveOut, p.reserveIn + adjusted)
  return {
    out,
    adjusted,
    lpFee,
    protocolFee,
    reserveIn: p.reserveIn + adjusted + lpFee,
    reserveOut: p.reserveOut - out,
  }
}

/** The tree's one integer square root (re-exported for the synth's callers). */
export { isqrt }
