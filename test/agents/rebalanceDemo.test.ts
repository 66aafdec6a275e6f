import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { launchChromium } from '../utils/chromium.ts'

describe('npm run demo -- rebalance', () => {
  it('backtests agents/rebalance.ts on a synthesized 3-pool market and ends near its target weights', async () => {
    const out = mkdtempSync(join(tmpdir(), 'afk-rebalance-demo-'))
    const r = spawnSync(process.execPath, ['bin/afk.mjs', 'demo', 'rebalance', '--out', out], {
      encoding: 'utf8',
    })
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/Reports: .*rebalance\.html/)
    const report = JSON.parse(readFileSync(join(out, 'rebalance.json'), 'utf8'))
    // the rebalance states are on the report's timeline (charts and state strip)
    const states = new Set(report.events.map((e: { to: string }) => e.to))
    expect([...states].sort()).toEqual(expect.arrayContaining(['buying', 'idle', 'valuing']))
    // final weights by ticker within the agent's 3 % band of 40/35/25
    const w = Object.fromEntries(
      report.portfolio.assets.map((a: { token: { ticker: string }; weight: string }) => [
        a.token.ticker,
        Number(a.weight),
      ]),
    )
    expect(Math.abs(w.ALFA - 0.4)).toBeLessThan(0.03)
    expect(Math.abs(w.BRAVO - 0.35)).toBeLessThan(0.03)
    expect(Math.abs(w.CHARLIE - 0.25)).toBeLessThan(0.03)
    // PnL counts every holding: the equity curve's last point is the whole portfolio's value in the numeraire, and
    // a rebalancer on a rising 3-asset market ends above its deposit (not at a loss from valuing one pool only)
    const last = report.samples.at(-1)
    expect(last.valueSpot).toBe(report.portfolio.value)
    expect(BigInt(last.valueSpot)).toBeGreaterThan(BigInt(report.cashflows[0].amount))
    // the baseline holds the target weights bought with the deposit: worth the deposit then (up to rounding), and
    // not the primary asset alone (which the primary pool's reserves in the samples value)
    expect(report.meta.baseline).toMatch(
      /^the agent's target weights \(params\.assets: ALFA 40 %, BRAVO 35 %, CHARLIE 25 %\)/,
    )
    const flow = report.cashflows[0]
    const first = report.samples.find((s: { t: number }) => s.t >= flow.t)
    const deposit = BigInt(flow.amount)
    expect(deposit - BigInt(first.baseline)).toBeGreaterThanOrEqual(0n)
    expect((deposit - BigInt(first.baseline)) * 1_000_000n).toBeLessThan(deposit)
    const alone = (BigInt(flow.amount) * BigInt(first.reserveBase)) / BigInt(first.reserveQuote)
    expect(BigInt(last.baseline)).not.toBe((alone * BigInt(last.reserveQuote)) / BigInt(last.reserveBase))
    expect(readFileSync(join(out, 'rebalance.html'), 'utf8')).toMatch(/<html/i)
    // the HTML renders in Chromium without errors, with the rebalancer's states on its timeline
    const browser = await launchChromium({ width: 1400, height: 1000 })
    try {
      const page = await browser.newPage()
      const problems: string[] = []
      page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(m.text()))
      page.on('pageerror', (e) => problems.push(e.message))
      await page.goto(pathToFileURL(join(out, 'rebalance.html')).href, { waitUntil: 'load' })
      await page.waitForSelector('body[data-rendered]')
      expect(problems).toEqual([])
      const rows = await page.$$eval('#states-body tr', (r) => r.map((x) => x.children[0].textContent))
      expect(rows).toEqual(expect.arrayContaining(['idle', 'valuing', 'buying']))
      // the metrics panel says what the baseline holds
      const held = await page.$$eval('td', (cells) =>
        cells
          .filter((c) => c.textContent === 'Buy & hold holds')
          .map((c) => c.nextElementSibling?.textContent),
      )
      expect(held).toEqual([report.meta.baseline])
    } finally {
      await browser.close()
    }
    // deterministic: the same inputs give the same market log and report (apart from the log's path)
    const again = mkdtempSync(join(tmpdir(), 'afk-rebalance-demo-'))
    spawnSync(process.execPath, ['bin/afk.mjs', 'demo', 'rebalance', '--out', again], { encoding: 'utf8' })
    const text = (dir: string) =>
      readFileSync(join(dir, 'rebalance.json'), 'utf8').replace(/"file":\s*"[^"]*"/g, '')
    expect(text(again)).toBe(text(out))
    expect(readFileSync(join(again, 'rebalance-market.ndjson'), 'utf8')).toBe(
      readFileSync(join(out, 'rebalance-market.ndjson'), 'utf8'),
    )
  }, 120_000)
})
