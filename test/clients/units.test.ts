import { describe, expect, it } from 'vitest'
import { displayUnits, formatUnits, parseUnits } from '../../src/clients/units.ts'
import { InvalidAmountError } from '../../src/errors/client.ts'

describe('parseUnits / formatUnits', () => {
  it('converts exactly in both directions', () => {
    expect(parseUnits('1.5', 12)).toBe(1_500_000_000_000n)
    expect(parseUnits('0.000000000001', 12)).toBe(1n)
    expect(parseUnits('123456789012345678901234567890', 18)).toBe(
      123456789012345678901234567890n * 10n ** 18n,
    )
    expect(parseUnits('.5', 1)).toBe(5n)
    expect(parseUnits('-2', 3)).toBe(-2000n)
    expect(formatUnits(1_500_000_000_000n, 12)).toBe('1.5')
    expect(formatUnits(1n, 12)).toBe('0.000000000001')
    expect(formatUnits(-2000n, 3)).toBe('-2')
    expect(formatUnits(42n, 0)).toBe('42')
    for (const s of ['0', '1', '99.000000000009', '31415.9265358979'])
      expect(formatUnits(parseUnits(s, 12), 12)).toBe(s)
  })

  it('refuses what it would have to round or cannot read', () => {
    expect(() => parseUnits('1.0000000000001', 12)).toThrowError(InvalidAmountError)
    expect(() => parseUnits('1e5', 12)).toThrow(/expected a decimal number/)
    expect(() => parseUnits('', 12)).toThrowError(InvalidAmountError)
    expect(() => parseUnits('.', 12)).toThrowError(InvalidAmountError)
  })

  it('displayUnits rounds half-even for display only', () => {
    expect(displayUnits(1_234_550_000_000n, 12, 4)).toBe('1.2346')
    expect(displayUnits(1_234_450_000_000n, 12, 4)).toBe('1.2344')
  })
})
