import type { Command } from 'commander'
import { BacktestConfigError } from '../../errors/harness.ts'
import { synthPoolLog } from '../../harness/synth/synthPoolLog.ts'
import { progressBar } from '../progressBar.ts'

const int = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new BacktestConfigError(`--${name} must be a non-negative integer, got "${v}"`)
  return Number(v)
}

export function register(program: Command): void {
  program
    .command('synth')
    .description(
      'Write a synthetic Botega pool log (seeded GBM fair price, arbitrage and noise traders, refunds) in afk NDJSON',
    )
    .requiredOption('--seed <n>', 'PRNG seed')
    .requiredOption('--events <n>', 'number of messages after the spawn item', int('events'))
    .option('--fee-bps <n>', 'pool fee in basis points', int('fee-bps'), 25)
    .option('--volatility-bps <n>', 'per-event volatility of the fair price (bps)', int('volatility-bps'), 40)
    .option('--gap <seconds>', 'mean seconds between events', int('gap'), 60)
    .requiredOption('-o, --out <file>', 'output NDJSON file')
    .action(async (o) => {
      const bar = progressBar('synth')
      const r = await synthPoolLog({
        onProgress: bar.update,
        seed: o.seed,
        events: o.events,
        out: o.out,
        feeBps: o.feeBps,
        volatilityBps: o.volatilityBps,
        meanGapSeconds: o.gap,
      }).finally(() => bar.stop())
      process.stdout.write(
        `${o.out}: ${r.events} events (${r.swaps} swaps, ${r.refunds} refunds, ${r.liquidityEvents} liquidity) for pool ${r.processId}\n` +
          `  base ${r.base}, quote ${r.quote}, final reserves ${r.reserves.base} / ${r.reserves.quote}\n`,
      )
    })
}
