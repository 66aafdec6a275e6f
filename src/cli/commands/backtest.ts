import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import cliProgress from 'cli-progress'
import type { Command } from 'commander'
import { BacktestConfigError } from '../../errors/harness.ts'
import { formatBias, runBiasChecks } from '../../harness/backtest/biasChecks.ts'
import {
  type BacktestOptions,
  type BacktestResult,
  denominationWarningFor,
  runBacktestDetailed,
} from '../../harness/backtest.ts'
import { writeReports } from '../../harness/report/writeReports.ts'

function parseParams(v: string): Record<string, unknown> {
  const text = existsSync(v) ? readFileSync(v, 'utf8') : v
  try {
    const p = JSON.parse(text)
    if (p && typeof p === 'object' && !Array.isArray(p)) return p
  } catch {
    // fall through to the typed error
  }
  throw new BacktestConfigError('--params must be a JSON object or a path to a JSON file', [
    `Got: ${v.slice(0, 120)}`,
  ])
}

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

/** Parses a `--base-denomination`/`--quote-denomination` value (decimals of the token, 0..99). */
export const denomination = (name: string) => (v: string) => {
  if (!/^\d{1,2}$/.test(v)) throw new BacktestConfigError(`--${name} must be an integer 0..99, got "${v}"`)
  return Number(v)
}

/** The side file `afk backtest --bias --json <file>` writes next to the report. */
export const biasFileFor = (json: string) => `${json}.bias.json`

/** A progress bar on stderr when it is a terminal; nothing otherwise (CI logs, pipes). */
export function progressBar(label: string) {
  if (!process.stderr.isTTY) return { update: (_d: number, _t: number) => {}, stop: () => {} }
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} messages | {duration_formatted}`,
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

/**
 * Writes outputs to temporary names first so an interrupted run never leaves a report that looks complete. `extra`
 * files (e.g. the bias side file) are written the same way, and renamed into place after the reports.
 */
export function writeOutputsAtomically(
  run: Parameters<typeof writeReports>[0],
  o: {
    json?: string
    html?: string
    stream?: NodeJS.WritableStream
    extra?: { path: string; text: string }[]
  },
): void {
  const tmp = (p?: string) => (p ? `${p}.partial-${process.pid}` : undefined)
  const json = tmp(o.json)
  const html = tmp(o.html)
  const extra = (o.extra ?? []).map((e) => ({ ...e, tmp: tmp(e.path) as string }))
  try {
    for (const e of extra) writeFileSync(e.tmp, e.text)
    writeReports(run, { json, html, stream: o.stream as never })
    if (json && o.json) renameSync(json, o.json)
    if (html && o.html) renameSync(html, o.html)
    for (const e of extra) renameSync(e.tmp, e.path)
  } finally {
    for (const p of [json, html, ...extra.map((e) => e.tmp)]) if (p && existsSync(p)) rmSync(p)
  }
}

export function register(program: Command): void {
  program
    .command('backtest')
    .description('Replay a recorded (or synthetic) pool log against an agent, deterministically')
    .argument('<strategy>', 'strategy module, e.g. agents/dca.ts')
    .requiredOption(
      '--log <file>',
      'pool log: afk NDJSON, SU page JSON, GraphQL edges or an afk-market-log; repeat to merge several pools by timestamp and nonce',
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
    )
    .option(
      '--params <json>',
      'strategy params as JSON (or a JSON file); base/quote/pool default to the log',
      '{}',
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
    .option('--deposit <raw>', "owner's initial quote deposit in raw units")
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
    .option('--bias', 'also run lagged and truncated-history replays and flag unexplained decision changes')
    .option('--json <file>', 'write the JSON report')
    .option('--html <file>', 'write the HTML report')
    .action(async (strategy: string, o) => {
      // never leave a stale report (or a stale bias file from an earlier run) behind
      for (const out of [o.json, o.html, o.json && biasFileFor(o.json)])
        if (out && existsSync(out)) rmSync(out)
      const options: BacktestOptions = {
        strategy,
        log: o.log.length === 1 ? o.log[0] : o.log,
        params: parseParams(o.params),
        engine: o.engine,
        market: o.market,
        processes: o.processes,
        latencyMs: o.latency,
        deposit: o.deposit,
        maxEvents: o.maxEvents,
        baseDenomination: o.baseDenomination,
        quoteDenomination: o.quoteDenomination,
      }
      const warning = await denominationWarningFor(options)
      if (warning) process.stderr.write(`${warning}\n`)
      const bar = progressBar('backtest')
      let result: BacktestResult
      let biasText: string | undefined
      const extra: { path: string; text: string }[] = []
      try {
        if (o.bias) {
          const b = await runBiasChecks(options, {}, { onProgress: bar.update })
          result = b.reference
          biasText = formatBias(b.report)
          if (o.json)
            extra.push({ path: biasFileFor(o.json), text: `${JSON.stringify(b.report, null, 2)}\n` })
        } else result = await runBacktestDetailed(options, { onProgress: bar.update })
      } finally {
        bar.stop()
      }
      writeOutputsAtomically(result.run, { json: o.json, html: o.html, stream: process.stdout, extra })
      const { meta } = result.run
      const vol = (id: string) => result.recorded.volumeIn[id] ?? '0'
      process.stdout.write(
        `\nLog: ${meta.log.events} messages, ${result.recorded.swaps} recorded swaps (in: ${vol(meta.quote.id)} raw ${meta.quote.ticker}, ${vol(meta.base.id)} raw ${meta.base.ticker}), market ${meta.market}\n`,
      )
      const p = result.run.portfolio
      if (p)
        process.stdout.write(
          `Portfolio at the end: ${p.value} raw ${p.numeraire.ticker}; weights ${p.assets.map((a) => `${a.token.ticker} ${a.weight}`).join(', ')}\n`,
        )
      if (biasText) process.stdout.write(`\n${biasText}`)
    })
}
