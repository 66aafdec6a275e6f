import { Worker } from 'node:worker_threads'
import type { SweepTask, SweepTaskResult } from './evaluateTask.ts'
import type { RunnerRef, WorkerRequest, WorkerResponse, WorkerWarmup } from './sweepWorker.ts'

/** The real harness entry: `runBacktest` from src/harness/backtest.ts. */
export const DEFAULT_RUNNER: RunnerRef = {
  // `.ts` from the sources, `.js` in the built package
  module: new URL(`../backtest${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href,
  export: 'runBacktest',
}

/** Error re-created on the main thread from a worker's failure (keeps the original name and message). */
export class WorkerTaskError extends Error {
  constructor(name: string, message: string) {
    super(message)
    this.name = name
  }
}

/** A worker thread ended (process.exit, crash, terminate) while running a task. */
export class WorkerExitError extends Error {
  override name = 'WorkerExitError'
  constructor(
    readonly code: number,
    cause?: unknown,
  ) {
    super(
      `worker thread exited with code ${code} while running the task${cause instanceof Error ? `: ${cause.message}` : ''}`,
    )
  }
}

/** Workers kept dying before they were ready: the pool gave up instead of respawning forever. */
export class WorkerStartupError extends Error {
  override name = 'WorkerStartupError'
  constructor(
    readonly failures: number,
    cause?: unknown,
  ) {
    super(
      `sweep worker threads failed to start ${failures} times in a row${cause instanceof Error ? `: ${cause.message}` : ''}`,
    )
  }
}

/** The pool was closed while the task waited or ran. */
export class PoolClosedError extends Error {
  override name = 'PoolClosedError'
  constructor() {
    super('the sweep thread pool was closed')
  }
}

export interface ThreadPool {
  /** `onProgress` gets the task's replayed messages so far, every few hundred */
  run(task: SweepTask, onProgress?: (done: number) => void): Promise<SweepTaskResult>
  /** terminates every worker (busy ones too); tasks still waiting or running reject with PoolClosedError */
  close(): Promise<void>
  readonly size: number
  /** worker threads currently alive (starting, idle or busy) */
  readonly live: number
}

export interface ThreadPoolOptions {
  /** worker entry module (default ./workerEntry.mjs; tests use a failing one) */
  entry?: URL
  /** consecutive workers that may die before becoming ready before the pool fails every task (default 3) */
  maxStartupFailures?: number
  /** module URLs (the strategy) each worker imports as soon as it starts, with the runner */
  warm?: string[]
}

interface Slot {
  worker: Worker
  /** the worker loaded its code and said so (`{ ready: true }`) */
  ready: boolean
  /** the last 'error' event, reported when the worker then exits */
  error?: unknown
  pending: {
    id: number
    resolve: (r: SweepTaskResult) => void
    reject: (e: unknown) => void
    onProgress?: (done: number) => void
  } | null
}

interface Waiter {
  resolve: (slot: Slot) => void
  reject: (e: unknown) => void
}

/**
 * A fixed set of worker threads, each running one backtest at a time. Workers load TypeScript through tsx
 * (workerEntry.mjs) and enable wasm memory64 themselves: V8 flags are not accepted in a worker's execArgv.
 *
 * A worker that ends for any reason ('exit', with or without a preceding 'error') fails its task and is replaced.
 * Workers that die before they are ready count as startup failures; after `maxStartupFailures` in a row the pool
 * stops respawning and rejects every waiting and future task with `WorkerStartupError`.
 */
export function createThreadPool(
  size: number,
  runner: RunnerRef = DEFAULT_RUNNER,
  options: ThreadPoolOptions = {},
): ThreadPool {
  const entry = options.entry ?? new URL('./workerEntry.mjs', import.meta.url)
  const maxStartupFailures = options.maxStartupFailures ?? 3
  const all = new Set<Slot>()
  const idle: Slot[] = []
  const waiting: Waiter[] = []
  let nextId = 0
  let startupFailures = 0
  let broken: Error | null = null
  let closed = false

  const fail = (e: Error) => {
    for (const w of waiting.splice(0)) w.reject(e)
  }
  const release = (slot: Slot) => {
    slot.pending = null
    if (!all.has(slot)) return
    const w = waiting.shift()
    if (w) w.resolve(slot)
    else idle.push(slot)
  }
  const spawn = (): Slot => {
    const slot: Slot = { worker: new Worker(entry), ready: false, pending: null }
    all.add(slot)
    slot.worker.postMessage({ warm: { runner, modules: options.warm ?? [] } } satisfies WorkerWarmup)
    slot.worker.on('message', (res: WorkerResponse | { ready: true }) => {
      if ('ready' in res) {
        slot.ready = true
        startupFailures = 0
        return
      }
      const p = slot.pending
      if (!p || p.id !== res.id) return
      if ('progress' in res) {
        p.onProgress?.(res.progress)
        return
      }
      release(slot)
      if (res.ok) p.resolve(res.result)
      else p.reject(new WorkerTaskError(res.error.name, res.error.message))
    })
    slot.worker.on('error', (err) => {
      // always followed by 'exit', which fails the task and replaces the worker
      slot.error = err
    })
    slot.worker.on('exit', (code) => {
      all.delete(slot)
      const at = idle.indexOf(slot)
      if (at !== -1) idle.splice(at, 1)
      const p = slot.pending
      slot.pending = null
      if (closed || broken) {
        p?.reject(broken ?? new PoolClosedError())
        return
      }
      if (!slot.ready) {
        startupFailures++
        if (startupFailures >= maxStartupFailures) {
          broken = new WorkerStartupError(startupFailures, slot.error)
          p?.reject(broken)
          fail(broken)
          return
        }
      }
      p?.reject(
        slot.ready
          ? new WorkerExitError(code, slot.error)
          : new WorkerStartupError(startupFailures, slot.error),
      )
      release(spawn())
    })
    return slot
  }
  for (let i = 0; i < size; i++) idle.push(spawn())
  const acquire = () =>
    new Promise<Slot>((resolve, reject) => {
      if (closed) return reject(new PoolClosedError())
      if (broken) return reject(broken)
      const slot = idle.pop()
      if (slot) resolve(slot)
      else waiting.push({ resolve, reject })
    })
  return {
    size,
    get live() {
      return all.size
    },
    async run(task, onProgress) {
      const slot = await acquire()
      return new Promise<SweepTaskResult>((resolve, reject) => {
        const id = nextId++
        slot.pending = { id, resolve, reject, onProgress }
        slot.worker.postMessage({ id, task, runner } satisfies WorkerRequest)
      })
    },
    async close() {
      closed = true
      fail(new PoolClosedError())
      idle.length = 0
      await Promise.all([...all].map((s) => s.worker.terminate()))
    },
  }
}
