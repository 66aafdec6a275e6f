import type { Command } from 'commander'
import { BacktestConfigError } from '../../errors/harness.ts'
import { synthPoolLog } from '../../harness/synth/synthPoolLog.ts'
import { progressBar } from '../output.ts'

const int = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new BacktestConfigError(`--${name} must be a non-negative integer, got "${v}"`)
  return Number(v)
}

export function register(program: Command): void {
  program
    .command('synth')
    .description(
      'write a synthetic Botega pool log (seeded GBM fair price, arbitrage and noise traders, refunds) in afk NDJSON',
    )
    .requiredOption('--seed <n>', 'PRNG seed')
    .requiredOption('--events <n>', 'number of messages after the spawn item', int('events'))
    .option('--fee-bps <n>', 'pool fee in basis points (0..9999)', int('fee-bps'), 25)
    .option('--volatility-bps <n>', 'per-event volatility of the fair price (bps)', int('volatility-bps'), 40)
    .option('--gap <seconds>', 'mean seconds between events', int('gap'), 60)
    .requiredOption('-o, --out <file>', 'output NDJSON file (written atomically)')
    .action(async (o) => {
      const bar = progressBar('synth')
      let r: Awaited<ReturnType<typeof synthPoolLog>>
      try {
        r = await synthPoolLog({
          seed: o.seed,
          events: o.events,
          out: o.out,
          feeBps: o.feeBps,
          volatilityBps: o.volatilityBps,
          meanGapSeconds: o.gap,
          onProgress: bar.update,
        })
      } finally {
        bar.stop()
      }
      process.stdout.write(
        `${o.out}: ${r.events} events (${r.swaps} swaps, ${r.refunds} refunds, ${r.liquidityEvents} liquidity) for pool ${r.processId}\n` +
          `  base ${r.base}, quote ${r.quote}, final reserves ${r.reserves.base} / ${r.reserves.quote}\n`,
      )
    })
}
