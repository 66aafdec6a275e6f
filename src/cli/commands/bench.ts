import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Command } from 'commander'
import { BenchSelectionError } from '../../errors/bench.ts'
import { writeFileAtomic } from '../../io/atomicFile.ts'
import { writeOutput } from '../output.ts'
import { fmt, updateBenchmarksMd, updateResultsJson } from './benchMarkdown.ts'

export interface BenchResult {
  name: string
  unit: string
  /** median of the runs; null when the figure could not be measured (`reason` says why) */
  median: number | null
  /** the slowest run's figure (lowest rate), when there were several runs */
  min?: number | null
  p95?: number
  target?: string
  ok?: boolean
  note?: string
  /** the figure's key in bench/results.json */
  key?: string
  reason?: string
}

function machine(): string {
  const c = cpus()
  return `${c[0]?.model ?? 'unknown CPU'} × ${c.length}, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${process.platform}`
}

/** A file's text, or null when it does not exist yet. */
function readIfAny(file: string): string | null {
  return existsSync(file) ? readFileSync(file, 'utf8') : null
}

/** `npm run bench`: runs every bench/*.bench.ts and prints one table (speed lives here, never in unit tests). */
export function register(program: Command): void {
  program
    .command('bench')
    .description('run the benchmarks in bench/*.bench.ts')
    .option('--only <substring>', 'run only benchmark files whose name contains this')
    .option('--json', 'print the results as JSON on stdout (instead of the table)')
    .option('-o, --json-file <file>', 'also write the results as JSON to a file')
    .option(
      '--write',
      "write this run's table into BENCHMARKS.md (between its markers; the rest is kept) and bench/results.json",
    )
    .action(async (o) => {
      const every = readdirSync('bench')
        .filter((f) => f.endsWith('.bench.ts'))
        .sort()
      const files = every.filter((f) => !o.only || f.includes(o.only))
      if (files.length === 0) throw new BenchSelectionError(String(o.only ?? ''), every)
      const all: BenchResult[] = []
      for (const f of files) {
        const mod = await import(pathToFileURL(resolve(join('bench', f))).href)
        const rows: BenchResult[] = await mod.run()
        for (const r of rows) {
          all.push(r)
          const verdict = r.ok === undefined ? '' : r.ok ? '  ok' : '  MISSED'
          const min = r.min !== undefined && r.min !== null ? `  (slowest ${fmt(r.min)})` : ''
          const p95 = r.p95 !== undefined ? `  p95 ${r.p95.toFixed(2)}` : ''
          if (!o.json)
            process.stdout.write(
              `${r.name.padEnd(52)} ${fmt(r.median).padStart(12)} ${r.unit}${min}${p95}${r.target ? `  goal ${r.target}` : ''}${verdict}${
                r.note ? `  ${r.note}` : ''
              }${r.reason ? `  not measured: ${r.reason}` : ''}\n`,
            )
        }
      }
      const text = `${JSON.stringify(all, null, 2)}\n`
      if (o.json) process.stdout.write(text)
      if (o.jsonFile) writeOutput(o.jsonFile, text)
      if (o.write) {
        const run = {
          rows: all,
          date: new Date().toISOString(),
          machine: machine(),
          env: {
            AFK_BENCH_RUNS: process.env.AFK_BENCH_RUNS ?? '3',
            AFK_BENCH_EVENTS: process.env.AFK_BENCH_EVENTS ?? '1000000',
            AFK_BENCH_BIG: process.env.AFK_BENCH_BIG ?? '0',
          },
          ...(o.only ? { only: String(o.only) } : {}),
        }
        // both are computed before either is written: a refusal leaves both files as they were
        const md = updateBenchmarksMd(readIfAny('BENCHMARKS.md'), run)
        const results = updateResultsJson(readIfAny(join('bench', 'results.json')), run)
        writeFileAtomic(join('bench', 'results.json'), results)
        writeFileAtomic('BENCHMARKS.md', md)
      }
      if (all.some((r) => r.ok === false)) process.exitCode = 1
    })
}
