import type { SweepTask, SweepTaskResult } from './evaluateTask.ts'
import type { RunnerRef, WorkerRequest, WorkerResponse, WorkerWarmup } from './sweepWorker.ts'

/** The real harness entry: `runBacktest` from src/harness/backtest.ts. */
export const DEFAULT_RUNNER: RunnerRef = {
  // `.ts` from the sources, `.js` in the built package
  module: new URL(`../backtest${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href,
  export: 'runBacktest',
}

/** What a sweep worker runs in: a thread of this process or a child process of its own. */
export type WorkerKind = 'thread' | 'process'

/** Error re-created in the parent from a worker's failure (keeps the original name and message). */
export class WorkerTaskError extends Error {
  constructor(name: string, message: string) {
    super(message)
    this.name = name
  }
}

/** A worker ended (process.exit, crash, kill, terminate) while running a task. */
export class WorkerExitError extends Error {
  override name = 'WorkerExitError'
  constructor(
    readonly code: number,
    cause?: unknown,
    kind: WorkerKind = 'thread',
    signal?: string,
  ) {
    super(
      `worker ${kind} ${signal ? `was killed by ${signal}` : `exited with code ${code}`} while running the task${cause instanceof Error ? `: ${cause.message}` : ''}`,
    )
  }
}

/** Workers kept dying before they were ready: the pool gave up instead of respawning forever. */
export class WorkerStartupError extends Error {
  override name = 'WorkerStartupError'
  constructor(
    readonly failures: number,
    cause?: unknown,
    kind: WorkerKind = 'thread',
  ) {
    super(
      `sweep worker ${kind === 'thread' ? 'threads' : 'processes'} failed to start ${failures} times in a row${cause instanceof Error ? `: ${cause.message}` : ''}`,
    )
  }
}

/** The pool was closed while the task waited or ran. */
export class PoolClosedError extends Error {
  override name = 'PoolClosedError'
  constructor() {
    super('the sweep worker pool was closed')
  }
}

export interface WorkerPool {
  /** `onProgress` gets the task's replayed messages so far, every few hundred */
  run(task: SweepTask, onProgress?: (done: number) => void): Promise<SweepTaskResult>
  /** ends every worker (busy ones too); tasks still waiting or running reject with PoolClosedError */
  close(): Promise<void>
  readonly size: number
  /** workers currently alive (starting, idle or busy) */
  readonly live: number
}

export interface WorkerPoolOptions {
  /** worker entry module (default ./workerEntry.mjs; tests use a failing one) */
  entry?: URL
  /** consecutive workers that may die before becoming ready before the pool fails every task (default 3) */
  maxStartupFailures?: number
  /** module URLs (the strategy) each worker imports as soon as it starts, with the runner */
  warm?: string[]
}

/** One started worker as the pool sees it, whatever it runs in. */
export interface WorkerHandle {
  post(message: WorkerRequest | WorkerWarmup): void
  onMessage(fn: (message: WorkerResponse | { ready: true }) => void): void
  /** fires once when the worker is gone; `cause` is what it died of, when known */
  onExit(fn: (code: number, cause?: Error, signal?: string) => void): void
  /** ends the worker now (busy or not); resolves once it is gone */
  kill(): Promise<void>
}

interface Slot {
  worker: WorkerHandle
  /** the worker loaded its code and said so (`{ ready: true }`) */
  ready: boolean
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
 * A fixed set of workers, each running one backtest at a time; `start` makes one (a thread or a child process).
 *
 * A worker that ends for any reason fails its task and is replaced. Workers that die before they are ready count as
 * startup failures; after `maxStartupFailures` in a row the pool stops respawning and rejects every waiting and
 * future task with `WorkerStartupError`.
 */
export function createWorkerPool(
  size: number,
  runner: RunnerRef,
  kind: WorkerKind,
  start: (entry: URL) => WorkerHandle,
  options: WorkerPoolOptions = {},
): WorkerPool {
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
    const slot: Slot = { worker: start(entry), ready: false, pending: null }
    all.add(slot)
    slot.worker.post({ warm: { runner, modules: options.warm ?? [] } })
    slot.worker.onMessage((res) => {
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
    slot.worker.onExit((code, cause, signal) => {
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
          broken = new WorkerStartupError(startupFailures, cause, kind)
          p?.reject(broken)
          fail(broken)
          return
        }
      }
      p?.reject(
        slot.ready
          ? new WorkerExitError(code, cause, kind, signal)
          : new WorkerStartupError(startupFailures, cause, kind),
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
        slot.worker.post({ id, task, runner })
      })
    },
    async close() {
      closed = true
      fail(new PoolClosedError())
      idle.length = 0
      await Promise.all([...all].map((s) => s.worker.kill()))
    },
  }
}
