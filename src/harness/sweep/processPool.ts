import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { RunnerRef } from './sweepWorker.ts'
import {
  createWorkerPool,
  DEFAULT_RUNNER,
  type WorkerHandle,
  type WorkerPool,
  type WorkerPoolOptions,
} from './workerPool.ts'

/** the aos module is wasm64: Node 20 wants the flag on the command line (a child does not inherit the runtime flag) */
const MEMORY64 = '--experimental-wasm-memory64'
/** from the TS sources, agents import `afk` through the `afk-source` export condition (package.json) */
const FROM_SOURCE = import.meta.url.endsWith('.ts')
/** stderr kept per worker to explain a death (the uncaught error's line) */
const STDERR_TAIL = 8192

/**
 * Heap-size flags not passed on to workers. bin/afk.mjs sets them to keep one long backtest's peak RSS low; a sweep
 * point under them spends ~25% more CPU in the GC (4 MB semi-spaces: a scavenge every few thousand events), and a
 * worker's heap is its own, so workers run with V8's defaults.
 */
const PARENT_ONLY = /^--(max-semi-space-size|min-semi-space-size|heap-growing-percent)(=|$)/

/** The node flags of a worker process: this process's own (loader, conditions) plus what it needs. */
export function workerExecArgv(parent: readonly string[] = process.execArgv): string[] {
  const argv: string[] = []
  for (let i = 0; i < parent.length; i++) {
    const m = PARENT_ONLY.exec(parent[i])
    if (!m) argv.push(parent[i])
    else if (!m[2]) i++ // `--flag value`: its value goes too
  }
  if (!argv.includes(MEMORY64)) argv.push(MEMORY64)
  const hasSource = argv.some(
    (a, i) => a === '--conditions=afk-source' || (a === '-C' && argv[i + 1] === 'afk-source'),
  )
  if (FROM_SOURCE && !hasSource) argv.push('--conditions=afk-source')
  return argv
}

/** The line of a crashed process's stderr that names its error (`Error: boom`), else its last line. */
export function deathCause(stderr: string): Error | undefined {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  const named = lines.find((l) => /^[A-Za-z]*(Error|Exception)\b.*:/.test(l))
  const line = named ?? lines.at(-1)
  return line ? new Error(line) : undefined
}

/** A child process as the pool sees it: messages over IPC (structured-clone serialization, like a thread's). */
function startProcess(entry: URL): WorkerHandle {
  const child = fork(fileURLToPath(entry), [], {
    execArgv: workerExecArgv(),
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  })
  let tail = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk)
    tail = (tail + chunk.toString('utf8')).slice(-STDERR_TAIL)
  })
  let exitFns: Array<(code: number, cause?: Error, signal?: string) => void> = []
  let gone = false
  let onGone: (() => void)[] = []
  // 'close', not 'exit': stderr is then read to the end, so a startup crash can name its error
  child.on('close', (code, signal) => {
    gone = true
    const cause = code ? deathCause(tail) : undefined
    for (const fn of exitFns) fn(code ?? 128, cause, signal ?? undefined)
    for (const fn of onGone) fn()
    exitFns = []
    onGone = []
  })
  // a failed spawn (no node binary, no entry) also ends in 'close'; the error itself is the cause
  child.on('error', (err) => {
    tail += `\n${err.name}: ${err.message}`
  })
  return {
    post: (m) => {
      if (child.connected) child.send(m)
    },
    onMessage: (fn) => child.on('message', fn as (m: unknown) => void),
    onExit: (fn) => exitFns.push(fn),
    kill: () =>
      gone
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            onGone.push(resolve)
            child.kill('SIGKILL')
          }),
  }
}

/**
 * Sweep workers as child processes (the default of runSweep). Each has its own heap and GC helper threads, so two
 * of them scale better than two threads of one process, which share the process's GC and allocator. The entry
 * registers tsx (TypeScript strategies and sources); the flags are this process's plus memory64 and, from the
 * sources, `--conditions=afk-source`. A child exits when its parent closes the channel or dies.
 */
export function createProcessPool(
  size: number,
  runner: RunnerRef = DEFAULT_RUNNER,
  options: WorkerPoolOptions = {},
): WorkerPool {
  return createWorkerPool(size, runner, 'process', startProcess, options)
}
