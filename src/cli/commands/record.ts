import type { Command } from 'commander'
import { BacktestConfigError } from '../../errors/harness.ts'
import { recordLog } from '../../harness/record/recordLog.ts'

function int(name: string) {
  return (v: string): number => {
    if (!/^-?\d+$/.test(v)) throw new BacktestConfigError(`--${name} must be an integer, got "${v}"`)
    return Number(v)
  }
}

/** Timestamps: integer ms, or an ISO date. */
function time(name: string) {
  return (v: string): number => {
    if (/^\d+$/.test(v)) return Number(v)
    const t = Date.parse(v)
    if (Number.isNaN(t))
      throw new BacktestConfigError(`--${name} must be ms since epoch or an ISO date, got "${v}"`)
    return t
  }
}

export function register(program: Command): void {
  program
    .command('record')
    .description(
      "record a process's scheduler-unit log into afk NDJSON (resumes, retries, de-duplicates, checks the hash chain)",
    )
    .requiredOption('--process <id>', 'process id')
    .requiredOption('--su <url>', 'scheduler unit base URL (e.g. http://127.0.0.1:4000/su)')
    .option('--from-nonce <n>', 'start after this nonce (-1 includes the spawn item)', int('from-nonce'))
    .option('--from <time>', 'start after this time (ms or ISO date, exclusive)', time('from'))
    .option('--to <time>', 'stop at this time (ms or ISO date, inclusive)', time('to'))
    .option('--page-size <n>', 'SU page size', int('page-size'), 100)
    .option('--retries <n>', 'retries per request', int('retries'), 5)
    .requiredOption(
      '-o, --out <file>',
      'output NDJSON file (an existing one is resumed; complete once it ends with its end marker)',
    )
    .action(async (o) => {
      const tty = process.stderr.isTTY
      const r = await recordLog({
        processId: o.process,
        su: o.su,
        out: o.out,
        fromNonce: o.fromNonce,
        from: o.from,
        to: o.to,
        pageSize: o.pageSize,
        retries: o.retries,
        onProgress: tty
          ? (p) => process.stderr.write(`\rrecorded ${p.written} messages (nonce ${p.lastNonce})`)
          : undefined,
      })
      if (tty) process.stderr.write('\n')
      const resumed = r.resumedAfter !== undefined ? ` (resumed after nonce ${r.resumedAfter})` : ''
      process.stdout.write(
        `${o.out}: wrote ${r.written} messages${resumed}, last nonce ${r.lastNonce ?? '-'}, ${r.duplicates} duplicates skipped${r.timestampPaging ? ', timestamp paging' : ''}\n`,
      )
    })
}
