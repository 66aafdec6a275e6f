import type { BacktestMetrics } from '../metrics/types.ts'
import { formatDuration, formatMoney, formatPercent, formatTime } from './format.ts'
import type { BacktestRun } from './types.ts'

export interface MetricRow {
  section: string
  label: string
  value: string
  /** sign for colouring: 1 good, -1 bad, 0 neutral */
  tone: -1 | 0 | 1
}

/** Annualized figures of short windows explode ((1 + r)^(365/days)); display caps them, JSON keeps the exact value. */
const capped = (s: string | null, cap: number, show: (v: string) => string): string => {
  if (s === null) return 'n/a'
  const n = Number(s)
  if (n > cap) return `> ${show(String(cap))}`
  if (n < -cap) return `< ${show(String(-cap))}`
  return show(s)
}

const tone = (s: string | null): -1 | 0 | 1 =>
  s === null ? 0 : s.startsWith('-') ? -1 : /[1-9]/.test(s) ? 1 : 0
const or = (s: string | null, suffix = '') => (s === null ? 'n/a' : `${s}${suffix}`)

/** The human-readable metric table shared by the terminal summary and the HTML metrics panel. */
export function metricRows(run: BacktestRun, m: BacktestMetrics): MetricRow[] {
  const q = run.meta.quote
  const money = (raw: string) => `${formatMoney(raw, q.denomination)} ${q.ticker}`
  const k = m.window.periodsPerYear
  const ann = k ? `√${k.replace(/\.0+$/, '')}` : 'n/a'
  const rows: MetricRow[] = []
  const add = (section: string, label: string, value: string, t: -1 | 0 | 1 = 0) =>
    rows.push({ section, label, value, tone: t })
  add('Window', 'Period', `${formatTime(m.window.start)} → ${formatTime(m.window.end)} (${m.window.days} d)`)
  add(
    'Window',
    'Sampling',
    m.window.samplingPeriodMs
      ? `${formatDuration(m.window.samplingPeriodMs)}, ${m.window.periods} periods, annualized ×${ann}`
      : 'n/a',
  )
  add('Returns', 'PnL (spot)', money(m.spot.pnl), tone(m.spot.pnl))
  if (m.numeraire.ticker !== q.ticker)
    add('Returns', `PnL (${m.numeraire.ticker})`, m.numeraire.pnl, tone(m.numeraire.pnl))
  add('Returns', 'PnL (liquidation)', money(m.liquidation.pnl), tone(m.liquidation.pnl))
  add('Returns', 'ROI', formatPercent(m.spot.roi), tone(m.spot.roi))
  add('Returns', 'TWR', formatPercent(m.spot.twr), tone(m.spot.twr))
  const short = m.window.shortWindow ? ' (short window)' : ''
  const pct = (v: string) => formatPercent(v)
  add('Returns', `CAGR${short}`, capped(m.spot.cagr, 100, pct), tone(m.spot.cagr))
  add('Returns', `IRR (money-weighted)${short}`, capped(m.spot.irr, 100, pct), tone(m.spot.irr))
  add('Risk', 'Sharpe', or(m.spot.sharpe), tone(m.spot.sharpe))
  add('Risk', 'Sortino', or(m.spot.sortino), tone(m.spot.sortino))
  add(
    'Risk',
    `Calmar${short}`,
    capped(m.spot.calmar, 9999, (v) => v),
    tone(m.spot.calmar),
  )
  add('Risk', 'Volatility (annual)', formatPercent(m.spot.volatility))
  add(
    'Risk',
    'Max drawdown',
    `${formatPercent(m.spot.maxDrawdown.depth)} over ${formatDuration(m.spot.maxDrawdown.durationMs)}`,
    m.spot.maxDrawdown.depth === '0.00000000' ? 0 : -1,
  )
  add('Risk', 'Max drawdown (liquidation)', formatPercent(m.liquidation.maxDrawdown.depth))
  add('Risk', 'Longest underwater', formatDuration(m.spot.maxDrawdown.longestUnderwaterMs))
  add('Risk', 'Liquidation discount', or(m.liquidationDiscountBps, ' bps'))
  if (run.meta.baseline) add('Baseline', 'Buy & hold holds', run.meta.baseline)
  add('Baseline', 'Buy & hold PnL', money(m.baseline.pnl), tone(m.baseline.pnl))
  add('Baseline', 'Buy & hold TWR', formatPercent(m.baseline.twr), tone(m.baseline.twr))
  add('Baseline', 'Buy & hold max drawdown', formatPercent(m.baseline.maxDrawdown.depth))
  add(
    'Baseline',
    'Excess TWR vs baseline',
    m.excessTwrVsBaseline === null ? 'n/a (no orders)' : formatPercent(m.excessTwrVsBaseline),
    tone(m.excessTwrVsBaseline),
  )
  const t = m.trades
  add(
    'Trading',
    'Orders',
    `${t.total} (${t.fills} filled: ${t.buys} buys / ${t.sells} sells; ${t.refunds} refunded, ${t.timeouts} timed out, ${t.failed} failed)`,
  )
  add('Trading', 'Fees paid', money(t.feesQuote))
  add(
    'Trading',
    'Slippage vs quote',
    `${or(t.slippageMeanBps, ' bps')} mean, ${or(t.slippageWeightedBps, ' bps')} weighted, ${or(t.slippageWorstBps, ' bps')} worst`,
  )
  add('Trading', 'Turnover', `${or(t.turnover)} (annual ${or(t.turnoverAnnual)})`)
  add('Trading', 'Time in market', formatPercent(m.exposure.timeInMarket))
  add(
    'Trading',
    'Gross exposure',
    `${formatPercent(m.exposure.avgGrossExposure)} avg, ${formatPercent(m.exposure.maxGrossExposure)} max`,
  )
  if (m.agent.dca) {
    const d = m.agent.dca
    add(
      'Agent',
      'DCA average entry',
      `${d.averageEntryPrice} ${q.ticker}/${run.meta.base.ticker} (TWAP ${or(d.twap)}, ${or(d.entryVsTwapBps, ' bps')})`,
      d.entryVsTwapBps?.startsWith('-') ? 1 : -1,
    )
    add('Agent', 'DCA missed slots', String(d.missedSlots), d.missedSlots > 0 ? -1 : 0)
  }
  if (m.agent.rebalance) {
    add('Agent', 'Tracking error (RMS)', formatPercent(m.agent.rebalance.trackingErrorRms))
    add('Agent', 'Max weight deviation', formatPercent(m.agent.rebalance.maxWeightDeviation))
  }
  if (m.agent.hedge)
    add(
      'Agent',
      'Drawdown reduction vs baseline',
      formatPercent(m.agent.hedge.drawdownReductionVsBaseline),
      tone(m.agent.hedge.drawdownReductionVsBaseline),
    )
  return rows
}
