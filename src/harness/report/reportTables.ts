import { D, fmt } from '../metrics/decimal.ts'
import { formatDuration, formatMoney, formatPercent } from './format.ts'
import type { BacktestRun, EquitySample } from './types.ts'

export type Period = 'day' | 'week' | 'month'

export interface PeriodRow {
  /** `2025-01-03`, `2024-12-30 (week)` (Monday, UTC) or `2025-01` */
  period: string
  /** value at spot before the period (or at its first sample), quote raw units */
  start: string
  end: string
  /** net owner cash flows in the period, quote raw units */
  flows: string
  /** (end − start − flows) / (start + flows): flows counted at the period's start; null without capital */
  return: string | null
  fills: number
  feesQuote: string
  feesBase: string
}

const DAY = 86_400_000

/** The UTC period a time falls in: day, ISO week (starting Monday) or month. */
export function periodKey(t: number, p: Period): string {
  const d = new Date(t)
  if (p === 'day') return d.toISOString().slice(0, 10)
  if (p === 'month') return d.toISOString().slice(0, 7)
  const dow = (d.getUTCDay() + 6) % 7
  return `${new Date(Math.floor(t / DAY) * DAY - dow * DAY).toISOString().slice(0, 10)} (week)`
}

/** Returns, trades and fees per day, week or month of a run (sample values at spot; deterministic strings). */
export function periodRows(run: BacktestRun, p: Period): PeriodRow[] {
  const s = run.samples
  if (!s.length) return []
  // first and last sample of each period only: a long run has many samples per period
  const groups = new Map<string, { first: EquitySample; last: EquitySample }>()
  for (const x of s) {
    const k = periodKey(x.t, p)
    const g = groups.get(k)
    if (g) g.last = x
    else groups.set(k, { first: x, last: x })
  }
  const rows: PeriodRow[] = []
  let before: EquitySample | undefined
  for (const [period, g] of groups) {
    const first = before ?? g.first
    const last = g.last
    const from = before ? before.t : Number.NEGATIVE_INFINITY
    const flows = run.cashflows
      .filter((c) => c.t > from && c.t <= last.t)
      .reduce((a, c) => a + BigInt(c.amount), 0n)
    const v0 = BigInt(first.valueSpot)
    const v1 = BigInt(last.valueSpot)
    const capital = v0 + flows
    const inPeriod = run.trades.filter((t) => t.t > from && t.t <= last.t && t.status === 'filled')
    const fee = (side: 'buy' | 'sell') =>
      inPeriod.filter((t) => t.side === side).reduce((a, t) => a + BigInt(t.fee), 0n)
    rows.push({
      period,
      start: String(v0),
      end: String(v1),
      flows: String(flows),
      return: capital > 0n ? fmt(new D(String(v1 - v0 - flows)).div(String(capital)), 8) : null,
      fills: inPeriod.length,
      // a buy pays its fee in quote, a sell in base
      feesQuote: String(fee('buy')),
      feesBase: String(fee('sell')),
    })
    before = last
  }
  return rows
}

/** Starting (first funded sample) and final balance per token, whole tokens. */
export function balanceRows(
  run: BacktestRun,
): { token: string; start: string; end: string; change: string }[] {
  const s = run.samples
  if (!s.length) return []
  const first = s.find((x) => BigInt(x.valueSpot) > 0n) ?? s[0]
  const last = s[s.length - 1]
  const { base, quote } = run.meta
  return [
    { t: base, k: 'base' as const },
    { t: quote, k: 'quote' as const },
  ].map(({ t, k }) => ({
    token: t.ticker,
    start: formatMoney(first[k], t.denomination, Math.min(6, t.denomination)),
    end: formatMoney(last[k], t.denomination, Math.min(6, t.denomination)),
    change: formatMoney(BigInt(last[k]) - BigInt(first[k]), t.denomination, Math.min(6, t.denomination)),
  }))
}

const ID = /^[A-Za-z0-9_-]{43}$/
const INT = /^-?\d+$/

/**
 * Params for people: process ids named by what they are in the run (the base or quote token, the pool), integer
 * amounts (`*amount*`, `*Amount*`, the strategy convention for quote-denominated sizes) in whole quote tokens,
 * `*Bps` as percent, `*Ms` as durations; the raw value is always shown next to it.
 */
export function paramRows(run: BacktestRun): { name: string; value: string; raw: string }[] {
  const { base, quote } = run.meta
  return Object.keys(run.meta.params)
    .sort()
    .map((name) => {
      const v = run.meta.params[name]
      const raw = typeof v === 'string' ? v : JSON.stringify(v)
      let value = raw
      if (typeof v === 'string' && ID.test(v))
        value =
          v === base.id ? `${base.ticker} (base token)` : v === quote.id ? `${quote.ticker} (quote token)` : v
      else if (/amount/i.test(name) && INT.test(raw))
        value = `${formatMoney(raw, quote.denomination, Math.min(6, quote.denomination))} ${quote.ticker}`
      else if (/Bps$/.test(name) && INT.test(raw)) value = formatPercent(String(Number(raw) / 10_000))
      else if (/Ms$/.test(name) && INT.test(raw)) value = formatDuration(Number(raw))
      return { name, value, raw }
    })
}
