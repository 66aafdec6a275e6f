import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderHtml } from '../../../src/harness/report/renderHtml.ts'
import { stateTimeline } from '../../../src/harness/report/stateTimeline.ts'
import type { BacktestRun } from '../../../src/harness/report/types.ts'
import { launchChromium } from '../../utils/chromium.ts'
import { makeDcaRun } from './fixtures/dcaRun.ts'

/** A rebalancing-style variant of the DCA fixture so the weights chart is exercised too. */
function withWeights(run: BacktestRun): BacktestRun {
  return {
    ...run,
    samples: run.samples.map((s) => {
      const v = BigInt(s.valueSpot)
      const q = v > 0n ? (BigInt(s.quote) * 10_000n) / v : 10_000n
      const wq = `${q / 10_000n}.${(q % 10_000n).toString().padStart(4, '0')}`
      const wb = `${(10_000n - q) / 10_000n}.${((10_000n - q) % 10_000n).toString().padStart(4, '0')}`
      return { ...s, weights: { USDA: wq, wAR: wb } }
    }),
  }
}

/** A multi-pool-style variant: the agent's state changes around every trade, and a portfolio at the end. */
function withTimeline(run: BacktestRun): BacktestRun {
  const events = run.trades.flatMap((t) => [
    { t: t.t, from: 'idle', to: 'quoting', cause: 'Cron' },
    { t: t.t + 600_000, from: 'quoting', to: 'swapping', cause: 'Get-Swap-Output-Response' },
    { t: t.t + 1_200_000, from: 'swapping', to: 'idle', cause: 'Credit-Notice' },
  ])
  const { base, quote } = run.meta
  return {
    ...run,
    events,
    portfolio: {
      numeraire: quote,
      value: '3000000000000',
      assets: [
        { token: quote, balance: '1000000000000', value: '1000000000000', weight: '0.333334' },
        { token: base, pool: 'pool-1', balance: '2000000000000', value: '2000000000000', weight: '0.666666' },
      ],
    },
  }
}

