import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { ReportError } from '../../errors/metrics.ts'
import {
  type ComputedMetrics,
  type ComputeMetricsOptions,
  computeMetricsDetailed,
} from '../metrics/computeMetrics.ts'
import { D } from '../metrics/decimal.ts'
import { chartData, tradeRow } from './chartData.ts'
import { formatMoney, formatPercent } from './format.ts'
import { HTML_SCRIPT } from './htmlScript.ts'
import { metricRows } from './metricRows.ts'
import { balanceRows, paramRows, periodRows } from './reportTables.ts'
import { LazyJsonArray, stableJsonChunks } from './stableJson.ts'
import { type StateTimelineData, stateTimeline } from './stateTimeline.ts'
import type { BacktestRun } from './types.ts'

let uplotAssets: { js: string; css: string } | null = null

/** uPlot's IIFE build and stylesheet, read once from node_modules and inlined so the page needs no network. */
export function loadUplot(): { js: string; css: string } {
  if (uplotAssets) return uplotAssets
  try {
    const require = createRequire(import.meta.url)
    const dir = require.resolve('uplot/package.json').replace(/package\.json$/, '')
    uplotAssets = {
      js: readFileSync(`${dir}dist/uPlot.iife.min.js`, 'utf8'),
      css: readFileSync(`${dir}dist/uPlot.min.css`, 'utf8'),
    }
    return uplotAssets
  } catch (cause) {
    throw new ReportError('cannot inline the chart library uPlot', {
      metaMessages: ['hint: run `npm install` (uplot is a dependency of afk)'],
      cause,
    })
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
/** JSON inside <script> must not contain "</" or U+2028/9; \u-escape them (still valid JSON). */
const escapeScriptJson = (s: string) =>
  s
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')

const STYLE = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f3f4f6;color:#111827}
header{background:#111827;color:#f9fafb;padding:16px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#9ca3af;font-size:12px}
main{display:grid;grid-template-columns:minmax(300px,380px) 1fr;gap:16px;padding:16px 24px}
.card{background:#fff;border-radius:8px;box-shadow:0 1px 2px rgba(0,0,0,.08);padding:12px 16px;min-width:0}
.card h2{font-size:15px;margin:0 0 8px}
.metrics table{width:100%;border-collapse:collapse}.metrics th{text-align:left;padding:10px 0 4px;color:#0e7490;font-size:12px;text-transform:uppercase}
.metrics td{padding:2px 0;vertical-align:top}.metrics td.v{text-align:right;font-variant-numeric:tabular-nums;padding-left:8px}
.good{color:#15803d}.bad{color:#b91c1c}
.charts{display:flex;flex-direction:column;gap:16px;min-width:0}
.trades,.wide,.portfolio{grid-column:1/-1}.scroll{max-height:420px;overflow:auto}.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px}
.states td,.portfolio td{padding:2px 8px;font-variant-numeric:tabular-nums}.states td.v,.portfolio td.v{text-align:right}
.tables{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:16px}
.plain table{border-collapse:collapse;width:100%;font-size:12px;font-variant-numeric:tabular-nums}
.plain th,.plain td{padding:3px 8px;border-bottom:1px solid #e5e7eb;text-align:right;white-space:nowrap}.plain th:first-child,.plain td:first-child{text-align:left}
#params td{white-space:normal;overflow-wrap:anywhere}
.warn{grid-column:1/-1;background:#fef2f2;border:1px solid #fecaca;color:#991b1b;border-radius:8px;padding:8px 16px}
.tools{display:flex;gap:8px;align-items:center;margin:0 0 8px;flex-wrap:wrap}.tools input{min-width:220px}
.trades th{cursor:pointer;user-select:none}.trades th[data-dir=asc]::after{content:" ▲"}.trades th[data-dir=desc]::after{content:" ▼"}
.trades table{border-collapse:collapse;width:100%;font-size:12px;font-variant-numeric:tabular-nums}
.trades th,.trades td{padding:3px 8px;border-bottom:1px solid #e5e7eb;text-align:right;white-space:nowrap}
.trades th{position:sticky;top:0;background:#f9fafb}.trades td:nth-child(-n+3),.trades th:nth-child(-n+3),.trades td:last-child,.trades th:last-child{text-align:left}
tr.st-refunded{background:#fffbeb}tr.st-timeout,tr.st-failed{background:#f3f4f6;color:#6b7280}
@media (max-width:900px){main{grid-template-columns:1fr}}
`

/**
 * Renders one self-contained HTML report (uPlot and data inlined, no external requests): metrics panel, equity at
 * spot/liquidation with the buy-and-hold baseline, drawdown, price with trade markers, weights when present, trades.
 */
export function renderHtml(
  run: BacktestRun,
  options: ComputeMetricsOptions & { computed?: ComputedMetrics } = {},
): string {
  return [...renderHtmlChunks(run, options)].join('')
}

/**
 * `renderHtml` in pieces (same bytes): the page around the chart data, and the data itself one series or trade row
 * at a time, so a long run's page is written without ever being one string in memory.
 */
export function* renderHtmlChunks(
  run: BacktestRun,
  options: ComputeMetricsOptions & { computed?: ComputedMetrics } = {},
): Generator<string> {
  const computed = options.computed ?? computeMetricsDetailed(run, options)
  const { js, css } = loadUplot()
  const m = run.meta
  const rows = metricRows(run, computed.metrics)
  let section = ''
  const metricHtml = rows
    .map((r) => {
      const head = r.section !== section ? `<tr><th colspan="2">${escapeHtml(r.section)}</th></tr>` : ''
      section = r.section
      const cls = r.tone === 1 ? 'v good' : r.tone === -1 ? 'v bad' : 'v'
      return `${head}<tr><td>${escapeHtml(r.label)}</td><td class="${cls}">${escapeHtml(r.value)}</td></tr>`
    })
    .join('')
  // the trades table's rows are made one at a time as the page is written (a long run has one per order)
  // computed once for the strip and the time-per-state table
  const tl = stateTimeline(run)
  const charts = chartData(run, computed, { tradeRows: false, timeline: tl })
  const payload = {
    base: m.base.ticker,
    quote: m.quote.ticker,
    charts: { ...charts, trades: new LazyJsonArray(run.trades.length, (i) => tradeRow(run, run.trades[i])) },
  }
  const title = `${m.agent} backtest · ${m.base.ticker}/${m.quote.ticker}`
  const sub = `strategy ${m.strategyHash} · log ${m.log.file} (${m.log.events} events, sha256 ${m.log.sha256.slice(0, 12)}) · engine ${m.engine} · market ${m.market} · afk ${m.afkVersion}`
  const bt = escapeHtml(m.base.ticker)
  const qt = escapeHtml(m.quote.ticker)
  const table = (head: string[], rows: string[][], attrs = '') =>
    `<table${attrs}><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`
  const money = (raw: string, t: { denomination: number }) => formatMoney(raw, t.denomination, 4)
  const warnings = [
    ...(m.warnings ?? []),
    ...(m.log.unusable
      ? [
          `${m.log.unusable.count} swap record(s) of the log could not be used (first at ${m.log.unusable.first}: ${m.log.unusable.reason})`,
        ]
      : []),
    ...(m.denominationAssumed
      ? ['the log does not give the token denominations: 12 decimals were assumed']
      : []),
  ]
  const warningHtml = warnings.length
    ? `<section class="warn" id="warnings"><strong>Warning</strong><ul>${warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul></section>`
    : ''
  const balances = table(
    ['token', 'start', 'final', 'change'],
    balanceRows(run).map((r) => [r.token, r.start, r.end, r.change]),
  )
  const params = table(
    ['param', 'value', 'raw'],
    paramRows(run).map((r) => [r.name, r.value, r.raw]),
  )
  const periods = (['day', 'week', 'month'] as const)
    .map((p) =>
      table(
        [
          'period',
          `start (${m.quote.ticker})`,
          `end (${m.quote.ticker})`,
          `deposits (${m.quote.ticker})`,
          'return',
          'fills',
          `fees (${m.quote.ticker})`,
          `fees (${m.base.ticker})`,
        ],
        periodRows(run, p).map((r) => [
          r.period,
          money(r.start, m.quote),
          money(r.end, m.quote),
          money(r.flows, m.quote),
          formatPercent(r.return),
          String(r.fills),
          money(r.feesQuote, m.quote),
          money(r.feesBase, m.base),
        ]),
        ` data-period="${p}"${p === 'day' ? '' : ' hidden'}`,
      ),
    )
    .join('')
  const weights = payload.charts.weights
    ? '<section class="card"><h2>Weights over time (value in the numeraire)</h2><div id="chart-weights"></div></section>'
    : ''
  const timeline = timelineSection(run, tl)
  const portfolio = portfolioSection(run)
  yield `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(sub)}</p></header>
<main>
${warningHtml}
<section class="card metrics"><h2>Metrics</h2><table>${metricHtml}</table></section>
<div class="charts">
<section class="card"><h2>Equity (${qt}): at spot price, at liquidation value, buy &amp; hold</h2><div id="chart-equity"></div></section>
<section class="card"><h2>Holdings (value in ${qt}) and exposure to ${bt}</h2><div id="chart-holdings"></div></section>
<section class="card"><h2>Drawdown (time-weighted NAV)</h2><div id="chart-drawdown"></div></section>
<section class="card"><h2>Price (${qt} per ${bt}) and trades</h2><div id="chart-price"></div></section>
${weights}
${timeline}
</div>
${portfolio}
<div class="wide tables">
<section class="card plain" id="balances"><h2>Balances (whole tokens)</h2>${balances}</section>
<section class="card plain" id="params"><h2>Params</h2>${params}</section>
</div>
<section class="card plain wide" id="periods"><h2>Per period <select id="period-select"><option value="day">day</option><option value="week">week</option><option value="month">month</option></select></h2><div class="scroll">${periods}</div>
<p>Return per period: (end − start − deposits) / (start + deposits), values at spot, deposits counted at the period's start.</p></section>
<section class="card trades"><h2>Trades (${run.trades.length})</h2>
<div class="tools"><input id="trades-filter" type="search" placeholder="filter (e.g. refunded, buy)"><select id="trades-status"><option value="">all statuses</option><option>filled</option><option>refunded</option><option>timeout</option><option>failed</option></select><button id="trades-csv" type="button">Export CSV</button><span id="trades-count"></span></div>
<div class="scroll"><table id="trades-table">
<thead><tr><th>time (UTC)</th><th>side</th><th>status</th><th>${bt} bought/sold</th><th>${qt} paid/received</th><th>expected out</th><th>fee</th><th>price (${qt}/${bt})</th><th>reason</th></tr></thead>
<tbody id="trades-body"></tbody></table></div></section>
</main>
<script type="application/json" id="afk-data">`
  // the stable JSON of the payload without its final newline (as `.trimEnd()` would), escaped for <script>
  for (const c of stableJsonChunks(payload)) if (c !== '\n') yield escapeScriptJson(c)
  yield `</script>
<script>${js}</script>
<script>${HTML_SCRIPT}</script>
</body>
</html>
`
}

/** Same colours as the page script's PALETTE, so a state's swatch matches its timeline segments and markers. */
const PALETTE = ['#2563eb', '#16a34a', '#f59e0b', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d']

/** The state timeline card: a canvas strip drawn by the page script, and a table of time spent per state. */
function timelineSection(run: BacktestRun, tl: StateTimelineData | null): string {
  if (!tl) return ''
  const total = tl.summary.reduce((s, x) => s + x.ms, 0)
  const rows = tl.summary
    .map((x, i) => {
      const share = total > 0 ? new D(x.ms).div(total).times(100).toFixed(2) : '0.00'
      return `<tr><td><span class="swatch" style="background:${PALETTE[i % PALETTE.length]}"></span>${escapeHtml(x.state)}</td><td class="v">${x.entries}</td><td class="v">${share} %</td></tr>`
    })
    .join('')
  const changes = run.events?.length ?? 0
  return `<section class="card states"><h2>Agent state timeline (${changes} state changes; marked on the charts above)</h2><div id="chart-timeline"></div><table><thead><tr><th>state</th><th>entered</th><th>time</th></tr></thead><tbody id="states-body">${rows}</tbody></table></section>`
}

/** Multi-pool runs: holdings per asset valued in the numeraire at the end of the run. */
function portfolioSection(run: BacktestRun): string {
  const p = run.portfolio
  if (!p) return ''
  const whole = (raw: string, denomination: number) =>
    new D(raw).div(new D(10).pow(denomination)).toSignificantDigits(12).toFixed()
  const rows = p.assets
    .map(
      (a) =>
        `<tr data-token="${escapeHtml(a.token.id)}"><td>${escapeHtml(a.token.ticker)}</td><td>${escapeHtml(a.pool ?? '(numeraire)')}</td><td class="v">${whole(a.balance, a.token.denomination)}</td><td class="v">${whole(a.value, p.numeraire.denomination)}</td><td class="v">${new D(a.weight).times(100).toFixed(4)} %</td></tr>`,
    )
    .join('')
  return `<section class="card portfolio"><h2>Portfolio at the end (${escapeHtml(p.numeraire.ticker)}): ${whole(p.value, p.numeraire.denomination)}</h2><table><thead><tr><th>asset</th><th>pool</th><th>balance</th><th>value (${escapeHtml(p.numeraire.ticker)})</th><th>weight</th></tr></thead><tbody id="portfolio-body">${rows}</tbody></table></section>`
}
