import { InvalidBacktestRunError } from '../../errors/metrics.ts'
import type { BacktestHooks, BacktestOptions } from '../backtest.ts'
import { computeMetrics } from '../metrics/computeMetrics.ts'
import { sliceRun, walkForwardSplit } from '../metrics/sliceRun.ts'
import type { BacktestMetrics } from '../metrics/types.ts'
import type { BacktestRun } from '../report/types.ts'

/** One parameter set of a sweep, as sent to a worker (structured-clone safe). */
export interface SweepTask {
  index: number
  /** options handed to `runBacktest` (strategy, log, params, engine, market, ...) */
  backtest: Record<string, unknown>
  /** train fraction of the log's time range for walk-forward, e.g. 0.7 */
  walkForward?: number
}

export interface SweepTaskResult {
  metrics: BacktestMetrics
  train?: BacktestMetrics
  test?: BacktestMetrics
  split?: { train: [number, number]; test: [number, number] }
}

/** `runBacktest` or a stand-in with its call shape (stand-ins may ignore the hooks). */
export type RunBacktestFn = (options: BacktestOptions, hooks?: BacktestHooks) => Promise<BacktestRun>

/**
 * Runs one backtest and measures it: the whole window, plus train/test windows when walking forward. The replay
 * is continuous (state carries over the split); only the measurement is split.
 */
export async function evaluateTask(
  task: SweepTask,
  runBacktest: RunBacktestFn,
  /** logged messages replayed so far (every few hundred) */
  onProgress?: (done: number) => void,
): Promise<SweepTaskResult> {
  const run = await runBacktest(
    task.backtest as unknown as BacktestOptions,
    onProgress ? { onProgress: (done) => onProgress(done) } : undefined,
  )
  const metrics = computeMetrics(run)
  if (task.walkForward === undefined) return { metrics }
  const split = walkForwardSplit(run.meta.start, run.meta.end, task.walkForward)
  const measure = (name: string, [from, to]: [number, number]) => {
    const part = sliceRun(run, from, to)
    if (part.samples.length < 2) {
      throw new InvalidBacktestRunError(`walk-forward ${name} window has fewer than 2 equity samples`, {
        path: `${name} [${new Date(from).toISOString()}, ${new Date(to).toISOString()}]`,
        hint: 'use a longer log or move --walk-forward away from 0/1',
      })
    }
    return computeMetrics(part)
  }
  return { metrics, train: measure('train', split.train), test: measure('test', split.test), split }
}
