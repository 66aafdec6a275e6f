import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Command } from 'commander'
import { hostClock } from '../../ao/hostClock.ts'
import { BacktestConfigError } from '../../errors/harness.ts'
import { runBacktest } from '../../harness/backtest.ts'
import { writeReports } from '../../harness/report/writeReports.ts'
import { progressBar } from '../output.ts'
import { runHedgeDemo } from './hedgeDemo.ts'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/** The demo's fixed inputs: the committed sample, the DCA agent, 1 QUOTE per hourly tick with 1 % slippage. */
export const DEMO = {
  strategy: join(ROOT, 'agents/dca.ts'),
  log: join(ROOT, 'samples/botega-demo.ndjson'),
  params: { amount: '1000000000000', slippageBps: 100, quoteTimeoutMs: '60000', swapTimeoutMs: '600000' },
}

/** Demos named in issue 10 whose agents are not built yet: refused with a clear message until they are. */
const PENDING_DEMOS = ['rebalance']

export function register(program: Command): void {
  program
    .command('demo')
    .description(
      'backtest agents/dca.ts on the committed sample log with the Lua engine; writes reports/demo.{html,json}',
    )
    .argument(
      '[agent]',
      'which demo: dca, or hedge (agents/hedge.ts on a synthesized crash; rebalance comes with its agent)',
      'dca',
    )
    .option('-o, --out <dir>', 'report directory', 'reports')
    .action(async (agent: string, o) => {
      if (agent === 'hedge') return runHedgeDemo(ROOT, o.out)
      if (agent !== 'dca')
        throw new BacktestConfigError(
          PENDING_DEMOS.includes(agent)
            ? `The ${agent} demo waits for agents/${agent}.ts, which does not exist yet (issue 10); available: dca, hedge`
            : `Unknown demo "${agent}" (available: dca, hedge)`,
        )
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
