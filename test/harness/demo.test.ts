import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEMO } from '../../src/cli/commands/demo.ts'
import { runBacktest } from '../../src/harness/backtest.ts'
import type { BacktestMetrics } from '../../src/harness/metrics/types.ts'
import { formatReportJson } from '../../src/harness/report/buildReport.ts'

/**
 * The demo's expected outcome, pinned: DCA buys 1 QUOTE of BASE at every one of the 124 hourly ticks of the committed
 * sample, all filled. A change here is a change in the replay, the agent or the metrics and must be explained.
 */
const EXPECTED = {
  trades: 124,
  counts: { messages: 8730, ticks: 124, agentErrors: 0 },
  cashflows: [{ t: 1735689602001, amount: '126000000000000' }],
  end: 1736137721646,
  events: 1500,
  spot: { pnl: '-17646986926229', twr: '-0.14071488', maxDrawdown: '0.17381380' },
  trading: { fills: 124, refunds: 0, timeouts: 0, failed: 0, feesQuote: '310000000000' },
  final: { base: '49274973221136', quote: '2000000000000' },
}

let tsReport: string | undefined

describe('demo sample', () => {
  it('--engine both agrees on the demo sample (TS and Lua in lockstep, outbox and Status after every message)', async () => {
    const both = await runBacktest({ ...DEMO, engine: 'both', processes: 'model' })
    expect(both.counts.ticks).toBeGreaterThan(100)
    const ts = await runBacktest({ ...DEMO, engine: 'ts', processes: 'model' })
    tsReport = formatReportJson(ts)
    expect(formatReportJson({ ...both, meta: { ...both.meta, engine: 'ts' } })).toBe(tsReport)
    expect(ts.trades.length).toBe(EXPECTED.trades)
    expect(ts.counts).toEqual(EXPECTED.counts)
    expect(ts.cashflows).toEqual(EXPECTED.cashflows)
    expect([ts.meta.end, ts.meta.log.events]).toEqual([EXPECTED.end, EXPECTED.events])
    const last = ts.samples.at(-1)
    expect({ base: last?.base, quote: last?.quote }).toEqual(EXPECTED.final)
  })

  it('npm run demo writes reports/demo.{html,json} with the expected trades and metrics', () => {
    const out = mkdtempSync(join(tmpdir(), 'afk-demo-'))
    const r = spawnSync(process.execPath, ['bin/afk.mjs', 'demo', '--out', out], { encoding: 'utf8' })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/Reports: .*demo\.html/)
    const text = readFileSync(join(out, 'demo.json'), 'utf8')
    const json = JSON.parse(text) as { meta: { engine: string }; trades: unknown[]; metrics: BacktestMetrics }
    expect(json.meta.engine).toBe('lua')
    expect(json.trades.length).toBe(EXPECTED.trades)
    const m = json.metrics
    expect({ pnl: m.spot.pnl, twr: m.spot.twr, maxDrawdown: m.spot.maxDrawdown.depth }).toEqual(EXPECTED.spot)
    expect(m.trades).toMatchObject(EXPECTED.trading)
    // the Lua demo (compiled agent on aos) writes the very report the TS engine gives, apart from meta.engine
    if (tsReport !== undefined) {
      const ts = JSON.parse(tsReport)
      expect(JSON.parse(text)).toEqual({ ...ts, meta: { ...ts.meta, engine: 'lua' } })
    }
    expect(readFileSync(join(out, 'demo.html'), 'utf8')).toMatch(/<html/i)
  })
})
