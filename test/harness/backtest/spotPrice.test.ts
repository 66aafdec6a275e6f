import { Decimal } from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { spotPrice } from '../../../src/harness/backtest/equitySample.ts'
import type { TokenMeta } from '../../../src/harness/report/types.ts'

/** spotPrice as decimal.js computed it before the bigint version (precision 40, half-even) */
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN })
function reference(rb: bigint, rq: bigint, base: TokenMeta, quote: TokenMeta): string {
  if (rb === 0n) return '0'
  return new D(String(rq))
    .div(String(rb))
    .mul(new D(10).pow(base.denomination - quote.denomination))
    .toSignificantDigits(18)
    .toFixed()
}

const meta = (denomination: number) => ({ denomination }) as TokenMeta

describe('spotPrice (exact, as decimal.js wrote it)', () => {
  it('agrees with decimal.js on random reserves of every size and denomination pairs', () => {
    let seed = 5n
    const rand = (bits: number): bigint => {
      let v = 0n
      for (let i = 0; i < bits; i += 31) {
        seed = (seed * 1103515245n + 12345n) % 2147483648n
        v = (v << 31n) | seed
      }
      return v & ((1n << BigInt(bits)) - 1n)
    }
    for (let i = 0; i < 3000; i++) {
      const rb = rand(1 + Number(rand(8) % 200n))
      const rq = rand(1 + Number(rand(8) % 200n))
      const b = meta(Number(rand(5) % 19n))
      const q = meta(Number(rand(5) % 19n))
      expect(spotPrice(rb, rq, b, q), `${rq}/${rb} ${b.denomination} ${q.denomination}`).toBe(
        reference(rb, rq, b, q),
      )
    }
  })

  it('agrees on ties at 18 and 40 digits, round numbers and the double rounding case', () => {
    const cases: Array<[bigint, bigint]> = [
      [1n, 1n],
      [3n, 1n],
      [1n, 3n],
      [4n, 1n],
      [10n ** 30n, 1n],
      [1n, 10n ** 30n],
      [7n, 0n],
      [-3n, 1n],
      [3n, -2n],
    ]
    for (const m of [123456789012345678n, 123456789012345677n, 999999999999999999n, 100000000000000000n]) {
      // m + 1/2: a tie at 18 digits
      cases.push([2n, 2n * m + 1n])
      // m + 1/2 − 10^-50: below the tie, but the rounding to 40 digits first makes it one
      cases.push([2n * 10n ** 50n, (2n * m + 1n) * 10n ** 50n - 2n])
      // m + 1/2 + 10^-50
      cases.push([2n * 10n ** 50n, (2n * m + 1n) * 10n ** 50n + 2n])
      // a 40-digit tie: m · 10^22 + 1/2
      cases.push([2n, 2n * m * 10n ** 22n + 1n])
      // rounding up to a power of ten
      cases.push([10n ** 45n, 10n ** 85n - 1n])
    }
    for (const [rb, rq] of cases)
      for (const [b, q] of [
        [12, 12],
        [18, 6],
        [0, 18],
      ])
        expect(spotPrice(rb, rq, meta(b), meta(q)), `${rq}/${rb}`).toBe(reference(rb, rq, meta(b), meta(q)))
  })

  it('planted drift: correctly rounding the quotient once differs from what decimal.js wrote in the double rounding case', () => {
    const m = 123456789012345677n
    const rb = 2n * 10n ** 50n
    const rq = (2n * m + 1n) * 10n ** 50n - 2n
    // rq / rb = m + 0.5 − 10^-50: correctly rounded to 18 digits it is m; rounded at 40 digits first, a tie → m + 1
    expect(spotPrice(rb, rq, meta(12), meta(12))).toBe(String(m + 1n))
    expect(reference(rb, rq, meta(12), meta(12))).toBe(String(m + 1n))
    expect(spotPrice(rb, rq, meta(12), meta(12))).not.toBe(String(m))
  })
})
