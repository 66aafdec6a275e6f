import { extname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type Command, Option } from 'commander'
import { SweepOptionError } from '../../errors/sweep.ts'
import { denominationWarningFor } from '../../harness/backtest.ts'
import { coerceParams } from '../../harness/sweep/coerceParams.ts'
import { formatSweepCsv, formatSweepJson, formatSweepTable } from '../../harness/sweep/formatSweep.ts'
import { parseGrid } from '../../harness/sweep/parseGrid.ts'
import { RANK_METRIC_NAMES } from '../../harness/sweep/rankMetrics.ts'
import { runSweep, type SweepResult } from '../../harness/sweep/runSweep.ts'
import { ExitError } from '../ExitError.ts'
import { loadParams } from '../loadParams.ts'
import { checkOutputs, progressBar, writeOutput } from '../output.ts'

export interface SweepCommandOptions {
  strategy: string
  log: string
  grid: string[]
  rankBy: string
  walkForward?: string
  out?: string
  engine?: string
  market?: string
  /** decimals of the base / quote token when the log header does not give them */
  baseDenomination?: string
  quoteDenomination?: string
  param?: string[]
  /** `-p/--params`: fixed params as inline JSON or a JSON file (under --param and the grid) */
  params?: string
  /** print the ranked results as JSON on stdout instead of the table */
  json?: boolean
  workers?: string
  /** `<module path>#<export>`: run this instead of src/harness/backtest.ts#runBacktest */
  runner?: string
  top?: string
  /** progress bar stream (default stderr) */
  progress?: NodeJS.WritableStream
  stdout?: NodeJS.WritableStream
}

function number(option: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(n)) throw new SweepOptionError(option, `"${raw}" is not a number`)
  return n
}

/** `afk sweep`: parses options, runs the sweep on worker processes with a progress bar, writes the ranked file. */
export async function sweepCommand(o: SweepCommandOptions): Promise<SweepResult> {
  const out = o.out
  const format = out ? extname(out).toLowerCase() : undefined
  if (out && format !== '.csv' && format !== '.json')
    throw new SweepOptionError('-o/--out', `"${out}" must end in .csv or .json`)
  // before the runs, which may take hours: an output that cannot be written fails now
  checkOutputs(out)
  const fixed = Object.fromEntries(
    (o.param ?? []).map((p) => {
      const eq = p.indexOf('=')
      if (eq <= 0) throw new SweepOptionError('--param', `"${p}" is not <name>=<value>`)
      return [p.slice(0, eq), p.slice(eq + 1)]
    }),
  )
  let runner: { module: string; export: string } | undefined
  if (o.runner) {
    const [file, name = 'runBacktest'] = o.runner.split('#')
    runner = { module: pathToFileURL(resolve(file)).href, export: name }
  }
  const denominations: Record<string, number> = {}
  for (const [key, flag] of [
    ['baseDenomination', '--base-denomination'],
    ['quoteDenomination', '--quote-denomination'],
  ] as const) {
    const raw = o[key]
    if (raw === undefined) continue
    if (!/^\d{1,2}$/.test(raw)) throw new SweepOptionError(flag, `"${raw}" is not an integer 0..99`)
    denominations[key] = Number(raw)
  }
  // The real backtest reads the log header; warn once here rather than once per run (a custom runner may not).
  if (!runner) {
    const warning = await denominationWarningFor({ log: o.log, ...denominations })
    if (warning) process.stderr.write(`${warning}\n`)
  }
  const grid = parseGrid(o.grid)
  const total = grid.reduce((n, a) => n * a.values.length, 1)
  // the real runner reports replayed log messages (summed over the runs); a custom one only finished runs
  const bar = progressBar('sweep', runner ? 'runs' : 'events', { stream: o.progress })
  let result: SweepResult
  try {
    result = await runSweep(
      {
        strategy: o.strategy,
        log: o.log,
        grid,
        rankBy: o.rankBy,
        walkForward: number('--walk-forward', o.walkForward),
        workers: number('--workers', o.workers),
        params: { ...loadParams(o.params), ...coerceParams(fixed) },
        backtest: {
          ...(o.engine ? { engine: o.engine } : {}),
          ...(o.market ? { market: o.market } : {}),
          ...denominations,
        },
      },
      runner ? { runner, onProgress: (done) => bar.update(done, total) } : { onEvents: bar.update },
    )
  } finally {
    bar.stop()
  }
  if (out) writeOutput(out, format === '.csv' ? formatSweepCsv(result) : formatSweepJson(result))
  const stdout = o.stdout ?? process.stdout
  if (o.json) stdout.write(formatSweepJson(result))
  else stdout.write(formatSweepTable(result, number('--top', o.top) ?? 10))
  const failed = result.rows.filter((r) => r.error)
  if (out) (o.json ? process.stderr : stdout).write(`wrote ${result.rows.length} ranked runs to ${out}\n`)
  if (failed.length) {
    process.stderr.write(
      `${failed.length} of ${result.rows.length} runs failed:\n${failed.map((r) => `  ${JSON.stringify(r.params)}: ${r.error}`).join('\n')}\n`,
    )
    throw new ExitError(1)
  }
  return result
}

export function register(program: Command): void {
  program
    .command('sweep')
    .description(
      'run a strategy over a parameter grid (worker processes on all cores) and rank the runs by a metric',
    )
    .argument('<strategy>', 'strategy file, e.g. agents/dca.ts')
    .requiredOption('--log <file>', 'recorded message log to replay')
    .requiredOption(
      '--grid <name=v1,v2>',
      'parameter values (repeatable); integers as from:to:step also work',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option('--rank-by <metric>', `metric to rank by: ${RANK_METRIC_NAMES.join(', ')}`, 'sharpe')
    .option('--walk-forward <fraction>', 'rank on the first <fraction> of the log, report the rest as test')
    .option('-o, --out <file>', 'write the ranked results to a .csv or .json file')
    .option('--json', 'print the ranked results as JSON on stdout (instead of the table)')
    .option('-p, --params <json|file>', 'fixed params for every run, inline JSON or a JSON file')
    .option(
      '--param <name=value>',
      'fixed param for every run (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option('--engine <engine>', 'engine passed to the backtest (ts, lua, both)')
    .option('--market <mode>', 'market mode passed to the backtest')
    .option('--base-denomination <n>', 'decimals of the base token when the log header does not give them')
    .option('--quote-denomination <n>', 'decimals of the quote token when the log header does not give them')
    .option('--workers <n>', 'worker processes (default: all cores)')
    .option('--top <n>', 'rows to print', '10')
    .addOption(new Option('--runner <module#export>', 'run this function instead of runBacktest').hideHelp())
    .action(async (strategy: string, opts: Omit<SweepCommandOptions, 'strategy'>) => {
      await sweepCommand({ ...opts, strategy })
    })
}
