import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runBacktest } from '../../../src/harness/backtest.ts'
import { evaluateTask } from '../../../src/harness/sweep/evaluateTask.ts'
import { parseGrid } from '../../../src/harness/sweep/parseGrid.ts'
import { summarize } from '../../../src/harness/sweep/rankMetrics.ts'
import { runSweep } from '../../../src/harness/sweep/runSweep.ts'
import { synthPoolLog } from '../../../src/harness/synth/synthPoolLog.ts'

describe('sweep end to end on the real runBacktest', () => {
  const log = join(mkdtempSync(join(tmpdir(), 'afk-sweep-e2e-')), 'pool.jsonl')
  beforeAll(async () => {
    await synthPoolLog({ seed: 'sweep-e2e', events: 480, out: log })
  })

  it('runs agents/dca.ts over a grid in worker processes and ranks by Sharpe with walk-forward', async () => {
    const options = {
      strategy: 'agents/dca.ts',
      log,
      grid: parseGrid(['amount=500000000000,2000000000000', 'slippageBps=10,300']),
      rankBy: 'sharpe',
      walkForward: 0.6,
      backtest: { engine: 'ts' },
      workers: 2,
    }
    const result = await runSweep(options)
    expect(result.rows.map((r) => r.error)).toEqual([undefined, undefined, undefined, undefined])
    expect(result.rows.map((r) => r.rank)).toEqual([1, 2, 3, 4])
    for (const row of result.rows) {
      expect(typeof row.params.amount).toBe('string')
      expect(row.metrics?.fills).toMatch(/^[1-9]\d*$/)
      expect(row.test?.twr).toMatch(/^-?\d+\.\d{8}$/)
    }
    // the worker's numbers are the ones a direct in-process backtest gives (params coerced to the schema: bps → number)
    const top = result.rows[0]
    const direct = await evaluateTask(
      {
        index: 0,
        backtest: {
          engine: 'ts',
          strategy: options.strategy,
          log,
          params: { ...top.params, slippageBps: Number(top.params.slippageBps) },
        },
        walkForward: 0.6,
      },
      runBacktest,
    )
    expect(summarize(direct.metrics)).toEqual(top.metrics)
    expect(summarize(direct.train as NonNullable<typeof direct.train>)).toEqual(top.train)
  })
})
