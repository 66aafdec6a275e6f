import { readdirSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Command } from 'commander'
import { writeFileAtomic } from '../../io/atomicFile.ts'
import { writeOutput } from '../output.ts'

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

/** The keys of bench/results.json (issue 13), in order; a figure not measured is null with its reason. */
export const RESULT_KEYS = [
  'replayEventsPerSec',
  'replayFastEventsPerSec',
  'agentStepsPerSec',
  'tsEngineStepsPerSec',
  'aosMsgsPerSec',
  'aosBareMsgsPerSec',
  'aosEmptyHandlerMsgsPerSec',
  'waoMsgsPerSec',
  'aosVsWao',
  'aosVsBare',
  'peakRssMb1M',
  'peakRssMb4M',
  'synth4MSeconds',
  'sweepSpeedup',
  'compileMs',
  'sweepCpuRatio',
] as const

const fmt = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(2)

function machine(): string {
  const c = cpus()
  return `${c[0]?.model ?? 'unknown CPU'} × ${c.length}, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${process.platform}`
}

/** BENCHMARKS.md: the table of this run with goals, the machine, the date and how to reproduce. */
function markdown(rows: BenchResult[], date: string, env: Record<string, string>): string {
  const table = rows.map(
    (r) =>
      `| ${r.name} | ${r.key ? `\`${r.key}\`` : ''} | ${fmt(r.median)} | ${fmt(r.min)} | ${r.unit} | ${r.target ?? ''} | ${
        r.ok === undefined ? '' : r.ok ? 'ok' : '**MISSED**'
      } | ${[r.note, r.reason].filter(Boolean).join('; ')} |`,
  )
  return [
    '# Benchmarks',
    '',
    `Measured ${date} on ${machine()}. Rates are per CPU second of the benchmark process (\`process.cpuUsage\`), so`,
    'load from other processes distorts them less than wall time; each figure is the median (and the slowest run) of',
    `${env.AFK_BENCH_RUNS} runs unless noted. Settings: ${Object.entries(env)
      .map(([k, v]) => `\`${k}=${v}\``)
      .join(', ')}.`,
    '',
    '| figure | key | median | slowest run | unit | goal | | notes |',
    '| --- | --- | ---: | ---: | --- | --- | --- | --- |',
    ...table,
    '',
    'Reproduce: `npm run bench` (prints the table; exit 1 when a goal is missed), `npm run bench -- --write` to',
    'rewrite this file and `bench/results.json`. `AFK_BENCH_EVENTS` sets the replay log size, `AFK_BENCH_RUNS` the runs',
    'per figure, `AFK_BENCH_BIG=1` also runs the 1M/4M-event CLI and synth figures (minutes, GBs of disk).',
    '',
  ].join('\n')
}

/** `npm run bench`: runs every bench/*.bench.ts and prints one table (speed lives here, never in unit tests). */
export function register(program: Command): void {
  program
    .command('bench')
    .description('run the benchmarks in bench/*.bench.ts')
    .option('--only <substring>', 'run only benchmark files whose name contains this')
    .option('--json', 'print the results as JSON on stdout (instead of the table)')
    .option('-o, --json-file <file>', 'also write the results as JSON to a file')
    .option('--write', 'write BENCHMARKS.md and bench/results.json from this run')
    .action(async (o) => {
      const files = readdirSync('bench')
        .filter((f) => f.endsWith('.bench.ts') && (!o.only || f.includes(o.only)))
        .sort()
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
        const date = new Date().toISOString()
        const results: Record<string, unknown> = {}
        for (const k of RESULT_KEYS) results[k] = all.find((r) => r.key === k)?.median ?? null
        results.machine = machine()
        results.date = date
        writeFileAtomic(join('bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`)
        const env = {
          AFK_BENCH_RUNS: process.env.AFK_BENCH_RUNS ?? '3',
          AFK_BENCH_EVENTS: process.env.AFK_BENCH_EVENTS ?? '1000000',
          AFK_BENCH_BIG: process.env.AFK_BENCH_BIG ?? '0',
        }
        writeFileAtomic('BENCHMARKS.md', markdown(all, date, env))
      }
      if (all.some((r) => r.ok === false)) process.exitCode = 1
    })
}
