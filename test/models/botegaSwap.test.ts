import { describe, expect, it } from 'vitest'
import { AmountError, isqrt, MAX_AMOUNT, parseAmount } from '../../src/models/amount.ts'
import { BotegaSwapError, botegaPrice, botegaSwap, bpsToPercent } from '../../src/models/botegaSwap.ts'

const E18 = 10n ** 18n

describe('botegaSwap', () => {
  it('reproduces the documented amm-monitor swap to the last digit', () => {
    const r = botegaSwap(1000n * E18, 1000n * E18, 100n * E18, 20, 5)
    expect(r.amountOut).toBe(90702432370993407592n)
    expect(r.newReserveIn).toBe(1099950000000000000000n)
    expect(r.newReserveOut).toBe(909297567629006592408n)
    expect(r).toMatchObject({
      adjustedIn: 99750000000000000000n,
      totalFee: 250000000000000000n,
      lpFee: 200000000000000000n,
      protocolFee: 50000000000000000n,
    })
  })

  it('matches a hand-computed small case (25 bps, all LP)', () => {
    // adjusted = floor(100·9975/10000) = 99; fee 1 all LP; out = 1000 − ceil(1e6/1099) = 1000 − 910 = 90
    expect(botegaSwap(1000n, 1000n, 100n, 25, 0)).toEqual({
      amountOut: 90n,
      adjustedIn: 99n,
      lpFee: 1n,
      protocolFee: 0n,
      totalFee: 1n,
      newReserveIn: 1100n,
      newReserveOut: 910n,
    })
  })

  it('rounds the LP share ratio up to a whole percent and floors the quantity', () => {
    // 10 + 20 bps: ratio = ceil(1000/30) = 34 %; T = 30 for in = 10000 → LP = floor(30·34/100) = 10, protocol 20
    const r = botegaSwap(10n ** 9n, 10n ** 9n, 10000n, 10, 20)
    expect([r.totalFee, r.lpFee, r.protocolFee]).toEqual([30n, 10n, 20n])
    const onlyProtocol = botegaSwap(10n ** 9n, 10n ** 9n, 10000n, 0, 30)
    expect([onlyProtocol.lpFee, onlyProtocol.protocolFee]).toEqual([0n, 30n])
    const free = botegaSwap(10n ** 9n, 10n ** 9n, 10000n, 0, 0)
    expect([free.totalFee, free.adjustedIn]).toEqual([0n, 10000n])
  })

  it('refuses with the documented reasons', () => {
    expect(() => botegaSwap(0n, 5n, 1n, 25, 0)).toThrow(new BotegaSwapError('The reserves are empty'))
    expect(() => botegaSwap(10n ** 12n, 10n, 1n, 25, 0)).toThrow(
      "There isn't enough liquidity in the reserves to complete this order",
    )
    expect(() => botegaSwap(MAX_AMOUNT / 2n, 4n, 1n, 25, 0)).toThrow(AmountError)
  })

  it('Get-Price excludes fees and never throws', () => {
    expect(botegaPrice(1000n, 1000n, 100n)).toBe(90n) // floor(100·1000/1100)
    expect(botegaPrice(0n, 1000n, 100n)).toBe(0n)
  })
})

describe('amount helpers', () => {
  it('parses only canonical non-negative integers within 2^255 − 1', () => {
    expect(parseAmount('00042', 'Q')).toBe(42n)
    expect(parseAmount(String(MAX_AMOUNT), 'Q')).toBe(MAX_AMOUNT)
    expect(() => parseAmount(String(MAX_AMOUNT + 1n), 'Quantity')).toThrow(
      'Quantity is larger than 2^255 - 1',
    )
    expect(() => parseAmount('1.5', 'Quantity')).toThrow(
      'Quantity must be a non-negative integer string, got "1.5"',
    )
    expect(() => parseAmount(undefined, 'Quantity')).toThrow('got nothing')
  })
  it('isqrt is the floor square root', () => {
    for (const n of [0n, 1n, 2n, 3n, 4n, 99n, 100n, 10n ** 42n, 10n ** 42n - 1n]) {
      const r = isqrt(n)
      expect(r * r <= n && (r + 1n) * (r + 1n) > n).toBe(true)
    }
  })
  it('formats bps as Botega percent text', () => {
    expect([25, 20, 5, 100, 130, 0].map(bpsToPercent)).toEqual(['0.25', '0.2', '0.05', '1', '1.3', '0'])
  })
})
