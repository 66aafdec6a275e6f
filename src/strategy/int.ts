import { AgentRuntimeError } from '../errors/agent.ts'
import { stableJson } from '../protocols/stableJson.ts'

/**
 * Agent integers: signed, limited to 256 bits (|x| < 2^255). Lua computes in 512-bit bint so a product of two
 * in-range values never wraps, then refuses results out of range; this module is the TS twin of `lua/agent/q.lua`.
 */
export const INT_LIMIT = 1n << 255n

export function checkInt(x: bigint): bigint {
  if (x >= INT_LIMIT || x <= -INT_LIMIT) throw new AgentRuntimeError('OVERFLOW', 'integer overflow')
  return x
}

export function floorDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new AgentRuntimeError('DIVISION_BY_ZERO', 'division by zero')
  const q = a / b
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q
}

export function ceilDiv(a: bigint, b: bigint): bigint {
  return -floorDiv(-a, b)
}

export type Rounding = 'floor' | 'ceil'

/** a * b / c with explicit rounding; the product is exact (never truncated before the division). */
export function mulDiv(a: bigint, b: bigint, c: bigint, rounding: Rounding): bigint {
  const p = a * b
  return checkInt(rounding === 'floor' ? floorDiv(p, c) : ceilDiv(p, c))
}

const INT_RE = /^-?[0-9]+$/

/**
 * How an error text shows a wire value, the way its Lua twin `Q.quote` does: a string JSON-escaped as Status writes
 * it, anything else as Lua's `tostring` (a missing tag is `nil`). Agent-Error texts are compared across engines.
 */
export function quoteValue(s: unknown): string {
  if (typeof s === 'string') return stableJson(s)
  if (s === undefined || s === null) return 'nil'
  return String(s)
}

/** A token amount on the wire: a non-negative integer string (twin of Q.amount). */
export function parseAmount(s: unknown, what: string): bigint {
  if (typeof s !== 'string' || s.startsWith('-'))
    throw new AgentRuntimeError(
      'INVALID_QUANTITY',
      `${what} must be a non-negative integer string, got ${quoteValue(s)}`,
    )
  return parseIntString(s, what)
}

/** Parses an integer string from the wire; anything else (floats, exponents, blanks) is refused. */
export function parseIntString(s: unknown, what: string): bigint {
  if (typeof s !== 'string' || !INT_RE.test(s) || s.length > 80)
    throw new AgentRuntimeError('INVALID_QUANTITY', `${what} must be an integer string, got ${quoteValue(s)}`)
  return checkInt(BigInt(s))
}

/**
 * floor(sqrt(n)) by Newton's method on bigints, started above the root (2^⌈bits/2⌉) so that it decreases
 * monotonically: O(log bits) steps at any size. The Lua twin starts at n; the floor root is unique, so both agree.
 */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new AgentRuntimeError('INVALID_QUANTITY', 'isqrt of a negative number')
  if (n < 2n) return n
  let x = 1n << BigInt(n.toString(16).length * 2)
  for (;;) {
    const y = (x + n / x) >> 1n
    if (y >= x) return x
    x = y
  }
}
