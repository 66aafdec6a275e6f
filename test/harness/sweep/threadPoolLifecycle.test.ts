import { describe, expect, it } from 'vitest'
import {
  createThreadPool,
  PoolClosedError,
  WorkerExitError,
  WorkerStartupError,
} from '../../../src/harness/sweep/threadPool.ts'

const runner = { module: new URL('./exitRunner.ts', import.meta.url).href, export: 'runBacktest' }
const task = (params: Record<string, unknown>, index = 0) => ({ index, backtest: { log: 'x', params } })

describe('thread pool lifecycle', () => {
  it('a worker that calls process.exit fails its task and is replaced; the pool keeps working', async () => {
    const pool = createThreadPool(1, runner)
    try {
      const err = await pool.run(task({ exit: 3 })).catch((e) => e)
      expect(err).toBeInstanceOf(WorkerExitError)
      expect(err.message).toMatch(/exited with code 3/)
      const ok = await pool.run(task({}))
      expect(ok.metrics).toBeDefined()
      expect(pool.live).toBe(1)
      // several exits in a row after the workers were ready are task failures, not startup failures
      for (let i = 0; i < 4; i++) await expect(pool.run(task({ exit: 1 }))).rejects.toThrow(WorkerExitError)
      await expect(pool.run(task({}))).resolves.toHaveProperty('metrics')
    } finally {
      await pool.close()
    }
    expect(pool.live).toBe(0)
  })

  it('stops respawning after repeated startup failures and fails waiting and later tasks', async () => {
    const pool = createThreadPool(2, runner, {
      entry: new URL('./badWorkerEntry.mjs', import.meta.url),
      maxStartupFailures: 3,
    })
    try {
      const results = await Promise.allSettled([
        pool.run(task({})),
        pool.run(task({}, 1)),
        pool.run(task({}, 2)),
      ])
      for (const r of results) {
        expect(r.status).toBe('rejected')
        expect((r as PromiseRejectedResult).reason).toBeInstanceOf(WorkerStartupError)
      }
      await expect(pool.run(task({}))).rejects.toThrow(
        /failed to start 3 times in a row: boom while starting/,
      )
      await new Promise((r) => setTimeout(r, 200))
      expect(pool.live).toBe(0)
    } finally {
      await pool.close()
    }
  })

  it('close() terminates busy workers too; their tasks and queued ones reject', async () => {
    const pool = createThreadPool(2, runner)
    const all = Promise.allSettled([
      pool.run(task({ hang: true })),
      pool.run(task({ hang: true }, 1)),
      pool.run(task({}, 2)),
    ])
    await new Promise((r) => setTimeout(r, 1500))
    expect(pool.live).toBe(2)
    await pool.close()
    expect(pool.live).toBe(0)
    for (const r of await all) {
      expect(r.status).toBe('rejected')
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(PoolClosedError)
    }
    await expect(pool.run(task({}))).rejects.toThrow(PoolClosedError)
  })
})
