import { readFileSync } from 'node:fs'
import v8 from 'node:v8'
import vm from 'node:vm'

/** CPU seconds of this process (all its threads): load from other processes on the machine does not count. */
export function cpuSeconds(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

/**
 * CPU seconds of this process's child processes that have ended and been reaped (Linux `/proc/self/stat` cutime +
 * cstime, 10 ms ticks): sweep workers are processes, which `process.cpuUsage` does not count. null elsewhere.
 */
export function childCpuSeconds(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // fields 16 and 17 of stat(5), counted from the state field (3) after the command name
    return (Number(f[13]) + Number(f[14])) / CLOCK_TICKS
  } catch {
    return null
  }
}
const CLOCK_TICKS = 100

/** Median of a list of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}

let gc: (() => void) | null | undefined

/**
 * A full garbage collection now, so that a timed run starts from a settled heap and does not pay for the garbage of
 * its set-up (or of the run before). `--expose-gc` set at runtime gives new contexts a `gc` function. Returns false
 * when this V8 refuses (the run is then timed as it is).
 */
export function settleHeap(): boolean {
  if (gc === undefined) {
    try {
      if (typeof globalThis.gc === 'function') gc = globalThis.gc as () => void
      else {
        v8.setFlagsFromString('--expose-gc')
        gc = vm.runInNewContext('gc') as () => void
      }
    } catch {
      gc = null
    }
  }
  if (!gc) return false
  // twice: the first pass may leave objects that finalizers or weak references free only on the next one
  gc()
  gc()
  return true
}

/**
 * Runs `fn` `runs` times and returns the rate (work per CPU second) of each run: `fn` returns how much work it did
 * (messages, events); only the time inside `fn` counts (its own setup goes in `prepare`). `warmup` untimed runs go
 * first: the JIT and wasm tier-up (compiled on background threads, which process CPU time counts) are then paid
 * before timing, not by whichever figure happens to run first. Each timed run starts after a full GC (settleHeap).
 */
export async function rates<T>(
  runs: number,
  prepare: () => Promise<T>,
  fn: (ctx: T) => Promise<number>,
  warmup = 0,
): Promise<{ min: number; median: number; runs: number[] }> {
  for (let i = 0; i < warmup; i++) await fn(await prepare())
  const out: number[] = []
  for (let i = 0; i < runs; i++) {
    const ctx = await prepare()
    settleHeap()
    const t0 = cpuSeconds()
    const work = await fn(ctx)
    out.push(work / (cpuSeconds() - t0))
  }
  return { min: Math.min(...out), median: median(out), runs: out }
}

export const BENCH_RUNS = Math.max(3, Number(process.env.AFK_BENCH_RUNS ?? 3))
