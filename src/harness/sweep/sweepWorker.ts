import { parentPort } from 'node:worker_threads'
import { enableMemory64 } from '../../ao/memory64.ts'
import { evaluateTask, type RunBacktestFn, type SweepTask } from './evaluateTask.ts'

/** Where a worker finds `runBacktest`: a module URL and export name (tests point this at a fixture). */
export interface RunnerRef {
  module: string
  export: string
}

export interface WorkerRequest {
  id: number
  task: SweepTask
  runner: RunnerRef
}

/**
 * Sent once right after spawning: load the runner and these modules (the strategy) now, while the parent still
 * reads the log, so the first task does not wait for them. Failures are left for the task to report.
 */
export interface WorkerWarmup {
  warm: { runner: RunnerRef; modules: string[] }
}

export type WorkerResponse =
  | { id: number; ok: true; result: Awaited<ReturnType<typeof evaluateTask>> }
  | { id: number; ok: false; error: { name: string; message: string } }
  /** logged messages the task has replayed so far */
  | { id: number; progress: number }

/** The parent: a worker thread's port, or the IPC channel of a child process started by processPool.ts. */
const channel: { send(m: unknown): void; on(fn: (m: WorkerRequest | WorkerWarmup) => void): void } | null =
  parentPort
    ? { send: (m) => parentPort?.postMessage(m), on: (fn) => parentPort?.on('message', fn) }
    : process.send
      ? { send: (m) => process.send?.(m), on: (fn) => process.on('message', fn) }
      : null
// a child process whose parent went away (closed the channel, crashed) has nothing left to do
if (!parentPort && process.send) process.on('disconnect', () => process.exit(0))

enableMemory64()
const runners = new Map<string, Promise<RunBacktestFn>>()

function load(ref: RunnerRef): Promise<RunBacktestFn> {
  const key = `${ref.module}#${ref.export}`
  let p = runners.get(key)
  if (!p) {
    p = import(ref.module).then((mod) => {
      const fn = mod[ref.export]
      if (typeof fn !== 'function') throw new Error(`${ref.module} has no exported function ${ref.export}`)
      return fn as RunBacktestFn
    })
    runners.set(key, p)
  }
  return p
}

channel?.on(async (req) => {
  if ('warm' in req) {
    await Promise.allSettled([load(req.warm.runner), ...req.warm.modules.map((m) => import(m))])
    return
  }
  let res: WorkerResponse
  const progress = (done: number) => channel?.send({ id: req.id, progress: done } satisfies WorkerResponse)
  try {
    res = { id: req.id, ok: true, result: await evaluateTask(req.task, await load(req.runner), progress) }
  } catch (e) {
    const err = e as Error
    res = { id: req.id, ok: false, error: { name: err?.name ?? 'Error', message: err?.message ?? String(e) } }
  }
  channel?.send(res)
})
// tells the pool this worker loaded (a worker that dies before this counts as a startup failure)
channel?.send({ ready: true })
