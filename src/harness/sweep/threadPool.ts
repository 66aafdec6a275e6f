import { Worker } from 'node:worker_threads'
import type { RunnerRef } from './sweepWorker.ts'
import {
  createWorkerPool,
  DEFAULT_RUNNER,
  type WorkerHandle,
  type WorkerPool,
  type WorkerPoolOptions,
} from './workerPool.ts'

export {
  DEFAULT_RUNNER,
  PoolClosedError,
  WorkerExitError,
  WorkerStartupError,
  WorkerTaskError,
} from './workerPool.ts'
export type ThreadPool = WorkerPool
export type ThreadPoolOptions = WorkerPoolOptions

/** A worker thread as the pool sees it; an 'error' event is kept as the cause of the 'exit' that follows it. */
function startThread(entry: URL): WorkerHandle {
  const worker = new Worker(entry)
  let error: Error | undefined
  worker.on('error', (err: Error) => {
    error = err
  })
  return {
    post: (m) => worker.postMessage(m),
    onMessage: (fn) => worker.on('message', fn),
    onExit: (fn) => worker.on('exit', (code) => fn(code, error)),
    kill: async () => {
      await worker.terminate()
    },
  }
}

/**
 * Sweep workers as threads of this process. Workers load TypeScript through tsx (workerEntry.mjs) and enable wasm
 * memory64 themselves: V8 flags are not accepted in a worker's execArgv. Threads share one process (its GC helper
 * threads, its heap limits), so two of them scale worse than two processes (see processPool.ts).
 */
export function createThreadPool(
  size: number,
  runner: RunnerRef = DEFAULT_RUNNER,
  options: WorkerPoolOptions = {},
): ThreadPool {
  return createWorkerPool(size, runner, 'thread', startThread, options)
}
