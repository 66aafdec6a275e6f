import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Command } from 'commander'
import { hostClock } from '../../ao/hostClock.ts'
import { BacktestConfigError } from '../../errors/harness.ts'
import { runBacktest } from '../../harness/backtest.ts'
import { writeReports } from '../../harness/report/writeReports.ts'
import { synthMarketLog } from '../../harness/synth/synthMarketLog.ts'
import { SYNTH_SCALE } from '../../harness/synth/traderOrder.ts'
import { progressBar } from '../output.ts'
import { runHedgeDemo } from './hedgeDemo.ts'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/** The demo's fixed inputs: the committed sample, the DCA agent, 1 QUOTE per hourly tick with 1 % slippage. */
export const DEMO = {
  strategy: join(ROOT, 'agents/dca.ts'),
  log: join(ROOT, 'samples/botega-demo.ndjson'),
  params: { amount: '1000000000000', slippageBps: 100, quoteTimeoutMs: '60000', swapTimeoutMs: '600000' },
}

/**
 * The rebalance demo: agents/rebalance.ts on a synthesized 3-pool market (seed 1, trend scenario, ~25 hours),
 * targets 40/35/25 with a 3 % band, 100,000 USD deposited; the market log is written beside the reports.
 */
export const REBALANCE_DEMO = {
  strategy: join(ROOT, 'agents/rebalance.ts'),
  market: { seed: 1, pools: 3, events: 1500, scenario: 'trend' as const },
  weights: [4000, 3500, 2500],
  deposit: String(100_000n * SYNTH_SCALE),
}

export function register(program: Command): void {
  program
    .command('demo')
    .description(
      'backtest agents/dca.ts on the committed sample log with the Lua engine; writes reports/demo.{html,json}',
    )
    .argument(
      '[agent]',
      'which demo: dca, hedge (agents/hedge.ts on a synthesized crash) or rebalance (agents/rebalance.ts on a synthesized 3-pool market)',
      'dca',
    )
    .option('-o, --out <dir>', 'report directory', 'reports')
    .action(async (agent: string, o) => {
      if (agent === 'hedge') return runHedgeDemo(ROOT, o.out)
      if (agent !== 'dca' && agent !== 'rebalance')
        throw new BacktestConfigError(`Unknown demo "${agent}" (available: dca, hedge, rebalance)`)
      if (agent === 'rebalance') return rebalanceDemo(o.out)
      const bar = progressBar('demo')
      const t0 = hostClock.perf()
      let run: Awaited<ReturnType<typeof runBacktest>>
      try {
        // The agent runs as compiled Lua on aos; pool and tokens are the TS models (same reports byte for byte as the
        // aos reference processes, `--processes lua` in `afk backtest`, but ~15× faster).
        run = await runBacktest(
          { ...DEMO, engine: 'lua', market: 'reexecute', processes: 'model' },
          { onProgress: bar.update },
        )
      } finally {
        bar.stop()
      }
      const json = join(o.out, 'demo.json')
      const html = join(o.out, 'demo.html')
      writeReports(run, { json, html, stream: process.stdout })
      const s = ((hostClock.perf() - t0) / 1000).toFixed(1)
      process.stdout.write(
        `\nReports: ${html}, ${json} (${run.meta.log.events} logged messages, ${run.counts.messages} evaluated, ${s} s)\n`,
      )
    })
}

/** Synthesizes the demo market, then backtests the rebalancer on it (Lua engine on aos, TS models of the pools). */
async function rebalanceDemo(out: string): Promise<void> {
  const D = REBALANCE_DEMO
  const t0 = hostClock.perf()
  const log = join(out, 'rebalance-market.ndjson')
  const m = await synthMarketLog({ ...D.market, out: log })
  const params = {
    numeraire: m.numeraire,
    assets: m.assets.map((a, i) => ({ token: a.token, pool: a.pool, weightBps: D.weights[i] })),
    bandBps: 300,
    minTrade: String(SYNTH_SCALE),
    slippageBps: 300,
    probe: String(SYNTH_SCALE),
  }
  const bar = progressBar('demo')
  let run: Awaited<ReturnType<typeof runBacktest>>
  try {
    run = await runBacktest(
      {
        strategy: D.strategy,
        log,
        params,
        deposit: D.deposit,
        engine: 'lua',
        market: 'reexecute',
        processes: 'model',
      },
      { onProgress: bar.update },
    )
  } finally {
    bar.stop()
  }
  const json = join(out, 'rebalance.json')
  const html = join(out, 'rebalance.html')
  writeReports(run, { json, html, stream: process.stdout })
  const s = ((hostClock.perf() - t0) / 1000).toFixed(1)
  process.stdout.write(
    `\nReports: ${html}, ${json}; market log ${log} (${run.meta.log.events} logged messages, ${run.counts.messages} evaluated, ${s} s)\n`,
  )
}
