import type { BacktestOptions } from '../../../src/harness/backtest.ts'
import type { BacktestRun } from '../../../src/harness/report/types.ts'
import { makeDcaRun } from '../report/fixtures/dcaRun.ts'

/**
 * Stand-in for runBacktest with the same call shape: a pure function of (params, log) that builds a seeded DCA run.
 * `params.fail` makes it throw, to test error rows.
 */
export async function runBacktest(options: BacktestOptions): Promise<BacktestRun> {
  const p = options.params ?? {}
  if (p.fail === true) throw new RangeError(`cannot run with amount ${p.amount}`)
  return makeDcaRun({
    seed: String(options.log).length,
    hours: Number(p.hours ?? 72),
    amount: BigInt(String(p.amount ?? '1000000000000')),
    slippageBps: BigInt(String(p.slippageBps ?? '50')),
  })
}
