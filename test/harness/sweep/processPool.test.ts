import { describe, expect, it } from 'vitest'
import { createProcessPool, deathCause, workerExecArgv } from '../../../src/harness/sweep/processPool.ts'
import { WorkerExitError, WorkerStartupError } from '../../../src/harness/sweep/workerPool.ts'

const runner = { module: new URL('./exitRunner.ts', import.meta.url).href, export: 'runBacktest' }
const task = (params: Record<string, unknown>, index = 0) => ({ index, backtest: { log: 'x', params } })

describe('process pool', () => {
  it('a worker process that dies mid-task fails that task with a clear error; a new one runs the next', async () => {
    const pool = createProcessPool(1, runner)
    try {
      const err = await pool.run(task({ exit: 3 })).catch((e) => e)
      expect(err).toBeInstanceOf(WorkerExitError)
      expect(err.message).toBe('worker process exited with code 3 while running the task')
      await expect(pool.run(task({}))).resolves.toHaveProperty('metrics')
      expect(pool.live).toBe(1)
      // killed while busy, as the OOM killer or `kill -9` would
      await expect(pool.run(task({ kill: 'SIGKILL' }))).rejects.toThrow(
        'worker process was killed by SIGKILL while running the task',
      )
      await expect(pool.run(task({}))).resolves.toHaveProperty('metrics')
    } finally {
      await pool.close()
    }
    expect(pool.live).toBe(0)
  })

  it('a worker process that cannot start names its error; the pool gives up after the cap', async () => {
    const pool = createProcessPool(1, runner, {
      entry: new URL('./badWorkerEntry.mjs', import.meta.url),
      maxStartupFailures: 2,
    })
    try {
      const errs = await Promise.allSettled([pool.run(task({})), pool.run(task({}, 1))])
      for (const r of errs) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(WorkerStartupError)
      await expect(pool.run(task({}))).rejects.toThrow(
        'sweep worker processes failed to start 2 times in a row: Error: boom while starting',
      )
    } finally {
      await pool.close()
    }
  })

  it('workers get memory64 and afk-source but not the parent-only heap flags', () => {
    expect(
      workerExecArgv(['--max-semi-space-size=4', '--heap-growing-percent', '50', '--import', 'tsx']),
    ).toEqual(['--import', 'tsx', '--experimental-wasm-memory64', '--conditions=afk-source'])
    expect(
      deathCause('file:///x.mjs:2\nthrow new Error("a")\n^\n\nRangeError: too far\n    at x\n\nNode.js v20\n')
        ?.message,
    ).toBe('RangeError: too far')
  })
})
