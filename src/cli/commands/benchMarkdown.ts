import { BenchmarksFileError } from '../../errors/bench.ts'
import type { BenchResult } from './bench.ts'

/** What `--write` owns in BENCHMARKS.md: the text between these two lines; the rest of the file is hand-written. */
export const TABLE_START =
  '<!-- bench:table:start (written by `npm run bench -- --write`; edit outside these markers) -->'
export const TABLE_END = '<!-- bench:table:end -->'

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

export const fmt = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(2)

const HEADER = [
  '| figure | key | median | slowest run | unit | goal | | notes |',
  '| --- | --- | ---: | ---: | --- | --- | --- | --- |',
]

function tableRow(r: BenchResult): string {
  return `| ${r.name} | ${r.key ? `\`${r.key}\`` : ''} | ${fmt(r.median)} | ${fmt(r.min)} | ${r.unit} | ${r.target ?? ''} | ${
    r.ok === undefined ? '' : r.ok ? 'ok' : '**MISSED**'
  } | ${[r.note, r.reason].filter(Boolean).join('; ')} |`
}

/**
 * The figure a table line is about: its key (second cell) when it has one, else its name (first cell) with the
 * numbers in it blanked, so that a later partial run replaces the row of the same figure even when the log size in
 * its name changed ("replay 100,000 events" and "replay 1,000,000 events").
 */
function rowId(line: string): string {
  const cells = line.split('|')
  const key = cells[2]?.trim() ?? ''
  return key ? key : (cells[1]?.trim() ?? '').replace(/[0-9][0-9,.]*/g, '#')
}

export interface BenchRun {
  rows: BenchResult[]
  date: string
  machine: string
  env: Record<string, string>
  /** `--only`: this run measured some files only; the table keeps the rows of earlier runs for the others */
  only?: string
}

/** The generated block: how it was measured, then the table (rows of an earlier table merged in for `--only`). */
export function generatedBlock(run: BenchRun, earlier: string[] = []): string {
  const fresh = new Map(run.rows.map((r) => [rowId(tableRow(r)), tableRow(r)]))
  const rows = run.only
    ? [
        ...earlier.map((l) => fresh.get(rowId(l)) ?? l),
        ...[...fresh].filter(([n]) => !earlier.some((l) => rowId(l) === n)).map(([, l]) => l),
      ]
    : [...fresh.values()]
  const scope = run.only
    ? ` (rows of \`--only ${run.only}\`; the other rows are kept from an earlier run)`
    : ''
  return [
    TABLE_START,
    `Measured ${run.date}${scope} on ${run.machine}. Rates are per CPU second of the benchmark process (\`process.cpuUsage\`), so`,
    'load from other processes distorts them less than wall time; each figure is the median (and the slowest run) of',
    `${run.env.AFK_BENCH_RUNS} runs unless noted. Settings: ${Object.entries(run.env)
      .map(([k, v]) => `\`${k}=${v}\``)
      .join(', ')}.`,
    '',
    ...HEADER,
    ...rows,
    TABLE_END,
  ].join('\n')
}

/** The table rows (not the header) between the markers of an existing file. */
function tableLines(block: string): string[] {
  const lines = block.split('\n')
  const sep = lines.findIndex((l) => l.startsWith('| ---'))
  return sep === -1 ? [] : lines.slice(sep + 1).filter((l) => l.startsWith('|'))
}

/**
 * BENCHMARKS.md after a `--write`: the generated block between the markers is replaced and every other byte of the
 * file is kept. A new file gets a title and how to reproduce around the block. A file without (or with broken)
 * markers is refused: rewriting it would drop what someone wrote by hand.
 */
export function updateBenchmarksMd(existing: string | null, run: BenchRun, file = 'BENCHMARKS.md'): string {
  if (existing === null)
    return [
      '# Benchmarks',
      '',
      generatedBlock(run),
      '',
      'Reproduce: `npm run bench` (prints the table; exit 1 when a goal is missed), `npm run bench -- --write` to',
      'rewrite the table above and `bench/results.json` (the rest of this file is kept). `AFK_BENCH_EVENTS` sets the',
      'replay log size, `AFK_BENCH_RUNS` the runs per figure, `AFK_BENCH_BIG=1` also runs the 1M/4M-event CLI and',
      'synth figures (minutes, GBs of disk).',
      '',
    ].join('\n')
  const start = existing.indexOf(TABLE_START)
  const end = existing.indexOf(TABLE_END)
  const hint = `put the generated table between a line "${TABLE_START}" and a line "${TABLE_END}"`
  if (start === -1 || end === -1)
    throw new BenchmarksFileError(
      file,
      'it has no generated-table markers, so --write would drop its text',
      hint,
    )
  if (
    end < start ||
    existing.indexOf(TABLE_START, start + 1) !== -1 ||
    existing.indexOf(TABLE_END, end + 1) !== -1
  )
    throw new BenchmarksFileError(file, 'its generated-table markers are out of order or repeated', hint)
  const earlier = tableLines(existing.slice(start, end))
  return existing.slice(0, start) + generatedBlock(run, earlier) + existing.slice(end + TABLE_END.length)
}

/**
 * bench/results.json after a `--write`: every key of RESULT_KEYS, the median of this run's row with that key (null
 * when not measured). With `--only`, keys this run did not measure keep their earlier value.
 */
export function updateResultsJson(
  existing: string | null,
  run: BenchRun,
  file = 'bench/results.json',
): string {
  let earlier: Record<string, unknown> = {}
  if (run.only && existing !== null) {
    try {
      earlier = JSON.parse(existing) as Record<string, unknown>
    } catch (e) {
      throw new BenchmarksFileError(
        file,
        `it is not JSON (${(e as Error).message}), so the figures --only leaves out cannot be kept`,
        'run every benchmark (without --only) to write it afresh',
      )
    }
  }
  const results: Record<string, unknown> = {}
  for (const k of RESULT_KEYS) {
    const row = run.rows.find((r) => r.key === k)
    results[k] = row ? row.median : run.only ? (earlier[k] ?? null) : null
  }
  results.machine = run.machine
  results.date = run.date
  return `${JSON.stringify(results, null, 2)}\n`
}
