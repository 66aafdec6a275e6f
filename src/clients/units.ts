import { Decimal } from 'decimal.js'
import { InvalidAmountError } from '../errors/client.ts'

/**
 * `"1.5"` with denomination 12 → `1500000000000n`. Exact string arithmetic (no floats); more fractional digits than
 * the denomination allows is an error, never a silent rounding.
 */
export function parseUnits(value: string, denomination: number): bigint {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(value.trim())
  if (!m || (m[2] === '' && (m[3] ?? '') === ''))
    throw new InvalidAmountError(value, 'expected a decimal number like 12.5')
  const frac = m[3] ?? ''
  if (frac.length > denomination)
    throw new InvalidAmountError(value, `more than ${denomination} decimal places`)
  const raw = BigInt((m[2] || '0') + frac.padEnd(denomination, '0'))
  return m[1] === '-' ? -raw : raw
}

/** `1500000000000n` with denomination 12 → `"1.5"` (exact; trailing zeros trimmed). */
export function formatUnits(value: bigint, denomination: number): string {
  const neg = value < 0n
  const s = (neg ? -value : value).toString().padStart(denomination + 1, '0')
  const int = s.slice(0, s.length - denomination)
  const frac = s.slice(s.length - denomination).replace(/0+$/, '')
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`
}

/** For display only: a raw amount as a rounded decimal string with `places` decimals (decimal.js, round half even). */
export function displayUnits(value: bigint, denomination: number, places = 4): string {
  return new Decimal(formatUnits(value, denomination)).toFixed(places, Decimal.ROUND_HALF_EVEN)
}
