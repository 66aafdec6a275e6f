import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hostClock } from '../src/ao/hostClock.ts'
import { parseGrid } from '../src/harness/sweep/parseGrid.ts'
import { runSweep } from '../src/harness/sweep/runSweep.ts'
import { synthPoolLog } from '../src/harness/synth/synthPoolLog.ts'
import { BENCH_RUNS, median } from './measure.ts'
import type { BenchResult } from './types.ts'

/**
 * A 16-point sweep (4 amounts × 4 slippages, TS engine) on a seeded 10,000-event log with 2 worker threads vs 1.
 * A speed-up is a wall-time ratio by nature: it is only meaningful on an otherwise idle machine with ≥ 2 cores.
 */
export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'afk-bench-sweep-'))
  try {
    const log = join(dir, 'pool.ndjson')
    await synthPoolLog({ seed: 11, events: 10_000, out: log })
    const grid = parseGrid([
      'amount=1000000000,2000000000,3000000000,4000000000',
      'slippageBps=50,100,150,200',
    ])
    const sweep = async (workers: number) => {
      const t0 = hostClock.perf()
      await runSweep({
        strategy: 'agents/dca.ts',
        log,
        grid,
        rankBy: 'sharpe',
        workers,
        backtest: { engine: 'ts' },
      })
      return hostClock.perf() - t0
    }
    const ratios: number[] = []
    for (let i = 0; i < BENCH_RUNS; i++) ratios.push((await sweep(1)) / (await sweep(2)))
    return [
      {
        key: 'sweepSpeedup',
        name: '16-point sweep, 2 workers vs 1',
        unit: '×',
        median: Math.round(median(ratios) * 100) / 100,
        min: Math.round(Math.min(...ratios) * 100) / 100,
        target: '≥ 1.8',
        ok: median(ratios) >= 1.8,
        note: 'wall-time ratio (needs 2 idle cores)',
      },
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
