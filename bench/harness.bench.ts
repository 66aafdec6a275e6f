import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runBacktestDetailed } from '../src/harness/backtest.ts'
import { formatReportJson } from '../src/harness/report/buildReport.ts'
import { synthPoolLog } from '../src/harness/synth/synthPoolLog.ts'
import { BotegaPoolModel } from '../src/models/BotegaPoolModel.ts'
import { BENCH_RUNS, cpuSeconds, median } from './measure.ts'
import type { BenchResult } from './types.ts'

const PARAMS = { amount: '1000000000000', slippageBps: 100 }
const fastRun = (log: string) => ({
  strategy: 'agents/dca.ts',
  log,
  engine: 'ts' as const,
  processes: 'model' as const,
  params: PARAMS,
})

/**
 * Replay of a seeded synthetic Botega log (AFK_BENCH_EVENTS, default 1,000,000 events) with the DCA agent, TS engine,
 * model market, full re-execution: market events and agent steps per CPU second. With AFK_BENCH_BIG=1 also the CLI
 * figures that take minutes and GBs of disk: peak RSS of `afk backtest --json --html` at 1M and 4M events and the
 * CPU time of `afk synth --events 4000000` (child processes under /usr/bin/time).
 */
export async function run(): Promise<BenchResult[]> {
  const events = Number(process.env.AFK_BENCH_EVENTS ?? 1_000_000)
  const big = process.env.AFK_BENCH_BIG === '1'
  const dir = mkdtempSync(join(tmpdir(), 'afk-bench-'))
  const out: BenchResult[] = []
  try {
    const log = join(dir, 'pool.ndjson')
    let t0 = cpuSeconds()
    await synthPoolLog({ seed: 7, events, out: log })
    const synthCpu = cpuSeconds() - t0
    out.push({
      name: `synth ${events.toLocaleString('en-US')} events (in process)`,
      unit: 'events/s',
      median: Math.round(events / synthCpu),
      note: `${synthCpu.toFixed(1)} CPU s, 1 run`,
    })
    const replay: number[] = []
    const steps: number[] = []
    let fullReport = ''
    // full re-execution from a cold start (caches off): every run reads and validates the log (once for an afk NDJSON
    // log, whose scan is forecast from a few lines; see log/quickScan.ts) and replays it
    const cache = process.env.AFK_CACHE
    process.env.AFK_CACHE = 'off'
    for (let i = 0; i < BENCH_RUNS; i++) {
      t0 = cpuSeconds()
      const r = await runBacktestDetailed({
        strategy: 'agents/dca.ts',
        log,
        engine: 'ts',
        processes: 'model',
        params: PARAMS,
      })
      const s = cpuSeconds() - t0
      replay.push(events / s)
      steps.push(r.agentSteps / s)
      fullReport = formatReportJson(r.run)
    }
    if (cache === undefined) delete process.env.AFK_CACHE
    else process.env.AFK_CACHE = cache
    // a repeat run of the same log (sweeps, bias checks): the log's hash comes from its stat memo, not a re-read
    const cacheDir = process.env.AFK_CACHE_DIR
    process.env.AFK_CACHE_DIR = join(dir, 'cache')
    await runBacktestDetailed({
      strategy: 'agents/dca.ts',
      log,
      engine: 'ts',
      processes: 'model',
      params: PARAMS,
    })
    const warm: number[] = []
    for (let i = 0; i < BENCH_RUNS; i++) {
      t0 = cpuSeconds()
      await runBacktestDetailed({
        strategy: 'agents/dca.ts',
        log,
        engine: 'ts',
        processes: 'model',
        params: PARAMS,
      })
      warm.push(events / (cpuSeconds() - t0))
    }
    out.push({
      key: 'replayEventsPerSec',
      name: `replay ${events.toLocaleString('en-US')} events, full re-execution`,
      unit: 'events/s',
      median: Math.round(median(replay)),
      min: Math.round(Math.min(...replay)),
      target: '≥ 50,000',
      ok: median(replay) >= 50_000,
      note: 'TS engine, model market; log read, validated and replayed',
    })
    out.push({
      name: 'the same replay, repeat run (caches on)',
      unit: 'events/s',
      median: Math.round(median(warm)),
      min: Math.round(Math.min(...warm)),
      note: "log read and validated once (by the replay); its sha256 from the first run's stat memo",
    })
    // the fast path: the first run builds the record cache (parses the log once), the timed runs read it; every
    // run's report JSON must be byte-identical to full re-execution's
    const fast: number[] = []
    const fastSteps: number[] = []
    let identical = true
    process.env.AFK_CACHE_DIR = join(dir, 'cache')
    t0 = cpuSeconds()
    const cold = await runBacktestDetailed({ ...fastRun(log), fast: true })
    const coldCpu = cpuSeconds() - t0
    identical &&= formatReportJson(cold.run) === fullReport
    let direct = 0
    for (let i = 0; i < BENCH_RUNS; i++) {
      t0 = cpuSeconds()
      const r = await runBacktestDetailed({ ...fastRun(log), fast: true })
      const s = cpuSeconds() - t0
      fast.push(events / s)
      fastSteps.push(r.agentSteps / s)
      direct = r.directSteps
      identical &&= formatReportJson(r.run) === fullReport
    }
    // planted drift: the same fast run with one unit more in the pool's reserve at every directly applied swap from the
    // 1000th on must not compare equal, else the byte comparison above proves nothing (a single unit once can vanish
    // from a 1M-event report: its samples are thinned and a trade's floor hides one unit in 10^18)
    const drifted = await plantedDrift(() => runBacktestDetailed({ ...fastRun(log), fast: true }))
    const driftCaught = formatReportJson(drifted.run) !== fullReport
    if (cacheDir === undefined) delete process.env.AFK_CACHE_DIR
    else process.env.AFK_CACHE_DIR = cacheDir
    out.push({
      key: 'replayFastEventsPerSec',
      name: `replay ${events.toLocaleString('en-US')} events on the fast path (--fast)`,
      unit: 'events/s',
      median: Math.round(median(fast)),
      min: Math.round(Math.min(...fast)),
      target: '≥ 250,000',
      ok: identical && driftCaught && median(fast) >= 250_000,
      note: `${identical ? 'report JSON byte-identical to full re-execution in every run' : 'REPORT JSON DIFFERS FROM FULL RE-EXECUTION'}${driftCaught ? ' (a planted drift, one unit per directly applied swap from the 1000th on, is caught)' : '; A PLANTED DRIFT WAS NOT CAUGHT'}; ${direct.toLocaleString('en-US')} messages applied directly per run; record cache read (built in a first run: ${Math.round(events / coldCpu).toLocaleString('en-US')} events/s); agent steps/s on it ${Math.round(median(fastSteps)).toLocaleString('en-US')}`,
    })
    out.push({
      key: 'agentStepsPerSec',
      name: 'agent steps inside that replay',
      unit: 'steps/s',
      median: Math.round(median(steps)),
      min: Math.round(Math.min(...steps)),
      target: '≥ 20,000',
      ok: median(steps) >= 20_000,
      note: 'messages the agent evaluated ÷ CPU time of the whole replay',
    })
    t0 = cpuSeconds()
    await runBacktestDetailed({
      strategy: 'agents/dca.ts',
      log: 'samples/botega-demo.ndjson',
      engine: 'lua',
      params: PARAMS,
    })
    out.push({
      name: 'demo backtest, agent and market on aos (1,500 events)',
      unit: 'CPU s',
      median: Math.round((cpuSeconds() - t0) * 100) / 100,
      note: '1 run',
    })
    out.push(...(big ? bigFigures(dir) : notBig()))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return out
}

/** Runs `f` with every swap the pool model applies directly from the 1000th on leaving one more unit of token A in the pool. */
async function plantedDrift<T>(f: () => Promise<T>): Promise<T> {
  const applyDirect = BotegaPoolModel.prototype.applyDirect
  let n = 0
  BotegaPoolModel.prototype.applyDirect = function (m, unseen) {
    const sends = applyDirect.call(this, m, unseen)
    if (sends && ++n >= 1000) (this as unknown as { state: { reserveA: bigint } }).state.reserveA += 1n
    return sends
  }
  try {
    return await f()
  } finally {
    BotegaPoolModel.prototype.applyDirect = applyDirect
  }
}

function notBig(): BenchResult[] {
  const reason = 'run with AFK_BENCH_BIG=1 (minutes, several GB of disk)'
  return [
    {
      key: 'peakRssMb1M',
      name: 'peak RSS, afk backtest --json --html, 1M events',
      unit: 'MB',
      median: null,
      target: '≤ 250',
      reason,
    },
    {
      key: 'peakRssMb4M',
      name: 'peak RSS, afk backtest --json --html, 4M events',
      unit: 'MB',
      median: null,
      target: '≤ 250',
      reason,
    },
    {
      key: 'synth4MSeconds',
      name: 'afk synth --events 4000000',
      unit: 'CPU s',
      median: null,
      target: '< 180',
      reason,
    },
  ]
}

/** Runs the CLI in a child under /usr/bin/time: CPU seconds and peak RSS (MB) of that process tree. */
function timed(args: string[]): { cpu: number; rssMb: number } {
  const fmtFile = join(tmpdir(), `afk-bench-time-${process.pid}`)
  execFileSync(
    '/usr/bin/time',
    // through the launcher users run (its node flags included); %M is the largest process of the tree
    ['-f', '%U %S %M', '-o', fmtFile, process.execPath, 'bin/afk.mjs', ...args],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  const [u, s, m] = (execFileSync('cat', [fmtFile]).toString().trim().split('\n').at(-1) as string)
    .split(' ')
    .map(Number)
  rmSync(fmtFile, { force: true })
  return { cpu: (u as number) + (s as number), rssMb: Math.round((m as number) / 1024) }
}

function bigFigures(dir: string): BenchResult[] {
  if (!existsSync('/usr/bin/time'))
    return notBig().map((r) => ({ ...r, reason: '/usr/bin/time is not installed' }))
  const out: BenchResult[] = []
  const log4 = join(dir, 'pool4m.ndjson')
  const synth = timed(['synth', '--seed', '7', '--events', '4000000', '-o', log4])
  out.push({
    key: 'synth4MSeconds',
    name: 'afk synth --events 4000000',
    unit: 'CPU s',
    median: Math.round(synth.cpu),
    target: '< 180',
    ok: synth.cpu < 180,
    note: '1 run',
  })
  const log1 = join(dir, 'pool1m.ndjson')
  timed(['synth', '--seed', '7', '--events', '1000000', '-o', log1])
  for (const [key, log, label] of [
    ['peakRssMb1M', log1, '1M'],
    ['peakRssMb4M', log4, '4M'],
  ] as const) {
    const r = timed([
      'backtest',
      'agents/dca.ts',
      '--log',
      log,
      '--engine',
      'ts',
      '--params',
      JSON.stringify(PARAMS),
      // `--json` alone prints the report on stdout; `-o` writes it to a file
      '-o',
      join(dir, `${label}.json`),
      '--html',
      join(dir, `${label}.html`),
    ])
    out.push({
      key,
      name: `peak RSS, afk backtest --json --html, ${label} events`,
      unit: 'MB',
      median: r.rssMb,
      target: '≤ 250',
      ok: r.rssMb <= 250,
      note: `1 run, ${Math.round(r.cpu)} CPU s`,
    })
  }
  return out
}
