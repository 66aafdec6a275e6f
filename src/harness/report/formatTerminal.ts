import type { BacktestMetrics } from '../metrics/types.ts'
import { metricRows } from './metricRows.ts'
import type { BacktestRun } from './types.ts'

export interface FormatTerminalOptions {
  /** ANSI colours; pass `process.stdout.isTTY` (default false, so piped output stays plain) */
  color?: boolean
}

const paint = (on: boolean, code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s)

/** An aligned plain-text summary of a run: one section per group, label column padded to the longest label. */
export function formatTerminal(
  run: BacktestRun,
  metrics: BacktestMetrics,
  options: FormatTerminalOptions = {},
): string {
  const color = options.color ?? false
  const rows = metricRows(run, metrics)
  const width = Math.max(...rows.map((r) => r.label.length))
  const title = `${run.meta.agent} · ${run.meta.base.ticker}/${run.meta.quote.ticker} · engine ${run.meta.engine} · ${run.meta.market} · log ${run.meta.log.file}`
  const out = [paint(color, '1', title)]
  let section = ''
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section
      out.push('', paint(color, '1;36', section))
    }
    const value =
      r.tone === 1 ? paint(color, '32', r.value) : r.tone === -1 ? paint(color, '31', r.value) : r.value
    out.push(`  ${r.label.padEnd(width)}  ${value}`)
  }
  return `${out.join('\n')}\n`
}
