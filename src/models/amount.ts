/**
 * Checked 256-bit amount arithmetic, mirroring `lua/processes/lib/amount.lua` exactly (same range, same refusals,
 * same error text) so models and the Lua processes fail on the same inputs.
 */

/** Largest amount a bint(256) holds without wrapping (signed): 2^255 − 1. */
export const MAX_AMOUNT = 2n ** 255n - 1n

/** Error text identical to the Lua side; models surface it as the message's `Error`. */
export class AmountError extends Error {
  override name = 'AmountError'
}

/** Parses a non-negative integer string; `what` names the tag in the error. */
export function parseAmount(s: string | undefined, what: string): bigint {
  if (typeof s !== 'string' || !/^[0-9]+$/.test(s))
    throw new AmountError(
      `${what} must be a non-negative integer string, got ${s === undefined ? 'nothing' : `"${s}"`}`,
    )
  const canon = s.charCodeAt(0) === 48 ? s.replace(/^0+/, '') || '0' : s
  if (canon.length > 77) throw new AmountError(`${what} is larger than 2^255 - 1`)
  const b = BigInt(canon)
  if (b > MAX_AMOUNT) throw new AmountError(`${what} is larger than 2^255 - 1`)
  return b
}

/** `parseAmount` that returns undefined instead of throwing. */
export function tryParseAmount(s: string | undefined): bigint | undefined {
  try {
    return parseAmount(s, 'value')
  } catch {
    return undefined
  }
}

export function addAmount(a: bigint, b: bigint): bigint {
  const r = a + b
  if (r > MAX_AMOUNT) throw new AmountError('amount overflow: result exceeds 2^255 - 1')
  return r
}

export function mulAmount(a: bigint, b: bigint): bigint {
  if (a !== 0n && b > MAX_AMOUNT / a) throw new AmountError('amount overflow: product exceeds 2^255 - 1')
  return a * b
}

/** The one ceilDiv of the tree (signed, floor-consistent); models only call it with a ≥ 0, b > 0. */
/** The one isqrt of the tree; models only call it with n ≥ 0. */
export { ceilDiv, isqrt } from '../strategy/int.ts'
