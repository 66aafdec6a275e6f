import { existsSync, rmSync } from 'node:fs'
import type { Command } from 'commander'
import { parseUnits } from '../../clients/units.ts'
import type { BaseError } from '../../errors/BaseError.ts'
import { BacktestConfigError } from '../../errors/harness.ts'
import { formatBias, runBiasChecks } from '../../harness/backtest/biasChecks.ts'
import {
  type BacktestOptions,
  type BacktestResult,
  logMarketInfo,
  runBacktestDetailed,
} from '../../harness/backtest.ts'
import { writeReports } from '../../harness/report/writeReports.ts'
import { SIGNAL_MAX_ABS_BPS } from '../../models/SignalModel.ts'
import { loadParams } from '../loadParams.ts'
import { chainedProgress, checkOutputs, progressBar } from '../output.ts'

function choice<T extends string>(name: string, values: readonly T[]) {
  return (v: string): T => {
    if (!values.includes(v as T))
      throw new BacktestConfigError(`--${name} must be one of ${values.join(', ')}, got "${v}"`)
    return v as T
  }
}

const int = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new BacktestConfigError(`--${name} must be a non-negative integer, got "${v}"`)
  return Number(v)
}

/** Parses `--signal-bps`: a signed integer within the reference signal process's ±1,000,000 bps. */
const signalBps = (v: string) => {
  const n = /^-?\d{1,7}$/.test(v) ? Number(v) : Number.NaN
  if (!(Math.abs(n) <= SIGNAL_MAX_ABS_BPS))
    throw new BacktestConfigError(`--signal-bps must be an integer within ±${SIGNAL_MAX_ABS_BPS}, got "${v}"`)
  return n
}

/** Parses a `--base-denomination`/`--quote-denomination` value (decimals of the token, 0..99). */
export const denomination = (name: string) => (v: string) => {
  if (!/^\d{1,2}$/.test(v)) throw new BacktestConfigError(`--${name} must be an integer 0..99, got "${v}"`)
  return Number(v)
}

/** The side file `afk backtest --bias -o <file>` writes next to the report. */
export const biasFileFor = (json: string) => `${json}.bias.json`

