import { describe, expect, it } from 'vitest'
import {
  AmountError,
  ceilDiv,
  ceilDivAmount,
  MAX_AMOUNT,
  mulAmount,
  parseAmount,
  safeDigits,
  tryParseAmount,
} from '../../src/models/amount.ts'

// mulAmount refuses a product above 2^255 − 1 by comparing the product (a > 0) instead of dividing: it must refuse
// exactly what the division-based rule `b > ⌊MAX/a⌋` (the Lua twin's) refuses, and return the same products.
const byDivision = (a: bigint, b: bigint, max = MAX_AMOUNT) => (a !== 0n && b > max / a ? 'refused' : a * b)
const got = (a: bigint, b: bigint) => {
  try {
    return mulAmount(a, b)
  } catch (e) {
    if (e instanceof AmountError) return 'refused'
    throw e
  }
}

/** a deterministic spread of operands: small, random widths up to 2^256, and the edges of every quotient */
function cases(): [bigint, bigint][] {
  let x = 0x9e3779b97f4a7c15n
  const rnd = (bits: number) => {
    x = (x * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n)
    let v = x
    for (let i = 64; i < bits; i += 64) {
      x = (x * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n)
      v = (v << 64n) | x
    }
    return v & ((1n << BigInt(bits)) - 1n)
  }
  const out: [bigint, bigint][] = [
    [0n, MAX_AMOUNT + 5n],
    [1n, MAX_AMOUNT],
    [1n, MAX_AMOUNT + 1n],
    [-3n, 7n],
    [2n, -MAX_AMOUNT],
  ]
  for (let i = 0; i < 400; i++) {
    const a = rnd(1 + (i % 256)) + 1n
    const q = MAX_AMOUNT / a
    out.push([a, q], [a, q + 1n], [a, rnd(1 + ((i * 7) % 256))])
  }
  return out
}

describe('mulAmount', () => {
  it('refuses exactly what b > ⌊MAX/a⌋ refuses and returns the same products', () => {
    const diff = cases().filter(([a, b]) => got(a, b) !== byDivision(a, b))
    expect(diff).toEqual([])
  })

  it('planted drift: a rule one unit off at the bound is told apart', () => {
    const diff = cases().filter(([a, b]) => got(a, b) !== byDivision(a, b, MAX_AMOUNT - 1n))
    expect(diff.length).toBeGreaterThan(0)
  })
})

describe('parseAmount', () => {
  // the short-input path (≤ 76 digits: BigInt directly) against the canonical-form rule it skips
  const byCanon = (s: string) => {
    const canon = s.replace(/^0+/, '') || '0'
    const b = BigInt(canon)
    return canon.length > 77 || b > MAX_AMOUNT ? 'refused' : b
  }
  const parse = (s: string) => {
    try {
      return parseAmount(s, 'Quantity')
    } catch (e) {
      if (e instanceof AmountError) return 'refused'
      throw e
    }
  }
  const inputs = [
    '0',
    '000',
    '007',
    '9'.repeat(76),
    `0${'9'.repeat(76)}`,
    '9'.repeat(77),
    String(MAX_AMOUNT),
    String(MAX_AMOUNT + 1n),
    `${'0'.repeat(80)}12`,
  ]
  it('gives the canonical-form answer for every digit string, short or long', () => {
    expect(inputs.filter((s) => parse(s) !== byCanon(s))).toEqual([])
    expect(() => parseAmount('1.5', 'Quantity')).toThrow(/non-negative integer string/)
  })
  it('planted drift: a rule that keeps leading zeros is told apart', () => {
    expect(
      inputs.filter((s) => parse(s) !== (s.length > 77 ? 'refused' : byCanon(s))).length,
    ).toBeGreaterThan(0)
  })
})

describe('ceilDivAmount', () => {
  // the a ≥ 0, b > 0 shortcut ⌊(a − 1)/b⌋ + 1 against the general floor-consistent ceilDiv, errors included
  const outcome = (f: (a: bigint, b: bigint) => bigint, a: bigint, b: bigint) => {
    try {
      return f(a, b)
    } catch (e) {
      return `error: ${(e as Error).message}`
    }
  }
  const pairs = (): [bigint, bigint][] => {
    const out: [bigint, bigint][] = [
      [0n, 1n],
      [0n, 7n],
      [1n, 1n],
      [6n, 3n],
      [7n, 3n],
      [-7n, 3n],
      [7n, -3n],
      [-7n, -3n],
      [0n, -5n],
      [5n, 0n],
      [0n, 0n],
    ]
    for (const [a, b] of cases()) {
      if (b === 0n) continue
      out.push([a * b, b], [a * b + 1n, b], [a * b - 1n, b], [a, b])
    }
    return out
  }
  it('gives what the general ceilDiv gives, for every sign and a zero divisor', () => {
    expect(pairs().filter(([a, b]) => outcome(ceilDivAmount, a, b) !== outcome(ceilDiv, a, b))).toEqual([])
  })
  it('planted drift: a shortcut that rounds an exact quotient up is told apart', () => {
    const drift = (a: bigint, b: bigint) => (a > 0n && b > 0n ? a / b + 1n : ceilDiv(a, b))
    expect(
      pairs().filter(([a, b]) => outcome(drift, a, b) !== outcome(ceilDiv, a, b)).length,
    ).toBeGreaterThan(0)
  })
})

describe('tryParseAmount', () => {
  // its shortcuts (a remembered last answer, digits read as a double below 2^53) against parseAmount's own rule
  const byRule = (s: string | undefined) => {
    try {
      return parseAmount(s, 'value')
    } catch (e) {
      if (e instanceof AmountError) return undefined
      throw e
    }
  }
  const inputs = (): (string | undefined)[] => {
    const out: (string | undefined)[] = [
      undefined,
      '',
      '0',
      '00',
      '007',
      '1',
      '9007199254740991',
      '9007199254740992',
      '9007199254740993',
      '9999999999999999',
      '0000000000000009',
      '12345678901234567',
      '99999999999999999999',
      ' 1',
      '1 ',
      '+1',
      '-1',
      '1e5',
      '0x10',
      '1.0',
      '\uff11',
      '/',
      ':',
      String(MAX_AMOUNT),
      String(MAX_AMOUNT + 1n),
    ]
    let x = 12345n
    for (let i = 0; i < 300; i++) {
      x = (x * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n)
      const digits = String(x).slice(0, 1 + (i % 20))
      out.push(digits, `0${digits}`, digits)
    }
    return out
  }
  it('answers as parseAmount does, again and again (its memo) and for every length', () => {
    const seq = inputs()
    const diff = [...seq, ...seq.reverse()].filter((s) => tryParseAmount(s) !== byRule(s))
    expect(diff).toEqual([])
    expect(safeDigits('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER)
    expect(safeDigits('9007199254740992')).toBe(-1)
  })
  it('planted drift: reading 17 digits as a double is told apart', () => {
    const drifted = (s: string | undefined) => {
      if (s !== undefined && /^[0-9]{1,17}$/.test(s)) return BigInt(Number(s))
      return byRule(s)
    }
    expect(inputs().filter((s) => drifted(s) !== byRule(s)).length).toBeGreaterThan(0)
  })
})
