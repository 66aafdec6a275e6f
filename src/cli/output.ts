import cliProgress from 'cli-progress'
import { hostClock } from '../ao/hostClock.ts'
import { assertWritable, writeFileAtomic } from '../io/atomicFile.ts'

export { colorEnabled } from '../io/color.ts'

/** Writes a command's output file: `-` means stdout; otherwise atomically (temp file + rename). */
export function writeOutput(path: string, text: string): void {
  if (path === '-') process.stdout.write(text)
  else writeFileAtomic(path, text)
}

/** Fails before a long run when an output cannot be written (missing directory is created; `-` is stdout). */
export function checkOutputs(...paths: (string | undefined)[]): void {
  for (const p of paths) if (p && p !== '-') assertWritable(p)
}

export interface ProgressBar {
  update(done: number, total: number): void
  stop(): void
}

/**
 * A progress bar on stderr with the rate and an ETA, shown only on a terminal and only once the work has taken more
 * than a second (short runs print nothing; CI logs and pipes never get one). `AFK_PROGRESS_DELAY_MS` changes that
 * second (the pseudo-terminal test sets 0 so that it does not depend on the machine's speed).
 */
export function progressBar(
  label: string,
  unit = 'messages',
  o: { stream?: NodeJS.WritableStream; delayMs?: number } = {},
): ProgressBar {
  const stream = (o.stream ?? process.stderr) as NodeJS.WriteStream
  if (!stream.isTTY) return { update: () => {}, stop: () => {} }
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | eta {eta_formatted}`,
      stream,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  )
  const t0 = hostClock.perf()
  const env = Number(process.env.AFK_PROGRESS_DELAY_MS)
  const delay = o.delayMs ?? (process.env.AFK_PROGRESS_DELAY_MS && env >= 0 ? env : 1000)
  let started = false
  const rate = (done: number) => {
    const s = (hostClock.perf() - t0) / 1000
    return s > 0 ? Math.round(done / s).toLocaleString('en-US') : '0'
  }
  return {
    update(done, total) {
      if (!started) {
        if (hostClock.perf() - t0 < delay) return
        bar.start(Math.max(total, done), done, { rate: rate(done) })
        started = true
      } else {
        bar.setTotal(Math.max(total, done))
        bar.update(done, { rate: rate(done) })
      }
    },
    stop: () => {
      if (started) bar.stop()
    },
  }
}

/** Runs `work` with a progress bar that is stopped however the work ends. */
export async function withProgress<T>(
  label: string,
  unit: string,
  work: (update: ProgressBar['update']) => Promise<T>,
): Promise<T> {
  const bar = progressBar(label, unit)
  try {
    return await work(bar.update)
  } finally {
    bar.stop()
  }
}

/**
 * Several runs one after another on one bar (the bias checks: reference, lagged and late-start replays): a run ends
 * with its (total, total) report, and the bar's total counts each remaining run as long as the current one.
 */
export function chainedProgress(bar: ProgressBar, runs: number): (done: number, total: number) => void {
  let base = 0
  let finished = 0
  return (done, total) => {
    bar.update(base + done, base + total * Math.max(1, runs - finished))
    if (done === total) {
      base += total
      finished++
    }
  }
}
