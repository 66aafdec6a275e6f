import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hostClock } from '../src/ao/hostClock.ts'
import { runBacktest } from '../src/harness/backtest.ts'
import { synthPoolLog } from '../src/harness/synth/synthPoolLog.ts'
import type { BenchResult } from './types.ts'

/**
 * Backtest replay speed and memory: a seeded synthetic Botega log (AFK_BENCH_EVENTS, default 50,000 events) replayed
 * with the DCA agent on the TS engine and model market, and the demo-sized log with the agent on aos. Peak RSS is
 * sampled during the long replay; the log is streamed, so it should not grow with the log length.
 */
export async function run(): Promise<BenchResult[]> {
  const events = Number(process.env.AFK_BENCH_EVENTS ?? 50_000)
  const dir = mkdtempSync(join(tmpdir(), 'afk-bench-'))
  const out: BenchResult[] = []
  try {
    const log = join(dir, 'pool.ndjson')
    let t0 = hostClock.perf()
    await synthPoolLog({ seed: 7, events, out: log })
    out.push({
      name: `synth ${events} events`,
      unit: 'events/s',
      median: Math.round(events / ((hostClock.perf() - t0) / 1000)),
    })
    const before = process.memoryUsage().rss
    let peak = before
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss)
    }, 50)
    t0 = hostClock.perf()
    const r = await runBacktest({
      strategy: 'agents/dca.ts',
      log,
      engine: 'ts',
      processes: 'model',
      params: { amount: '1000000000000', slippageBps: 100 },
    })
    const s = (hostClock.perf() - t0) / 1000
    clearInterval(timer)
    out.push({
      name: `replay ${events} events (ts engine, model market)`,
      unit: 'events/s',
      median: Math.round(events / s),
      note: `${s.toFixed(1)} s, ${r.trades.length} trades`,
    })
    out.push({
      name: 'RSS growth during that replay',
      unit: 'MB',
      median: Math.round((peak - before) / 2 ** 20),
      note: `peak ${Math.round(peak / 2 ** 20)} MB incl. earlier benchmarks' aos heaps`,
    })
    t0 = hostClock.perf()
    await runBacktest({
      strategy: 'agents/dca.ts',
      log: 'samples/botega-demo.ndjson',
      engine: 'lua',
      processes: 'model',
      params: { amount: '1000000000000', slippageBps: 100 },
    })
    out.push({
      name: 'demo backtest (agent on aos, 1,500 events)',
      unit: 's',
      median: (hostClock.perf() - t0) / 1000,
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return out
}
