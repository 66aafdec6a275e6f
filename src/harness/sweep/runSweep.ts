import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { SweepOptionError } from '../../errors/sweep.ts'
import { stableStringify } from '../report/stableJson.ts'
import { coerceParams, loadParamsSchema, type ParamsSchemaLike } from './coerceParams.ts'
import type { SweepTask, SweepTaskResult } from './evaluateTask.ts'
import { expandGrid, type GridAxis, type GridValue } from './parseGrid.ts'
import { type PreparedSweepLog, prepareSweepLog } from './prepareSweepLog.ts'
import { createProcessPool } from './processPool.ts'
import {
  assertRankMetric,
  compareScores,
  RANK_METRICS,
  type RankMetricName,
  summarize,
} from './rankMetrics.ts'
import { runPool } from './runPool.ts'
import type { RunnerRef } from './sweepWorker.ts'
import { createThreadPool } from './threadPool.ts'
import { DEFAULT_RUNNER, type WorkerKind } from './workerPool.ts'

export interface SweepOptions {
  /** strategy file, passed to runBacktest as `strategy` */
  strategy: string
  /** recorded log, passed to runBacktest as `log` */
  log: string
  grid: GridAxis[]
  rankBy: string
  /** train fraction in (0, 1): rank on the train window, report train and test */
  walkForward?: number
  /** fixed params under the grid values */
  params?: Record<string, unknown>
  /** further runBacktest options (engine, market, ...) */
  backtest?: Record<string, unknown>
  /** workers (child processes); default: all cores */
  workers?: number
}

export interface SweepDeps {
  /** evaluates one task; default: a pool of worker processes running the real runBacktest */
  runTask?: (task: SweepTask) => Promise<SweepTaskResult>
  /** module/export the workers load runBacktest from (default src/harness/backtest.ts#runBacktest) */
  runner?: RunnerRef
  /**
   * what the workers run in: child processes (default; two of them scale near 2× on 2 cores) or threads of this
   * process (they share its GC: ~1.3× on 2 cores)
   */
  pool?: WorkerKind
  /** runs finished (successfully or not) of all runs */
  onProgress?: (done: number, total: number) => void
  /**
   * logged messages replayed, summed over all runs, every few hundred; only with the real runner, whose log the
   * sweep reads once itself (a custom runner's work is not known in events)
   */
  onEvents?: (done: number, total: number) => void
  /** params schema for coercing grid text (default: read from the strategy module; null: no coercion) */
  schema?: ParamsSchemaLike | null
}

type Summary = Record<RankMetricName, string | null>

export interface SweepRow {
  rank: number
  params: Record<string, GridValue>
  /** the ranking metric (on the train window when walking forward) */
  score: string | null
  metrics: Summary | null
  train?: Summary
  test?: Summary
  error?: string
}

export interface SweepResult {
  schema: 'afk.sweep/1'
  strategy: string
  log: string
  rankBy: RankMetricName
  walkForward: number | null
  split: SweepTaskResult['split'] | null
  grid: GridAxis[]
  workers: number
  rows: SweepRow[]
}

function validate(options: SweepOptions): asserts options is SweepOptions & { rankBy: RankMetricName } {
  assertRankMetric(options.rankBy)
  const wf = options.walkForward
  if (wf !== undefined && !(wf > 0 && wf < 1))
    throw new SweepOptionError(
      '--walk-forward',
      `${wf} is not a fraction between 0 and 1`,
      'e.g. --walk-forward 0.7 trains on the first 70% of the log',
    )
  if (options.workers !== undefined && !(Number.isInteger(options.workers) && options.workers > 0))
    throw new SweepOptionError('--workers', `${options.workers} is not a positive integer`)
  if (options.grid.length === 0)
    throw new SweepOptionError('--grid', 'no grid given', 'add at least one --grid <param>=<v1>,<v2>')
}

/**
 * Runs every parameter set of the grid through `runBacktest` (worker processes across all cores by default) and ranks
 * them by one metric. Deterministic: rows are sorted by score, then by the parameter set, never by finish order.
 */
