import { Worker } from 'node:worker_threads'
import type { SweepTask, SweepTaskResult } from './evaluateTask.ts'
import type { RunnerRef, WorkerRequest, WorkerResponse } from './sweepWorker.ts'

/** The real harness entry: `runBacktest` from src/harness/backtest.ts. */
export const DEFAULT_RUNNER: RunnerRef = {
  module: new URL('../backtest.ts', import.meta.url).href,
  export: 'runBacktest',
}

/** Error re-created on the main thread from a worker's failure (keeps the original name and message). */
export class WorkerTaskError extends Error {
  constructor(name: string, message: string) {
    super(message)
    this.name = name
  }
}

export interface ThreadPool {
  run(task: SweepTask): Promise<SweepTaskResult>
  close(): Promise<void>
  readonly size: number
}

interface Slot {
  worker: Worker
  pending: { id: number; resolve: (r: SweepTaskResult) => void; reject: (e: unknown) => void } | null
}

/**
 * A fixed set of worker threads, each running one backtest at a time. Workers load TypeScript through tsx
 * (workerEntry.mjs) and enable wasm memory64 themselves: V8 flags are not accepted in a worker's execArgv.
 */
export function createThreadPool(size: number, runner: RunnerRef = DEFAULT_RUNNER): ThreadPool {
  const entry = new URL('./workerEntry.mjs', import.meta.url)
  const idle: Slot[] = []
  const waiting: ((slot: Slot) => void)[] = []
  let nextId = 0
  const release = (slot: Slot) => {
    slot.pending = null
    const w = waiting.shift()
    if (w) w(slot)
    else idle.push(slot)
  }
  const spawn = (): Slot => {
    const slot: Slot = { worker: new Worker(entry), pending: null }
    slot.worker.on('message', (res: WorkerResponse) => {
      const p = slot.pending
      if (!p || p.id !== res.id) return
      release(slot)
      if (res.ok) p.resolve(res.result)
      else p.reject(new WorkerTaskError(res.error.name, res.error.message))
    })
    slot.worker.on('error', (err) => {
      // a crashed worker fails its task and is replaced so the sweep continues
      slot.pending?.reject(err)
      slot.pending = null
      const fresh = spawn()
      release(fresh)
    })
    return slot
  }
  for (let i = 0; i < size; i++) idle.push(spawn())
  const acquire = () =>
    new Promise<Slot>((resolve) => {
      const slot = idle.pop()
      if (slot) resolve(slot)
      else waiting.push(resolve)
    })
  return {
    size,
    async run(task) {
      const slot = await acquire()
      return new Promise<SweepTaskResult>((resolve, reject) => {
        const id = nextId++
        slot.pending = { id, resolve, reject }
        slot.worker.postMessage({ id, task, runner } satisfies WorkerRequest)
      })
    },
    async close() {
      await Promise.all([...idle].map((s) => s.worker.terminate()))
      idle.length = 0
    },
  }
}
