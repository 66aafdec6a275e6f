import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getInfo } from '../clients/token/getInfo.ts'
import { loadUplot } from '../harness/report/renderHtml.ts'
import { readLogs } from './agentLogs.ts'
import { readStatus } from './agentOps.ts'
import type { Connection } from './connection.ts'
import type { Deployment } from './manifest.ts'

export interface DashboardAgent {
  deployment: Deployment
  /** read-only connection (dry-runs and results only) */
  conn: Connection
}

/** One agent as the page shows it. Amounts are raw integer strings; the page scales them by `decimals`. */
export interface AgentView {
  name: string
  network: string
  processId: string | null
  error?: string
  state?: string
  paused?: boolean
  halted?: boolean
  done?: boolean
  owner?: string
  lastTick?: string | null
  balances?: { token: string; param: string; raw: string; decimals: number }[]
  orders?: { id: string; kind: string; amount: string }[]
  fills?: { order: string; amountIn: string; amountOut: string }[]
  /** per fill: bought·(fill price) − spent, in the quote token's raw units (the position's value minus its cost) */
  equity?: string[]
  equityDecimals?: number
}

const decimalsCache = new Map<string, number>()
async function decimalsOf(conn: Connection, token: string): Promise<number> {
  let d = decimalsCache.get(token)
  if (d === undefined) {
    d = (await getInfo(conn.client, { token })).denomination
    decimalsCache.set(token, d)
  }
  return d
}

/** Live view of each agent: Status (dry-run), recent fills and the equity series from its own results. */
export async function dashboardData(agents: DashboardAgent[]): Promise<AgentView[]> {
  return Promise.all(
    agents.map(async ({ deployment: d, conn }): Promise<AgentView> => {
      const base = { name: d.name, network: d.network, processId: d.processId }
      if (!d.processId) return { ...base, error: 'not spawned' }
      try {
        const s = await readStatus(conn, d.processId, 'dryrun')
        const balances = await Promise.all(
          Object.entries(s.balances).map(async ([param, raw]) => {
            const token = String(s.params[param])
            return { token, param, raw, decimals: await decimalsOf(conn, token) }
          }),
        )
        const fills = (await readLogs(conn, d.processId, 200))
          .filter((e) => e.kind === 'log' && e.event === 'filled')
          .map((e) => ({
            order: e.fields.order ?? '',
            amountIn: e.fields.amountIn ?? '0',
            amountOut: e.fields.amountOut ?? '0',
          }))
        let spent = 0n
        let bought = 0n
        const equity: string[] = []
        for (const f of fills) {
          const i = BigInt(f.amountIn)
          const o = BigInt(f.amountOut)
          spent += i
          bought += o
          // value of everything bought at this fill's own price (quote per base), floored, minus what it cost
          equity.push((o > 0n ? (bought * i) / o - spent : -spent).toString())
        }
        const quoteParam = fills.length ? balances.find((b) => b.param === 'quote') : undefined
        return {
          ...base,
          state: s.value,
          paused: s.paused,
          halted: s.halted,
          done: s.done,
          owner: s.owner,
          lastTick: s.lastTick,
          balances,
          orders: Object.values(s.orders).map((o) => ({ id: o.id, kind: o.kind, amount: o.amount ?? '' })),
          fills,
          equity,
          equityDecimals: quoteParam?.decimals ?? 0,
        }
      } catch (e) {
        return { ...base, error: (e as Error).message.split('\n')[0] }
      }
    }),
  )
}

const STYLE = `
body{font:14px system-ui,sans-serif;margin:24px;color:#222;background:#fafafa}
h1{font-size:20px;margin:0 0 4px} .sub{color:#666;margin-bottom:16px}
.agent{background:#fff;border:1px solid #ddd;border-radius:6px;padding:16px;margin-bottom:16px}
.agent h2{font-size:16px;margin:0 0 8px} .pid{font-family:monospace;color:#555;font-size:12px}
table{border-collapse:collapse;margin:8px 0} td,th{padding:3px 10px 3px 0;text-align:left;font-variant-numeric:tabular-nums}
th{color:#666;font-weight:600} .err{color:#b00020} .paused{color:#b36b00} .halted{color:#b00020} .chart{margin-top:8px}
`