export function register(program: Command): void {
  program
    .command('backtest')
    .description('replay a recorded (or synthetic) pool log against an agent, deterministically')
    .argument('<strategy>', 'strategy module, e.g. agents/dca.ts')
    .requiredOption(
      '--log <file>',
      'pool log: afk NDJSON, SU page JSON, GraphQL edges or an afk-market-log; repeat to merge several pools by timestamp and nonce',
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
    )
    .option(
      '-p, --params <json|file>',
      'strategy params, inline JSON or a JSON file; base/quote/pool default to the log',
    )
    .option('--engine <kind>', 'ts | lua | both', choice('engine', ['ts', 'lua', 'both'] as const), 'lua')
    .option(
      '--market <mode>',
      'reexecute | anchored',
      choice('market', ['reexecute', 'anchored'] as const),
      'reexecute',
    )
    .option(
      '--processes <kind>',
      'token/pool implementations: lua | model | lua-pool (default: model for ts, lua otherwise)',
      choice('processes', ['lua', 'model', 'lua-pool'] as const),
    )
    .option('--latency <ms>', 'MU delivery latency per pushed message', int('latency'), 1000)
    .option(
      '--deposit <amount>',
      "owner's initial quote deposit in whole tokens (e.g. 2500.5); base units with --raw",
    )
    .option('--raw', 'amount options are in base units (integers)')
    .option(
      '--base-denomination <n>',
      'decimals of the base token when the log header does not give them',
      denomination('base-denomination'),
    )
    .option(
      '--quote-denomination <n>',
      'decimals of the quote token when the log header does not give them',
      denomination('quote-denomination'),
    )
    .option('--max-events <n>', 'stop after this many logged messages', int('max-events'))
    .option(
      '--fast',
      'replay fast path: read a pre-parsed cache of the log (built on first use) and skip the token notices nobody watches; same report bytes as the default full re-execution',
    )
    .option('--bias', 'also run lagged and truncated-history replays and flag unexplained decision changes')
    .option('--force', 'run even if the params name a pool or token that is not in the log (warns loudly)')
    .option(
      '--signal-bps <n>',
      "processes the strategy ask()s that are not in the log become afk's reference signal process answering n bps",
      signalBps,
    )
    .option('--json', 'print the JSON report on stdout (instead of the summary)')
    .option('-o, --json-file <file>', 'write the JSON report to a file')
    .option('--html <file>', 'write the HTML report to a file')
    .action(async (strategy: string, o) => {
      const jsonFile: string | undefined = o.jsonFile
      const bias = o.bias && jsonFile && jsonFile !== '-' ? biasFileFor(jsonFile) : undefined
      // Outputs are checked before the run (which may take minutes), and stale ones never survive a new run.
      checkOutputs(jsonFile, o.html, bias)
      for (const out of [jsonFile, o.html, jsonFile && biasFileFor(jsonFile)])
        if (out && out !== '-' && existsSync(out)) rmSync(out)
      const options: BacktestOptions = {
        strategy,
        log: o.log.length === 1 ? o.log[0] : o.log,
        params: loadParams(o.params),
        engine: o.engine,
        market: o.market,
        processes: o.processes,
        latencyMs: o.latency,
        maxEvents: o.maxEvents,
        ...(o.fast ? { fast: true } : {}),
        baseDenomination: o.baseDenomination,
        quoteDenomination: o.quoteDenomination,
        force: o.force,
        signalBps: o.signalBps,
      }
      if (o.deposit !== undefined) options.deposit = await depositRaw(options, o.deposit, o.raw)
      const said = new Set<string>()
      const onWarning = (w: string | undefined) => {
        if (w && !said.has(w)) process.stderr.write(`${w}\n`)
        if (w) said.add(w)
      }
      const bar = progressBar('backtest', 'events')
      let result: BacktestResult
      let biasText: string | undefined
      const extra: { path: string; data: string }[] = []
      try {
        if (o.bias) {
          const b = await runBiasChecks(options, {}, { onProgress: chainedProgress(bar, 3), onWarning })
          result = b.reference
          biasText = formatBias(b.report)
          if (bias) extra.push({ path: bias, data: `${JSON.stringify(b.report, null, 2)}\n` })
        }
        // only the report reads this run: no decision trace, samples packed (a long run holds one per tick)
        else
          result = await runBacktestDetailed(options, {
            onProgress: bar.update,
            onWarning,
            trace: false,
            packSamples: true,
          })
      } finally {
        bar.stop()
      }
      const toFile = jsonFile === '-' ? undefined : jsonFile
      const jsonOnStdout = o.json || jsonFile === '-'
      writeReports(result.run, {
        json: toFile,
        html: o.html,
        extra,
        ...(jsonOnStdout ? { jsonStream: process.stdout } : { stream: process.stdout }),
      })
      const { meta } = result.run
      const vol = (id: string) => result.recorded.volumeIn[id] ?? '0'
      // with --json, stdout carries the JSON only: the rest goes to stderr
      const text = process[jsonOnStdout ? 'stderr' : 'stdout']
      text.write(
        `\nLog: ${meta.log.events} messages, ${result.recorded.swaps} recorded swaps (in: ${vol(meta.quote.id)} raw ${meta.quote.ticker}, ${vol(meta.base.id)} raw ${meta.base.ticker}), market ${meta.market}\n`,
      )
      const p = result.run.portfolio
      if (p)
        text.write(
          `Portfolio at the end: ${p.value} raw ${p.numeraire.ticker}; weights ${p.assets.map((a) => `${a.token.ticker} ${a.weight}`).join(', ')}\n`,
        )
      if (result.recorded.unusable) text.write(unusableText(result.recorded.unusable))
      if (meta.warnings?.length) text.write(`\n${meta.warnings.map((w) => `WARNING: ${w}`).join('\n')}\n`)
      if (biasText) text.write(`\n${biasText}`)
    })
}

/** `--deposit` in whole quote tokens (the log's quote denomination), or base units with `--raw`. */
async function depositRaw(o: BacktestOptions, amount: string, raw: boolean | undefined): Promise<string> {
  if (raw) {
    if (!/^\d+$/.test(amount))
      throw new BacktestConfigError(
        `--deposit must be an integer number of base units with --raw, got "${amount}"`,
      )
    return amount
  }
  const info = await logMarketInfo(o)
  try {
    return String(parseUnits(amount, info.quote.denomination))
  } catch (e) {
    throw new BacktestConfigError(
      `--deposit "${amount}" is not an amount of ${info.quote.ticker} (${info.quote.denomination} decimals): ${(e as BaseError).shortMessage ?? e}`,
      ['Whole tokens like 2500 or 12.5; pass --raw for base units.'],
    )
  }
}

/** The line saying which log records could not be used (and where the first one is). */
export function unusableText(u: { count: number; first: string; reason: string }): string {
  return `WARNING: ${u.count} swap record(s) of the log could not be used and are not counted (first at ${u.first}: ${u.reason})\n`
}
