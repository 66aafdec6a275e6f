import { createReadStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import { BacktestConfigError } from '../../src/errors/harness.ts'
import { runBacktest, runBacktestDetailed } from '../../src/harness/backtest.ts'
import { openLog } from '../../src/harness/log/openLog.ts'
import { scanRecords } from '../../src/harness/log/scanLog.ts'
import { logEndLine } from '../../src/harness/log/schema.ts'
import { marketInfo } from '../../src/harness/market/marketInfo.ts'
import { formatReportJson } from '../../src/harness/report/buildReport.ts'

const DEMO_LOG = 'samples/botega-demo.ndjson'
const params = { amount: '1000000000000', slippageBps: 100, quoteTimeoutMs: '60000', swapTimeoutMs: '600000' }
const dir = mkdtempSync(join(tmpdir(), 'afk-bt-inputs-'))

/** The demo log re-written as SU `GET /<pid>` pages (one page per line, `size` edges each), header and end marker dropped. */
async function toSuPages(src: string, out: string, size: number): Promise<void> {
  const pages: string[] = []
  let edges: unknown[] = []
  let n = 0
  let header = true
  for await (const line of createInterface({ input: createReadStream(src) })) {
    if (header) {
      header = false
      continue
    }
    if (!line.trim() || line.includes('"afk-su-log-end"')) continue
    edges.push({ cursor: String(n++), node: JSON.parse(line) })
    if (edges.length === size) {
      pages.push(JSON.stringify({ page_info: { has_next_page: true }, edges }))
      edges = []
    }
  }
  pages.push(JSON.stringify({ page_info: { has_next_page: false }, edges }))
  writeFileSync(out, `${pages.join('\n')}\n`)
}

describe('backtest inputs', () => {
  it('the report does not depend on how the strategy path is spelled (agent id from content)', async () => {
    const o = { log: DEMO_LOG, params, engine: 'ts' as const, processes: 'model' as const, maxEvents: 200 }
    const spellings = ['agents/dca.ts', './agents/../agents/dca.ts', resolve('agents/dca.ts')]
    const reports = []
    for (const strategy of spellings) reports.push(formatReportJson(await runBacktest({ ...o, strategy })))
    expect(JSON.parse(reports[0]).trades.length).toBeGreaterThan(5)
    expect(reports[1]).toBe(reports[0])
    expect(reports[2]).toBe(reports[0])
  })

  it('an SU-page log gives the same trades as the NDJSON it came from (end of log from a full pass)', async () => {
    const pages = join(dir, 'demo-pages.json')
    await toSuPages(DEMO_LOG, pages, 400)
    const scanN = await scanRecords(await openLog(DEMO_LOG))
    const scanP = await scanRecords(await openLog(pages))
    expect(scanP).toEqual(scanN)
    expect(scanN.events).toBe(1500)

    const o = { strategy: 'agents/dca.ts', params, engine: 'ts' as const, processes: 'model' as const }
    const progress: [number, number][] = []
    const nd = await runBacktestDetailed({ ...o, log: DEMO_LOG })
    const pg = await runBacktestDetailed(
      { ...o, log: pages },
      { onProgress: (d, t) => progress.push([d, t]) },
    )
    expect(nd.run.trades.length).toBe(124)
    expect(pg.run.trades).toEqual(nd.run.trades)
    expect(pg.run.cashflows).toEqual(nd.run.cashflows)
    expect(pg.run.meta.end).toBe(nd.run.meta.end)
    expect(pg.run.meta.log.events).toBe(1500)
    // the progress total is the number of logged messages, whatever the format
    expect(progress.every(([, t]) => t === 1500)).toBe(true)
    expect(progress.at(-1)).toEqual([1500, 1500])
  })

  it('the progress total honours --max-events', async () => {
    const totals = new Set<number>()
    await runBacktest(
      { strategy: 'agents/dca.ts', log: DEMO_LOG, params, engine: 'ts', processes: 'model', maxEvents: 600 },
      { onProgress: (_d, t) => totals.add(t) },
    )
    expect([...totals]).toEqual([600])
  })
})

describe('denominations', () => {
  const lines = readFileSync(DEMO_LOG, 'utf8').split('\n')
  const header = JSON.parse(lines[0])
  const { base, quote } = header.meta as { base: string; quote: string }
  const withMeta = (meta: Record<string, string>) => {
    const f = join(dir, `meta-${Object.keys(meta).length}-${Object.values(meta).join('-')}.ndjson`)
    writeFileSync(
      f,
      `${[JSON.stringify({ ...header, meta, records: undefined }), ...lines.slice(1, 400), logEndLine(399)].join('\n')}\n`,
    )
    return f
  }

  it('come from header meta keyed by token id, and follow the token when the quote side is swapped', async () => {
    const h = (await openLog(withMeta({ [`denomination:${base}`]: '18', [`denomination:${quote}`]: '6' })))
      .header
    const a = marketInfo(h, { quoteToken: quote })
    expect([a.base.denomination, a.quote.denomination, a.denominationAssumed]).toEqual([18, 6, false])
    const b = marketInfo(h, { quoteToken: base })
    expect([b.base.id, b.base.denomination, b.quote.denomination]).toEqual([quote, 6, 18])
    // afk synth's base/quote keys are tied to the token ids too
    const s = marketInfo(
      (await openLog(withMeta({ base, quote, baseDenomination: '8', quoteDenomination: '10' }))).header,
      { quoteToken: base },
    )
    expect([s.base.denomination, s.quote.denomination]).toEqual([10, 8])
  })

  it('come from the options when the log has none; otherwise 12 is assumed, warned and flagged', async () => {
    const bare = withMeta({})
    const h = (await openLog(bare)).header
    expect(marketInfo(h, { baseDenomination: 8, quoteDenomination: 6 })).toMatchObject({
      base: { denomination: 8 },
      quote: { denomination: 6 },
      denominationAssumed: false,
    })
    expect(() => marketInfo(h, { baseDenomination: 1.5 })).toThrow(BacktestConfigError)
    const o = { strategy: 'agents/dca.ts', log: bare, params, engine: 'ts' as const, maxEvents: 50 }
    const warnings: (string | undefined)[] = []
    const assumed = await runBacktest(o, { onWarning: (w) => warnings.push(w) })
    expect(assumed.meta.denominationAssumed).toBe(true)
    expect(warnings.join('')).toMatch(/assuming 12 decimals.*--base-denomination/)
    const given = await runBacktest({ ...o, baseDenomination: 12, quoteDenomination: 12 })
    expect(given.meta.denominationAssumed).toBeUndefined()
    // a contradiction with the log is an error, not a silent override
    const known = withMeta({ [`denomination:${base}`]: '18' })
    await expect(runBacktest({ ...o, log: known, baseDenomination: 12 })).rejects.toThrow(/contradicts/)
  })
})