const SCRIPT = `
const REFRESH = Number(document.body.dataset.refresh);
const charts = new Map();
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const k of kids) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return e;
}
function units(raw, dec) {
  const neg = raw.startsWith('-'); const s = (neg ? raw.slice(1) : raw).padStart(dec + 1, '0');
  const i = s.slice(0, s.length - dec), f = s.slice(s.length - dec).replace(/0+$/, '');
  return (neg ? '-' : '') + i + (f ? '.' + f : '');
}
function table(head, rows) {
  const t = el('table', {});
  t.append(el('tr', {}, ...head.map((h) => el('th', {}, h))));
  for (const r of rows) t.append(el('tr', {}, ...r.map((c) => el('td', {}, c))));
  return t;
}
function card(a) {
  const c = el('div', { class: 'agent', 'data-name': a.name });
  c.append(el('h2', {}, a.name + ' ', el('span', { class: 'pid' }, (a.processId || '') + ' (' + a.network + ')')));
  if (a.error) { c.append(el('div', { class: 'err' }, a.error)); return c; }
  c.append(el('div', {}, 'state ', el('b', {}, a.state || '(root)'), a.paused ? el('span', { class: 'paused' }, ' [paused]') : '', a.halted ? el('span', { class: 'halted' }, ' [halted]') : '',
    a.done ? ' (done)' : '', ' · last tick ', a.lastTick ? new Date(Number(a.lastTick)).toISOString() : 'never', ' · owner ', a.owner));
  c.append(table(['token', 'balance'], a.balances.map((b) => [b.param, units(b.raw, b.decimals)])));
  c.append(el('div', {}, 'pending orders: ' + (a.orders.length ? '' : 'none')));
  if (a.orders.length) c.append(table(['order', 'kind', 'amount'], a.orders.map((o) => [o.id, o.kind, o.amount])));
  c.append(el('div', {}, 'recent fills: ' + a.fills.length));
  if (a.fills.length) {
    const dec = (p) => (a.balances.find((b) => b.param === p) || { decimals: 0 }).decimals;
    const body = table(['order', 'paid (quote)', 'got (base)'], a.fills.slice(-20).map((f) => [f.order, units(f.amountIn, dec('quote')), units(f.amountOut, dec('base'))]));
    body.setAttribute('class', 'fills');
    c.append(body);
    const box = el('div', { class: 'chart' });
    c.append(box);
    const xs = a.equity.map((_, i) => i + 1);
    const ys = a.equity.map((v) => Number(units(v, a.equityDecimals)));
    new uPlot({ title: 'equity: value of bought base at each fill price − quote spent', width: 640, height: 240,
      scales: { x: { time: false } }, series: [{ label: 'fill' }, { label: 'equity (quote)', stroke: '#1565c0', width: 2 }],
      axes: [{ label: 'fill #' }, {}] }, [xs, ys], box);
  }
  return c;
}
async function refresh() {
  try {
    const r = await fetch('/api/agents');
    const agents = await r.json();
    const root = document.getElementById('agents');
    root.replaceChildren(...(agents.length ? agents.map(card) : [el('p', {}, 'No deployments in the manifest.')]));
    document.getElementById('updated').textContent = new Date().toISOString();
    document.body.dataset.rendered = String(agents.length);
  } catch (e) {
    document.getElementById('updated').textContent = 'refresh failed: ' + e.message;
  }
}
refresh();
setInterval(refresh, REFRESH);
`

/** The page: no build step, no CDN (uPlot inlined from node_modules); data comes from `/api/agents` on the same host. */
export function renderDashboard(refreshMs: number): string {
  const { js, css } = loadUplot()
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>afk agents</title><link rel="icon" href="data:,">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; img-src data:; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<style>${css}</style><style>${STYLE}</style></head>
<body data-refresh="${Math.max(500, Math.floor(refreshMs))}">
<h1>afk agents</h1><div class="sub">read-only · live Status every ${Math.round(refreshMs / 1000)} s · updated <span id="updated">…</span></div>
<div id="agents"></div>
<script>${js}</script>
<script>${SCRIPT}</script>
</body></html>`
}

/** Serves the dashboard on 127.0.0.1 (read-only: GET only). */
export async function serveDashboard(o: {
  agents: () => DashboardAgent[]
  port?: number
  refreshMs?: number
}): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const html = renderDashboard(o.refreshMs ?? 5000)
  const server = createServer((req, res) => {
    if (req.method !== 'GET') {
      res.writeHead(405, { 'content-type': 'text/plain' }).end('read-only')
      return
    }
    if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html)
      return
    }
    if (req.url === '/api/agents') {
      dashboardData(o.agents()).then(
        (v) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(v)),
        (e) =>
          res
            .writeHead(500, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: String(e) })),
      )
      return
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve())
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  return {
    url,
    server,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r())
        server.closeAllConnections()
      }),
  }
}
