import type { Command } from 'commander'
import { BacktestConfigError } from '../../errors/harness.ts'
import { parseScenario, SCENARIOS } from '../../harness/synth/scenario.ts'
import { synthMarketLog } from '../../harness/synth/synthMarketLog.ts'
import { synthPoolLog } from '../../harness/synth/synthPoolLog.ts'
import { withProgress } from '../output.ts'

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
    .option(
      '--pools <n>',
      'a multi-asset market: n pools (1..8) against one numeraire, in one afk-market-log',
      int('pools'),
    )
    .option(
      '--scenario <name>',
      `market scenario with --pools (${SCENARIOS.join(', ')})`,
      parseScenario,
      'gbm',
    )
    .option(
      '--correlation-bps <n>',
      'correlation of every pair of asset prices with --pools, bps of 1 (-10000..10000)',
      (v: string) => {
        if (!/^-?\d+$/.test(v))
          throw new BacktestConfigError(`--correlation-bps must be an integer, got "${v}"`)
        return Number(v)
      },
      5000,
    )
    .requiredOption('-o, --out <file>', 'output NDJSON file (written atomically)')
    .action(async (o) => {
      if (o.pools !== undefined) {
        const r = await withProgress('synth', 'events', (onProgress) =>
          synthMarketLog({
            seed: o.seed,
            pools: o.pools,
            events: o.events,
            out: o.out,
            scenario: o.scenario,
            correlationBps: o.correlationBps,
            feeBps: o.feeBps,
            volatilityBps: o.volatilityBps,
            meanGapSeconds: o.gap,
            onProgress,
          }),
        )
        process.stdout.write(
          `${o.out}: ${r.events} events, ${r.assets.length} pools against numeraire ${r.numeraire}\n`,
        )
        for (const a of r.assets)
          process.stdout.write(
            `  ${a.ticker} ${a.token} pool ${a.pool}: ${a.events} events (${a.swaps} swaps, ${a.refunds} refunds), final reserves ${a.reserves.asset} / ${a.reserves.numeraire}\n`,
          )
        return
      }
      if (o.scenario !== 'gbm' || o.correlationBps !== 5000)
        throw new BacktestConfigError('--scenario and --correlation-bps need --pools (a multi-asset market)')
      const r = await withProgress('synth', 'events', (onProgress) =>
        synthPoolLog({
          seed: o.seed,
          events: o.events,
          out: o.out,
          feeBps: o.feeBps,
          volatilityBps: o.volatilityBps,
          meanGapSeconds: o.gap,
          onProgress,
        }),
      )
      process.stdout.write(
        `${o.out}: ${r.events} events (${r.swaps} swaps, ${r.refunds} refunds, ${r.liquidityEvents} liquidity) for pool ${r.processId}\n` +
          `  base ${r.base}, quote ${r.quote}, final reserves ${r.reserves.base} / ${r.reserves.quote}\n`,
      )
    })
}
