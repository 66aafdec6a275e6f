import { describe, expect, it } from 'vitest'
import { evaluateTask } from '../../../src/harness/sweep/evaluateTask.ts'
import { parseGrid } from '../../../src/harness/sweep/parseGrid.ts'
import { runSweep, type SweepOptions } from '../../../src/harness/sweep/runSweep.ts'
import { createThreadPool } from '../../../src/harness/sweep/threadPool.ts'
import { runBacktest } from './fakeBacktest.ts'

const runner = { module: new URL('./fakeBacktest.ts', import.meta.url).href, export: 'runBacktest' }

describe('sweep on worker processes and threads', () => {
  const options: SweepOptions = {
    strategy: 'agents/dca.ts',
    log: 'fixtures/dca.jsonl',
    grid: parseGrid(['amount=500000000000,2000000000000', 'slippageBps=20,100', 'fail=false,true']),
    rankBy: 'sortino',
    walkForward: 0.5,
    workers: 2,
  }

  it('runs .ts backtests in worker processes and matches the in-process result', async () => {
    const progress: number[] = []
    const threaded = await runSweep(options, { runner, schema: null, onProgress: (d) => progress.push(d) })
    const inline = await runSweep(options, { runTask: (t) => evaluateTask(t, runBacktest), schema: null })
    expect(threaded).toEqual(inline)
    // the worker_threads pool runs the same protocol
    expect(await runSweep(options, { runner, schema: null, pool: 'thread' })).toEqual(inline)
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    // failures cross the thread boundary with their name and message
    expect(threaded.rows.filter((r) => r.error).map((r) => r.error)).toEqual([
      'RangeError: cannot run with amount 2000000000000',
      'RangeError: cannot run with amount 2000000000000',
      'RangeError: cannot run with amount 500000000000',
      'RangeError: cannot run with amount 500000000000',
    ])
  })

  it('reports a runner module without the export', async () => {
    const pool = createThreadPool(1, { module: runner.module, export: 'nope' })
    try {
      await expect(pool.run({ index: 0, backtest: { params: {} } })).rejects.toThrow(
        /has no exported function nope/,
      )
    } finally {
      await pool.close()
    }
  })
})
