import { join } from 'node:path'
import { hostClock } from '../../ao/hostClock.ts'
import { runBacktest } from '../../harness/backtest.ts'
import { writeReports } from '../../harness/report/writeReports.ts'
import { synthMarketLog } from '../../harness/synth/synthMarketLog.ts'
import { progressBar } from '../output.ts'

/**
 * The hedge demo's fixed inputs: a synthesized crash market (one ALFA/USD Botega pool, seed 7, 2,000 events over
 * ~33 hours: −30 % from 40 % to 45 % of the log, recovered by 90 %), agents/hedge.ts with its default params, and the
 * owner's 10,000 USD (12 decimals) deposit.
 */
export const HEDGE_DEMO = {
  strategy: 'agents/hedge.ts',
  synth: { seed: 7, pools: 1, events: 2000, scenario: 'crash' as const },
  deposit: '10000000000000000',
}

/** `afk demo hedge`: writes the crash log, then backtests the hedger on it (compiled Lua on aos) and writes reports. */
export async function runHedgeDemo(root: string, out: string): Promise<void> {
  const t0 = hostClock.perf()
  const log = join(out, 'hedge-crash.ndjson')
  await synthMarketLog({ ...HEDGE_DEMO.synth, out: log })
  const bar = progressBar('demo')
  let run: Awaited<ReturnType<typeof runBacktest>>
  try {
    run = await runBacktest(
      {
        strategy: join(root, HEDGE_DEMO.strategy),
        log,
        deposit: HEDGE_DEMO.deposit,
        engine: 'lua',
        market: 'reexecute',
        processes: 'model',
      },
      { onProgress: bar.update },
    )
  } finally {
    bar.stop()
  }
  const json = join(out, 'hedge.json')
  const html = join(out, 'hedge.html')
  writeReports(run, { json, html, stream: process.stdout })
  const changes = (run.events ?? []).map((e) => e.to)
  const s = ((hostClock.perf() - t0) / 1000).toFixed(1)
  process.stdout.write(
    `\nHedge events: ${changes.filter((v) => v === 'cutting').length} cuts, ${changes.filter((v) => v === 'stopping').length} stops, ${changes.filter((v) => v === 'entering').length} entries (state timeline and chart marks in the HTML)\n` +
      `Reports: ${html}, ${json}; log ${log} (${run.meta.log.events} logged messages, ${run.counts.messages} evaluated, ${s} s)\n`,
  )
}