describe('HTML report in headless Chromium', () => {
  let browser: BrowserContext
  const dir = mkdtempSync(join(tmpdir(), 'afk-report-'))

  beforeAll(async () => {
    browser = await launchChromium({ width: 1400, height: 1000 })
  })
  afterAll(async () => browser?.close())

  for (const [name, run] of [
    ['dca', makeDcaRun()],
    ['weights', withWeights(makeDcaRun({ seed: 3, hours: 72 }))],
    ['multipool', withTimeline(withWeights(makeDcaRun({ seed: 5, hours: 48 })))],
  ] as const) {
    it(`renders the ${name} report from file:// with no errors or network`, async () => {
      const file = join(dir, `${name}.html`)
      writeFileSync(file, renderHtml(run))
      const page = await browser.newPage()
      const problems: string[] = []
      const requests: string[] = []
      page.on(
        'console',
        (m) =>
          (m.type() === 'error' || m.type() === 'warning') &&
          problems.push(`console ${m.type()}: ${m.text()}`),
      )
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
      page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`))
      page.on('request', (r) => requests.push(r.url()))
      const url = pathToFileURL(file).href
      await page.goto(url, { waitUntil: 'load' })
      await page.waitForSelector('body[data-rendered]')
      expect(problems).toEqual([])
      expect(requests).toEqual([url])

      const expected = name === 'dca' ? 4 : 5
      expect(await page.getAttribute('body', 'data-rendered')).toBe(String(expected))
      const canvases = await page.$$eval('.uplot canvas', (els) =>
        els.map((c) => {
          const canvas = c as HTMLCanvasElement
          const ctx = canvas.getContext('2d') as CanvasRenderingContext2D
          const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data
          let painted = 0
          for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) painted++
          return { w: canvas.width, h: canvas.height, painted }
        }),
      )
      expect(canvases).toHaveLength(expected)
      for (const c of canvases) {
        expect(c.w).toBeGreaterThan(300)
        expect(c.h).toBeGreaterThan(200)
        expect(c.painted).toBeGreaterThan(1000)
      }
      // trade markers: one row per trade, refunds highlighted
      expect(await page.$$eval('#trades-body tr', (r) => r.length)).toBe(run.trades.length)
      expect(await page.$$eval('#trades-body tr.st-refunded', (r) => r.length)).toBe(
        run.trades.filter((t) => t.status === 'refunded').length,
      )
      expect(await page.textContent('.metrics')).toContain('Sharpe')
      // issue 12 item 11: a report a trader reads
      const data = JSON.parse((await page.textContent('#afk-data')) as string)
      expect(data.charts.equity.spot[0]).toBeGreaterThan(0) // the axis starts at the funded equity, not at 0
      expect(await page.$$eval('#balances tbody tr', (r) => r.length)).toBe(2)
      expect(await page.textContent('#params')).toContain('amount')
      expect(await page.$$eval('#periods table:not([hidden]) tbody tr', (r) => r.length)).toBeGreaterThan(1)
      await page.selectOption('#period-select', 'week')
      expect(await page.getAttribute('#periods table:not([hidden])', 'data-period')).toBe('week')
      expect(await page.textContent('#trades-table thead')).toMatch(/bought\/sold.*paid\/received/)
      // sort by price (numeric), filter by status, export what is shown
      await page.click('#trades-table th:nth-child(8)')
      const prices = await page.$$eval('#trades-body tr td:nth-child(8)', (tds) =>
        tds.map((td) => td.textContent).filter((t) => t !== ''),
      )
      const nums = prices.map(Number)
      expect(nums).toEqual([...nums].sort((a, b) => a - b))
      await page.selectOption('#trades-status', 'refunded')
      const refunds = run.trades.filter((t) => t.status === 'refunded').length
      expect(await page.$$eval('#trades-body tr', (r) => r.length)).toBe(refunds)
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#trades-csv')])
      const csv = readFileSync((await download.path()) as string, 'utf8')
        .trimEnd()
        .split('\n')
      expect(csv[0]).toMatch(/^time \(UTC\),side,status,/)
      expect(csv.length).toBe(refunds + 1)
      await page.selectOption('#trades-status', '')
      if (name === 'multipool') {
        // state timeline: a painted strip of all segments, and one summary row per state
        expect(await page.getAttribute('#chart-timeline', 'data-segments')).toBe(
          String(stateTimeline(run)?.segments.length),
        )
        const colours = await page.$eval('#chart-timeline canvas', (c) => {
          const canvas = c as HTMLCanvasElement
          const px = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(
            0,
            0,
            canvas.width,
            canvas.height,
          ).data
          const seen = new Set<string>()
          for (let i = 0; i < px.length; i += 4) if (px[i + 3]) seen.add(`${px[i]},${px[i + 1]},${px[i + 2]}`)
          return seen.size
        })
        expect(colours).toBeGreaterThanOrEqual(3)
        const states = await page.$$eval('#states-body tr', (r) => r.map((x) => x.textContent))
        expect(states.map((x) => x?.split(/\d/)[0])).toEqual(['idle', 'quoting', 'swapping'])
        const rows = await page.$$eval('#portfolio-body tr', (r) => r.map((x) => x.textContent))
        expect(rows).toHaveLength(2)
        expect(rows[1]).toContain('66.6666 %')
      } else expect(await page.$('#chart-timeline')).toBeNull()
      const shot = join(dir, `${name}.png`)
      await page.screenshot({ path: shot, fullPage: true })
      expect(existsSync(shot)).toBe(true)
      await page.close()
    })
  }

  it('shows forced-run warnings and unusable records loudly at the top (issue 12 items 1, 2)', async () => {
    const run = makeDcaRun({ hours: 24 })
    run.meta.warnings = ['params.pool X is not the pool of the log y']
    run.meta.log.unusable = { count: 2, first: 'y:7', reason: 'Quantity "1.5" is not a non-negative integer' }
    const file = join(dir, 'warned.html')
    writeFileSync(file, renderHtml(run))
    const page = await browser.newPage()
    await page.goto(pathToFileURL(file).href)
    await page.waitForSelector('body[data-rendered]')
    const text = (await page.textContent('#warnings')) as string
    expect(text).toContain('is not the pool of the log')
    expect(text).toContain('2 swap record(s) of the log could not be used (first at y:7')
    expect(await page.isVisible('#warnings')).toBe(true)
    await page.close()
  })

  it('keeps log data out of the markup (escaped text, no script injection)', () => {
    const run = makeDcaRun({ hours: 24 })
    run.meta.agent = '<script>alert(1)</script>'
    run.trades[3] = { ...run.trades[3], status: 'refunded', reason: '</script><img src=x>' }
    const html = renderHtml(run)
    expect(html).not.toContain('<script>alert(1)')
    expect(html).not.toContain('</script><img')
    expect(renderHtml(run)).toBe(html)
  })
})
