import type { BacktestOptions } from '../../../src/harness/backtest.ts'
import type { BacktestRun } from '../../../src/harness/report/types.ts'
import { runBacktest as fake } from './fakeBacktest.ts'

/**
 * Like fakeBacktest, but `params.exit` ends the worker with process.exit, `params.kill` sends the worker that signal
 * (a worker process dies of it), and `params.hang` never returns.
 */
export async function runBacktest(options: BacktestOptions): Promise<BacktestRun> {
  const p = options.params ?? {}
  if (p.exit !== undefined) process.exit(Number(p.exit))
  if (p.kill !== undefined) process.kill(process.pid, String(p.kill))
  if (p.hang) await new Promise(() => {})
  return fake(options)
}
