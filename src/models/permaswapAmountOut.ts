import { addAmount, mulAmount } from './amount.ts'

/**
 * Permaswap (Uniswap-V2 style, fee on input) output, as our reference pool computes it:
 * out = floor(in·(10000 − fee)·R_out / (10000·R_in + in·(10000 − fee))). `0n` when a reserve is empty.
 * `reserveOut` should exclude liquidity promised to open notes.
 */
export function permaswapAmountOut(
  reserveIn: bigint,
  reserveOut: bigint,
  amountIn: bigint,
  feeBps: number,
): bigint {
  if (reserveIn === 0n || reserveOut <= 0n) return 0n
  const inFee = mulAmount(amountIn, BigInt(10000 - feeBps))
  return mulAmount(inFee, reserveOut) / addAmount(mulAmount(reserveIn, 10000n), inFee)
}
