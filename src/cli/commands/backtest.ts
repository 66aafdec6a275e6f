import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import cliProgress from 'cli-progress'
import type { Command } from 'commander'
import { BacktestConfigError } from '../../errors/harness.ts'
import { formatBias, runBiasChecks } from '../../harness/backtest/biasChecks.ts'
import { type BacktestOptions, type BacktestResult, runBacktestDetailed } from '../../harness/backtest.ts'
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

/** Writes outputs to temporary names first so an interrupted run never leaves a report that looks complete. */
export function writeOutputsAtomically(
  run: Parameters<typeof writeReports>[0],
  o: { json?: string; html?: string; stream?: NodeJS.WritableStream },
): void {
  const tmp = (p?: string) => (p ? `${p}.partial-${process.pid}` : undefined)
  const json = tmp(o.json)
  const html = tmp(o.html)
  try {
    writeReports(run, { json, html, stream: o.stream as never })
    if (json && o.json) renameSync(json, o.json)
    if (html && o.html) renameSync(html, o.html)
  } finally {
    for (const p of [json, html]) if (p && existsSync(p)) rmSync(p)
  }
}

export function register(program: Command): void {
  program
    .command('backtest')
    .description('Replay a recorded (or synthetic) pool log against an agent, deterministically')
    .argument('<strategy>', 'strategy module, e.g. agents/dca.ts')
    .requiredOption('--log <file>', 'pool log: afk NDJSON, SU page JSON or GraphQL edges')
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
    .option('--max-events <n>', 'stop after this many logged messages', int('max-events'))
    .option('--bias', 'also run lagged and truncated-history replays and flag unexplained decision changes')
    .option('--json <file>', 'write the JSON report')
    .option('--html <file>', 'write the HTML report')
    .action(async (strategy: string, o) => {
      for (const out of [o.json, o.html]) if (out && existsSync(out)) rmSync(out) // never leave a stale report behind
      const options: BacktestOptions = {
        strategy,
        log: o.log,
        params: parseParams(o.params),
        engine: o.engine,
        market: o.market,
        processes: o.processes,
        latencyMs: o.latency,
        deposit: o.deposit,
        maxEvents: o.maxEvents,
      }
      const bar = progressBar('backtest')
      let result: BacktestResult
      let biasText: string | undefined
      try {
        if (o.bias) {
          const b = await runBiasChecks(options, {}, { onProgress: bar.update })
          result = b.reference
          biasText = formatBias(b.report)
          if (o.json) writeFileSync(`${o.json}.bias.json`, `${JSON.stringify(b.report, null, 2)}\n`)
        } else result = await runBacktestDetailed(options, { onProgress: bar.update })
      } finally {
        bar.stop()
      }
      writeOutputsAtomically(result.run, { json: o.json, html: o.html, stream: process.stdout })
      const { meta } = result.run
      const vol = (id: string) => result.recorded.volumeIn[id] ?? '0'
      process.stdout.write(
        `\nLog: ${meta.log.events} messages, ${result.recorded.swaps} recorded swaps (in: ${vol(meta.quote.id)} raw ${meta.quote.ticker}, ${vol(meta.base.id)} raw ${meta.base.ticker}), market ${meta.market}\n`,
      )
      if (biasText) process.stdout.write(`\n${biasText}`)
    })
}