export async function runSweep(options: SweepOptions, deps: SweepDeps = {}): Promise<SweepResult> {
  validate(options)
  const sets = expandGrid(options.grid)
  const workers = Math.min(options.workers ?? availableParallelism(), sets.length)
  // The workers start first: they load the harness and the strategy while this thread reads the log.
  const create = deps.pool === 'thread' ? createThreadPool : createProcessPool
  const pool = deps.runTask
    ? null
    : create(workers, deps.runner ?? DEFAULT_RUNNER, {
        warm: [pathToFileURL(resolve(options.strategy)).href],
      })
  let settled: PromiseSettledResult<SweepTaskResult>[]
  try {
    const schema =
      deps.schema === undefined ? await loadParamsSchema(options.strategy) : (deps.schema ?? undefined)
    // The real runner's log is parsed, validated and scanned once here; every point then reads the pre-parsed records.
    const maxEvents = options.backtest?.maxEvents as number | undefined
    const prepared: PreparedSweepLog | undefined =
      pool && !deps.runner ? await prepareSweepLog(options.log, { maxEvents }) : undefined
    const tasks: SweepTask[] = sets.map((params, index) => ({
      index,
      backtest: {
        ...options.backtest,
        ...(prepared?.recordCache ? { recordCache: true } : {}),
        strategy: options.strategy,
        log: options.log,
        params: { ...coerceParams(options.params ?? {}, schema), ...coerceParams(params, schema) },
      },
      walkForward: options.walkForward,
    }))
    const events =
      prepared && deps.onEvents ? eventProgress(tasks.length, prepared.events, deps.onEvents) : undefined
    const runTask =
      deps.runTask ??
      ((t: SweepTask) => {
        const p = (pool as NonNullable<typeof pool>).run(t, events && ((d) => events.advance(t.index, d)))
        return events ? p.finally(() => events.finish(t.index)) : p
      })
    settled = await runPool(tasks, workers, runTask, deps.onProgress)
  } finally {
    await pool?.close()
  }
  const metric = RANK_METRICS[options.rankBy]
  const keyed = settled.map((s, i) => {
    const params = sets[i]
    const key = stableStringify(params)
    if (s.status === 'rejected') {
      const e = s.reason as Error
      return {
        key,
        row: {
          rank: 0,
          params,
          score: null,
          metrics: null,
          error: `${e?.name ?? 'Error'}: ${e?.message ?? String(s.reason)}`,
        } as SweepRow,
        split: null,
      }
    }
    const r = s.value
    const row: SweepRow = {
      rank: 0,
      params,
      score: metric.get(r.train ?? r.metrics),
      metrics: summarize(r.metrics),
    }
    if (r.train && r.test) {
      row.train = summarize(r.train)
      row.test = summarize(r.test)
    }
    return { key, row, split: r.split ?? null }
  })
  keyed.sort((a, b) =>
    compareScores(
      options.rankBy as RankMetricName,
      { score: a.row.score, key: a.key },
      { score: b.row.score, key: b.key },
    ),
  )
  keyed.forEach((k, i) => {
    k.row.rank = i + 1
  })
  return {
    schema: 'afk.sweep/1',
    strategy: options.strategy,
    log: options.log,
    rankBy: options.rankBy,
    walkForward: options.walkForward ?? null,
    split: keyed.find((k) => k.split)?.split ?? null,
    grid: options.grid,
    workers,
    rows: keyed.map((k) => k.row),
  }
}

/** Sums the replayed messages of all runs for a progress bar; a finished (or failed) run counts in full. */
function eventProgress(runs: number, perRun: number, report: (done: number, total: number) => void) {
  const seen = new Array<number>(runs).fill(0)
  const total = runs * perRun
  let done = 0
  const advance = (index: number, n: number) => {
    const v = Math.min(n, perRun)
    if (v <= seen[index]) return
    done += v - seen[index]
    seen[index] = v
    report(done, total)
  }
  return { advance, finish: (index: number) => advance(index, perRun) }
}
