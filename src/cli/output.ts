import cliProgress from 'cli-progress'
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

/** A progress bar on stderr when it is a terminal; nothing otherwise (CI logs, pipes). */
export function progressBar(label: string, unit = 'messages') {
  if (!process.stderr.isTTY) return { update: (_d: number, _t: number) => {}, stop: () => {} }
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {duration_formatted}`,
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  return {
    update(done: number, total: number) {
      if (!started) {
        bar.start(total, done)
        started = true
      } else {
        bar.setTotal(Math.max(total, done))
        bar.update(done)
      }
    },
    stop: () => started && bar.stop(),
  }
}
