/**
 * Money for reports: raw integer units as a whole-token decimal string with exactly `dp` places (half-up on the raw
 * integer) and thousands grouped. Not `clients/units.ts` `formatUnits` (exact, no grouping).
 */
export function formatMoney(raw: bigint | string, denomination: number, dp = 2): string {
  let v = typeof raw === 'bigint' ? raw : BigInt(raw)
  const neg = v < 0n
  if (neg) v = -v
  const shift = denomination - dp
  let scaled: bigint
  if (shift > 0) {
    const div = 10n ** BigInt(shift)
    scaled = (v + div / 2n) / div
  } else scaled = v * 10n ** BigInt(-shift)
  const s = scaled.toString().padStart(dp + 1, '0')
  const int = s.slice(0, s.length - dp).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  const body = dp > 0 ? `${int}.${s.slice(s.length - dp)}` : int
  return neg && scaled !== 0n ? `-${body}` : body
}

/** A fraction string ("0.0123") as a percentage with `dp` places ("1.23%"), or "n/a". */
export function formatPercent(fraction: string | null, dp = 2): string {
  if (fraction === null) return 'n/a'
  const neg = fraction.startsWith('-')
  const [i, f = ''] = (neg ? fraction.slice(1) : fraction).split('.')
  const digits = BigInt(i + f.padEnd(dp + 3, '0').slice(0, dp + 3))
  const rounded = (digits + 5n) / 10n
  const s = rounded.toString().padStart(dp + 1, '0')
  const out = `${s.slice(0, s.length - dp)}${dp ? `.${s.slice(s.length - dp)}` : ''}%`
  return neg && rounded !== 0n ? `-${out}` : out
}

/** ms → "3d 4h", "5h 10m", "12m". */
export function formatDuration(ms: number): string {
  const m = Math.round(ms / 60_000)
  const d = Math.floor(m / 1440)
  const h = Math.floor((m % 1440) / 60)
  const min = m % 60
  if (d > 0) return `${d}d ${h}h`
  if (h > 0) return `${h}h ${min}m`
  return `${min}m`
}

/** ms since epoch → "2025-01-01 00:00Z" (UTC, never local time, so output does not depend on the machine). */
export function formatTime(ms: number | null): string {
  if (ms === null) return 'n/a'
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')}Z`
}
