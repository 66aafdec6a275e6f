import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isqrt as synthIsqrt } from '../../src/harness/synth/botegaMath.ts'
import { isqrt } from '../../src/models/amount.ts'

/** Independent reference: the root built bit by bit from the top (no division, no Newton). */
function bruteRoot(n: bigint): bigint {
  let r = 0n
  for (let b = BigInt(Math.ceil(n.toString(2).length / 2)); b >= 0n; b--) {
    const c = r | (1n << b)
    if (c * c <= n) r = c
  }
  return r
}

describe('isqrt (the one integer square root of the tree)', () => {
  it('is the floor root of random bigints up to 2^512, of squares and of their neighbours', () => {
    expect(synthIsqrt).toBe(isqrt)
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1n << 512n }), (n) => {
        const r = isqrt(n)
        expect(r).toBe(bruteRoot(n))
        expect(r * r <= n && (r + 1n) * (r + 1n) > n).toBe(true)
        const s = r * r
        expect(isqrt(s)).toBe(r)
        if (s > 0n) expect(isqrt(s - 1n)).toBe(r - 1n)
      }),
      { numRuns: 400, seed: 13 },
    )
    for (const n of [0n, 1n, 2n, 3n, 4n, 8n, 9n, 10n ** 42n, 10n ** 46n + 12345n, (1n << 512n) - 1n])
      expect(isqrt(n)).toBe(bruteRoot(n))
    expect(() => isqrt(-1n)).toThrow(/negative/)
  })

  it('the brute-force reference itself is a floor root (planted drift: an off-by-one root fails it)', () => {
    const drift = (n: bigint) => isqrt(n) + 1n
    expect(drift(10n ** 20n)).not.toBe(bruteRoot(10n ** 20n))
    expect(bruteRoot(99n)).toBe(9n)
    expect(bruteRoot(100n)).toBe(10n)
  })
})
