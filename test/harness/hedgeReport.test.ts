import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { HEDGE_DEMO } from '../../src/cli/commands/hedgeDemo.ts'
import { synthMarketLog } from '../../src/harness/synth/synthMarketLog.ts'
import { launchChromium } from '../utils/chromium.ts'

const afk = (args: string[]) => spawnSync(process.execPath, ['bin/afk.mjs', ...args], { encoding: 'utf8' })
/** the crash scenario's path: enter, cut to the hedge ratio, stop out, re-enter after the recovery */
const PATH = ['entering', 'exposed', 'cutting', 'hedged', 'stopping', 'stopped', 'entering', 'exposed']

interface Report {
  meta: { engine: string; agent: string; log: unknown; warnings?: string[] }
  events: { t: number; from: string; to: string; cause: string }[]
  trades: { side: string; status: string }[]
  metrics: { spot: { twr: string }; baseline: { twr: string } | null }
}

describe('hedge backtests: afk backtest and npm run demo -- hedge on a synthesized crash', () => {
  const dir = mkdtempSync(join(tmpdir(), 'afk-hedge-'))
  const log = join(dir, 'crash.ndjson')
  let cli: Report

  beforeAll(async () => {
    await synthMarketLog({ ...HEDGE_DEMO.synth, out: log })
  })

  it('afk backtest agents/hedge.ts --log <crash> --json --html (TS engine): cut, stop and re-entry; without --deposit (no `amount` param) on an assumed deposit, said on the terminal and in the report', () => {
    const html = join(dir, 'cli.html')
    const r = afk(['backtest', 'agents/hedge.ts', '--log', log, '--engine', 'ts', '--json', '--html', html])
    expect(r.status, r.stderr).toBe(0)
    // the demo's own deposit is the same 10,000 USD
    const said =
      'assumed deposit 10000 USD (10000000000000000 raw units): the strategy has no integer `amount` param with a time cron to size it from; pass --deposit to choose'
    expect(r.stderr.startsWith(`Warning: ${said}.\n`), r.stderr).toBe(true)
    expect(r.stderr).toMatch(/\nLog: 2000 messages/) // the summary line; the report is on stdout
    cli = JSON.parse(r.stdout)
    expect(cli.meta.warnings).toEqual([said])
    expect(cli.meta.agent).toBe('hedge')
    expect(cli.events.map((e) => e.to)).toEqual(PATH)
    // the cut and the stop are sells, the entries buys, all filled
    expect(cli.trades.map((t) => `${t.side}:${t.status}`)).toEqual([
      'buy:filled',
      'sell:filled',
      'sell:filled',
      'buy:filled',
    ])
    expect(Number(cli.metrics.spot.twr)).toBeGreaterThan(Number(cli.metrics.baseline?.twr))
    expect(readFileSync(html, 'utf8')).toContain('Agent state timeline')
  }, 120_000)

  it('npm run demo -- hedge: the compiled Lua on aos writes the report the TS engine gives; the HTML in Chromium shows the hedge events', async () => {
    const out = join(dir, 'demo')
    const r = afk(['demo', 'hedge', '--out', out])
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/Hedge events: 1 cuts, 1 stops, 2 entries/)
    const demo = JSON.parse(readFileSync(join(out, 'hedge.json'), 'utf8')) as Report
    expect(demo.meta.engine).toBe('lua')
    expect({ ...demo, meta: { ...demo.meta, engine: 'ts' } }).toEqual({
      ...cli,
      meta: { ...cli.meta, log: demo.meta.log, warnings: undefined },
    })

    const browser = await launchChromium({ width: 1400, height: 1000 })
    try {
      const page = await browser.newPage()
      const problems: string[] = []
      page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(m.text()))
      page.on('pageerror', (e) => problems.push(e.message))
      await page.goto(pathToFileURL(join(out, 'hedge.html')).href, { waitUntil: 'load' })
      await page.waitForSelector('body[data-rendered]')
      expect(problems).toEqual([])
      // the state timeline: one strip segment per state held, a row per state with the times it was entered
      expect(await page.getAttribute('#chart-timeline', 'data-segments')).toBe(String(PATH.length + 1))
      const rows = await page.$$eval('#states-body tr', (r) => r.map((x) => x.children[0].textContent))
      expect(rows).toEqual(['exposed', 'entering', 'cutting', 'hedged', 'stopping', 'stopped'])
      // the hedge events are marked along the top of the equity and price charts: the same report with its events
      // taken out differs exactly there, in a 12 px strip, at one column group per burst of state changes
      const tag = '<script type="application/json" id="afk-data">'
      const text = readFileSync(join(out, 'hedge.html'), 'utf8')
      const [head, rest] = [
        text.slice(0, text.indexOf(tag) + tag.length),
        text.slice(text.indexOf(tag) + tag.length),
      ]
      const data = JSON.parse(rest.slice(0, rest.indexOf('</script>')))
      expect(data.charts.events.label.some((l: string) => l.startsWith('exposed → cutting'))).toBe(true)
      data.charts.events = null
      const bare = join(out, 'bare.html')
      writeFileSync(
        bare,
        head + JSON.stringify(data).replace(/</g, '\\u003c') + rest.slice(rest.indexOf('</script>')),
      )
      /** per canvas, a hash of every pixel row and of every pixel column (cheap to compare across two pages) */
      const pixels = async (file: string) => {
        await page.goto(pathToFileURL(file).href, { waitUntil: 'load' })
        await page.waitForSelector('body[data-rendered]')
        return page.evaluate(() =>
          ['chart-equity', 'chart-price', 'chart-holdings'].map((id) => {
            const c = document.querySelector(`#${id} canvas`) as HTMLCanvasElement
            const px = (c.getContext('2d') as CanvasRenderingContext2D).getImageData(
              0,
              0,
              c.width,
              c.height,
            ).data
            const rows = new Array(c.height).fill(0)
            const cols = new Array(c.width).fill(0)
            for (let i = 0; i < px.length; i += 4) {
              const v = (px[i] * 16777619 + px[i + 1] * 65599 + px[i + 2] * 257 + px[i + 3]) % 1000000007
              const [x, y] = [(i / 4) % c.width, Math.floor(i / 4 / c.width)]
              rows[y] = (rows[y] * 31 + v) % 1000000007
              cols[x] = (cols[x] * 31 + v) % 1000000007
            }
            return { rows, cols }
          }),
        )
      }
      const [marked, plain] = [await pixels(join(out, 'hedge.html')), await pixels(bare)]
      const diffs = marked.map((m, k) => {
        const rows = m.rows.flatMap((h, y) => (h !== plain[k].rows[y] ? [y] : []))
        const cols = m.cols.flatMap((h, x) => (h !== plain[k].cols[x] ? [x] : []))
        const groups = cols.filter((x, i) => i === 0 || x - cols[i - 1] > 3).length
        return { rows, groups }
      })
      for (const k of [0, 1]) {
        expect(diffs[k].rows.length, `chart ${k}`).toBeGreaterThan(0)
        expect(diffs[k].rows.length).toBeLessThanOrEqual(12)
        // entry at the start, the cut, the stop, the re-entry (some may share a pixel column at this scale)
        expect(diffs[k].groups).toBeGreaterThanOrEqual(3)
      }
      expect(diffs[2].rows).toEqual([]) // the holdings chart carries no marks
      await page.close()
    } finally {
      await browser.close()
    }
  }, 180_000)
})
