import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { hostClock } from '../src/ao/hostClock.ts'
import { formatSweepJson } from '../src/harness/sweep/formatSweep.ts'
import { parseGrid } from '../src/harness/sweep/parseGrid.ts'
import { prepareSweepLog } from '../src/harness/sweep/prepareSweepLog.ts'
import { runSweep } from '../src/harness/sweep/runSweep.ts'
import { synthPoolLog } from '../src/harness/synth/synthPoolLog.ts'
import { BENCH_RUNS, childCpuSeconds, cpuSeconds, median } from './measure.ts'
import type { BenchResult } from './types.ts'

const round = (x: number) => Math.round(x * 100) / 100

/** CPU of this process and of its ended child processes (the sweep's workers); null when children are not counted */
const allCpu = () => {
  const children = childCpuSeconds()
  return children === null ? null : cpuSeconds() + children
}

/**
 * A 16-point sweep (4 amounts × 4 slippages, TS engine) on a seeded 10,000-event log with 2 worker processes vs 1.
 * Two figures: the wall-time ratio (the speed-up a user sees; only meaningful with 2 idle cores) and the CPU-time
 * ratio, 2 workers ÷ 1 (this process plus its reaped worker processes): the work the second worker adds, which load
 * on the machine does not distort much. Every run's output must be the same bytes whatever the worker count.
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
    const outputs = new Set<string>()
    const sweep = async (workers: number) => {
      const t0 = hostClock.perf()
      const c0 = allCpu()
      const r = await runSweep({
        strategy: 'agents/dca.ts',
        log,
        grid,
        rankBy: 'sharpe',
        workers,
        backtest: { engine: 'ts' },
      })
      outputs.add(formatSweepJson(r))
      // the pool has closed: its workers have exited and been reaped, so their CPU is counted
      const c1 = allCpu()
      return { wall: hostClock.perf() - t0, cpu: c0 === null || c1 === null ? Number.NaN : c1 - c0 }
    }
    // the log's record cache is built once here, so that no timed run pays for it
    await prepareSweepLog(log)
    const wall: number[] = []
    const cpu: number[] = []
    const load: number[] = []
    for (let i = 0; i < BENCH_RUNS; i++) {
      // alternate which goes first, so a change of load in between favours neither
      const first = await sweep(i % 2 ? 2 : 1)
      const second = await sweep(i % 2 ? 1 : 2)
      const [one, two] = i % 2 ? [second, first] : [first, second]
      wall.push(one.wall / two.wall)
      cpu.push(two.cpu / one.cpu)
      load.push(loadavg()[0])
    }
    const cpuKnown = cpu.every(Number.isFinite)
    const same = outputs.size === 1
    const ceiling = await machineCeiling(log)
    const diff = same ? '' : '; OUTPUT DIFFERS between runs'
    const loadNote = `load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} on ${cpus().length} cores`
    return [
      {
        name: 'ceiling: 2 independent backtest processes vs 1',
        unit: '×',
        median: round(median(ceiling)),
        min: round(Math.min(...ceiling)),
        note: `the same backtests in two separate node processes at once vs one after the other, start-up excluded: what this machine gives two busy processes of this workload (${ceiling.length} runs)`,
      },
      {
        key: 'sweepSpeedup',
        name: '16-point sweep, 2 workers vs 1',
        unit: '×',
        median: round(median(wall)),
        min: round(Math.min(...wall)),
        target: '≥ 1.8',
        ok: median(wall) >= 1.8 && same,
        note: `wall-time ratio (needs 2 idle cores; ${loadNote})${diff}`,
      },
      cpuKnown
        ? {
            key: 'sweepCpuRatio',
            name: 'the same sweep, CPU of 2 workers ÷ CPU of 1',
            unit: 'ratio',
            median: round(median(cpu)),
            min: round(Math.max(...cpu)),
            target: '≤ 1.1',
            ok: median(cpu) <= 1.1 && same,
            note: `work the second worker adds (start-up, its own JIT and GC), workers' CPU included; 1.0 = none${diff}`,
          }
        : {
            key: 'sweepCpuRatio',
            name: 'the same sweep, CPU of 2 workers ÷ CPU of 1',
            unit: 'ratio',
            median: null,
            reason: 'the CPU of ended child processes is read from /proc/self/stat (Linux only)',
          },
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const execFileP = promisify(execFile)
const LOOP = join(import.meta.dirname, 'backtestLoop.ts')

/** Wall ms of one child's loop of `runs` backtests (its start-up and warm-up run not counted). */
async function loop(log: string, runs: number): Promise<number> {
  const { stdout } = await execFileP(
    process.execPath,
    ['--conditions=afk-source', '--import', 'tsx', LOOP, log, String(runs)],
    { encoding: 'utf8' },
  )
  return Number(stdout.trim())
}

/**
 * The parallel ceiling of this machine for the sweep's work: two processes each running 4 backtests of the sweep's
 * log, one after the other and then side by side; the ratio of the summed sequential loop times to the longer
 * parallel one. 2.0 would be two cores that do not slow each other; the sweep cannot beat this figure.
 */
async function machineCeiling(log: string): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < BENCH_RUNS; i++) {
    const a = await loop(log, 4)
    const b = await loop(log, 4)
    const [x, y] = await Promise.all([loop(log, 4), loop(log, 4)])
    out.push((a + b) / Math.max(x, y))
  }
  return out
}
