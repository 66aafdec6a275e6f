/**
 * Checked 256-bit amount arithmetic, mirroring `lua/processes/lib/amount.lua` exactly (same range, same refusals,
 * same error text) so models and the Lua processes fail on the same inputs.
 */
import { ceilDiv, isqrt } from '../strategy/int.ts'

/** Largest amount a bint(256) holds without wrapping (signed): 2^255 − 1. */
export const MAX_AMOUNT = 2n ** 255n - 1n

/** Error text identical to the Lua side; models surface it as the message's `Error`. */
export class AmountError extends Error {
  override name = 'AmountError'
}

const DIGITS = /^[0-9]+$/

/** Parses a non-negative integer string; `what` names the tag in the error. */
export function parseAmount(s: string | undefined, what: string): bigint {
  if (typeof s !== 'string' || !DIGITS.test(s))
    throw new AmountError(
      `${what} must be a non-negative integer string, got ${s === undefined ? 'nothing' : `"${s}"`}`,
    )
  // up to 76 digits is below 10^76 < 2^255 - 1: no canonical form or bound check needed (BigInt drops leading zeros)
  if (s.length <= 76) return BigInt(s)
  const canon = s.charCodeAt(0) === 48 ? s.replace(/^0+/, '') || '0' : s
  if (canon.length > 77) throw new AmountError(`${what} is larger than 2^255 - 1`)
  const b = BigInt(canon)
  if (b > MAX_AMOUNT) throw new AmountError(`${what} is larger than 2^255 - 1`)
  return b
}

/**
 * The value of a string of 1 to 16 ASCII digits when it is at most 2^53 − 1, else −1. Every partial value is at
 * most the final one, so when that is a safe integer each step `v·10 + d` was exact; a value of 2^53 or more
 * rounds to at least 2^53 and is refused.
 */
export function safeDigits(s: string): number {
  const n = s.length
  if (n === 0 || n > 16) return -1
  let v = 0
  for (let i = 0; i < n; i++) {
    const d = s.charCodeAt(i) - 48
    if (d < 0 || d > 9) return -1
    v = v * 10 + d
  }
  return v <= Number.MAX_SAFE_INTEGER ? v : -1
}

let lastText: string | undefined
let lastAmount: bigint | undefined

/** `parseAmount` that returns undefined instead of throwing. */
export function tryParseAmount(s: string | undefined): bigint | undefined {
  // the last string parsed, again (the replay reads a recorded swap's Quantity for its counters, then applies it)
  if (s === lastText && s !== undefined) return lastAmount
  if (typeof s !== 'string') return undefined
  // up to 16 digits below 2^53: read as a double, exactly (a replay parses two amounts per recorded swap)
  const small = safeDigits(s)
  if (small >= 0) {
    lastText = s
    lastAmount = BigInt(small)
    return lastAmount
  }
  // parseAmount's short path without its try
  if (s.length <= 76 && DIGITS.test(s)) {
    lastText = s
    lastAmount = BigInt(s)
    return lastAmount
  }
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
  if (a > 0n) {
    // for a > 0, b > ⌊MAX/a⌋ exactly when a·b > MAX: the same refusal without a 256-bit division per product
    const r = a * b
    if (r > MAX_AMOUNT) throw new AmountError('amount overflow: product exceeds 2^255 - 1')
    return r
  }
  if (a !== 0n && b > MAX_AMOUNT / a) throw new AmountError('amount overflow: product exceeds 2^255 - 1')
  return a * b
}

/**
 * `ceilDiv` (the tree's one, signed and floor-consistent) with the models' usual case first: for a ≥ 0, b > 0 it is
 * ⌊(a − 1)/b⌋ + 1 (0 for a = 0), one division instead of a division, a remainder and three negations. Anything else
 * (a negative operand, a zero divisor and its error) goes to the general rule.
 */
export function ceilDivAmount(a: bigint, b: bigint): bigint {
  if (a > 0n && b > 0n) return (a - 1n) / b + 1n
  return a === 0n && b > 0n ? 0n : ceilDiv(a, b)
}

/** The one ceilDiv of the tree (signed, floor-consistent); models only call it with a ≥ 0, b > 0. */
/** The one isqrt of the tree; models only call it with n ≥ 0. */
export { ceilDiv, isqrt }
