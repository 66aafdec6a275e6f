import type { SourceMessage } from '../ao/directApply.ts'
import { makeId } from '../ao/ids.ts'
import { compileOrThrow, strategyHash } from '../compiler/compile.ts'
import { createDualEngine, createEngine, spawnTags } from '../engine/createEngine.ts'
import { loadStrategy } from '../engine/loadStrategy.ts'
import { BacktestConfigError, type LogLocation } from '../errors/harness.ts'
import { BotegaSwapError, botegaSwap } from '../models/botegaSwap.ts'
import { version } from '../version.ts'
import { AgentTracker, type Decision } from './backtest/AgentTracker.ts'
import { BaselinePortfolio } from './backtest/BaselinePortfolio.ts'
import { baselineAllocation } from './backtest/baselineAllocation.ts'
import { depositFor } from './backtest/depositFor.ts'
import { EquityRecorder } from './backtest/EquityRecorder.ts'
import { type BacktestMarket, openBacktestMarket } from './backtest/openBacktestMarket.ts'
import { PortfolioTracker } from './backtest/PortfolioTracker.ts'
import { recordedSource } from './backtest/recordedSource.ts'
import { StateTimeline } from './backtest/StateTimeline.ts'
import { simulateAskedProcesses } from './backtest/simulateAskedProcesses.ts'
import { RecordCache } from './log/recordCache.ts'
import { cachedScan } from './log/scanCache.ts'
import { type RecordScan, scanRecords } from './log/scanLog.ts'
import { buildMarket, type MarketMode, poolCodeInLog } from './market/buildMarket.ts'
import { ASSUMED_DENOMINATION } from './market/marketInfo.ts'
import type { BacktestRun } from './report/types.ts'
import { BlockClock } from './world/BlockClock.ts'
import { parseCrons } from './world/crons.ts'
import { World } from './world/World.ts'

/** Everything a backtest needs, as plain JSON (sweeps send it to worker threads). */
export interface BacktestOptions {
  /** strategy module, e.g. agents/dca.ts */
  strategy: string
  /** strategy params; `base`, `quote` and `pool` are filled from the log when missing */
  params?: Record<string, unknown>
  /**
   * recorded or synthetic pool log (NDJSON, SU pages or GraphQL), an `afk-market-log` of several pools, or several
   * logs merged by timestamp and nonce; the agent's pool is `params.pool` (default: the first logged process)
   */
  log: string | string[]
  /** `ts` fast reference, `lua` compiled artifact on aos, `both` lockstep with divergence check (default lua) */
  engine?: 'ts' | 'lua' | 'both'
  /** `reexecute` (default): recorded inputs hit the simulated pool, the agent's impact persists; `anchored`: the pool follows the recording */
  market?: MarketMode
  /** token and pool implementations (default: TS models for the ts engine, aos Lua otherwise) */
  processes?: 'lua' | 'model' | 'lua-pool'
  /** MU delivery latency for every pushed message, ms (default 1000) */
  latencyMs?: number
  /** extra delay of every message the agent receives (lagged-replay bias check), ms */
  replyLagMs?: number
  /** start the agent this long after the first logged message (truncated-history bias check), ms */
  startOffsetMs?: number
  /**
   * owner's initial quote deposit in raw units (default: params.amount × (expected ticks + 2); without an `amount`
   * param 10,000 whole quote tokens, stated as a warning: see backtest/depositFor.ts)
   */
  deposit?: string
  /** equity sample spacing besides every agent tick, ms (default 1 h) */
  sampleEveryMs?: number
  /** the pool token treated as quote (default: header meta, else Token-B) */
  quoteToken?: string
  /** decimals of the base / quote token when the log header does not give them (else 12 is assumed, flagged) */
  baseDenomination?: number
  quoteDenomination?: number
  /** stop after this many logged messages */
  maxEvents?: number
  /**
   * The replay fast path: records come from a pre-parsed cache of the log (built on first use, keyed by its sha256;
   * see log/recordCache.ts) instead of being parsed again. Same report bytes as the default full parse (tested).
   */
  fast?: boolean
  /**
   * Records come from the pre-parsed cache (as on the fast path) but every message is still built and evaluated:
   * the parse of the log is shared, the replay is the full one. Sweeps set it after building the cache once.
   */
  recordCache?: boolean
  /**
   * Run even though the params name a pool or token that is not in the log (the agent then cannot trade): the
   * problem becomes a warning in the terminal, the JSON and the HTML instead of an error.
   */
  force?: boolean
  /**
   * ask() targets missing from the log become afk's reference signal process answering this constant (bps);
   * without it such a strategy stops with an error (or, forced, runs with every ask timing out)
   */
  signalBps?: number
}

export interface BacktestHooks {
  /** called every few hundred logged messages with (done, total) */
  onProgress?: (done: number, total: number) => void
  /** called with a human-readable warning (e.g. assumed denominations); undefined when there is nothing to say */
  onWarning?: (text: string | undefined) => void
  /**
   * false: do not keep the agent's decisions and tick times (only the bias checks read them; a long run would hold
   * one entry per order and per tick): the result's `decisions` and `tickTimes` are then empty. Default true.
   */
  trace?: boolean
  /**
   * true: keep the equity samples and state changes packed (`PackedSamples`, `EventColumns`; the run's `samples` and
   * `events` are then read-only views), a fraction of the memory of the objects. Default false
   */
  packSamples?: boolean
}

/** The agent's process id in a backtest: a function of the strategy id and hash only. */
export function agentIdFor(strategyId: string, hash: string): string {
  return makeId(`afk:agent:${strategyId}:${hash}`)
}

/** Reads only the log's header: the denomination warning a backtest with these options would give, else undefined. */
export async function denominationWarningFor(
  o: Pick<BacktestOptions, 'log' | 'params' | 'quoteToken' | 'baseDenomination' | 'quoteDenomination'>,
): Promise<string | undefined> {
  const m = await openBacktestMarket(o.log, o.params?.pool, o, false)
  return denominationWarning(m.info, m.assumedElsewhere)
}

/** The market a backtest with these options would see (reads the log header only). */
export async function logMarketInfo(
  o: Pick<BacktestOptions, 'log' | 'params' | 'quoteToken' | 'baseDenomination' | 'quoteDenomination'>,
) {
  return (await openBacktestMarket(o.log, o.params?.pool, o, false)).info
}

/** The warning to print when the run assumed denominations, else undefined. */
export function denominationWarning(
  info: {
    denominationAssumed: boolean
    base: { ticker: string }
    quote: { ticker: string }
  },
  /** assets of the market's other pools whose denomination was assumed */
  others: string[] = [],
): string | undefined {
  const lines: string[] = []
  if (info.denominationAssumed)
    lines.push(
      `Warning: the log does not give the denominations of ${info.base.ticker}/${info.quote.ticker}; assuming ${ASSUMED_DENOMINATION} decimals (pass --base-denomination/--quote-denomination). Amounts in the report may be off by powers of ten.`,
    )
  if (others.length)
    lines.push(
      `Warning: the log does not give the denominations of ${others.join(', ')} (other pools of the market); assuming ${ASSUMED_DENOMINATION} decimals. Their values in the portfolio may be off by powers of ten.`,
    )
  return lines.length ? lines.join('\n') : undefined
}

/**
 * Params that name a pool or token the log does not contain: the agent would wait for quotes and notices that never
 * come, and the report would compare "no trades" against the market. Returns one sentence per problem.
 */
export function paramsLogMismatch(
  params: Record<string, unknown>,
  tokens: readonly string[],
  info: { pool: string; base: { id: string; ticker: string }; quote: { id: string; ticker: string } },
  log: string,
  /** the market's other pools (multi-pool logs): their tokens are in the log too */
  others: { base: { id: string }; quote: { id: string } }[] = [],
): string[] {
  const out: string[] = []
  if (typeof params.pool === 'string' && params.pool !== info.pool)
    out.push(`params.pool ${params.pool} is not the pool of the log ${log} (${info.pool})`)
  const inLog = [info.base.id, info.quote.id, ...others.flatMap((x) => [x.base.id, x.quote.id])]
  for (const t of tokens) {
    const v = params[t]
    if (typeof v === 'string' && !inLog.includes(v))
      out.push(
        `params.${t} ${v} is not a token of the log ${log} (${info.base.ticker} ${info.base.id}, ${info.quote.ticker} ${info.quote.id})`,
      )
  }
  return out
}

/** The run plus the agent's decisions (used by the bias checks) and what the log itself contained. */
export interface BacktestResult {
  run: BacktestRun
  decisions: Decision[]
  tickTimes: number[]
  /** swaps reconstructed from the pool log (`Credit-Notice` with `X-Action=Swap`), by input token */
  recorded: {
    swaps: number
    volumeIn: Record<string, string>
    /** swap notices the reader could not use (counted, never silently dropped) */
    unusable?: { count: number; first: string; reason: string }
  }
  /** messages the agent evaluated (its ticks included): the benchmark's "agent steps" */
  agentSteps: number
  /** fast path: messages applied directly to a model's state (recorded swaps, their payouts) instead of evaluated */
  directSteps: number
}

export async function runBacktest(o: BacktestOptions, hooks: BacktestHooks = {}): Promise<BacktestRun> {
  return (await runBacktestDetailed(o, hooks)).run
}

/** `runBacktest` with the agent's decision trace and the recorded swaps. */
export async function runBacktestDetailed(
  o: BacktestOptions,
  hooks: BacktestHooks = {},
): Promise<BacktestResult> {
  const engineKind = o.engine ?? 'lua'
  const mode = o.market ?? 'reexecute'
  const processes = o.processes ?? (engineKind === 'ts' ? 'model' : 'lua')
  if (!['ts', 'lua', 'both'].includes(engineKind))
    throw new BacktestConfigError(`Unknown engine "${engineKind}" (use ts, lua or both)`)
  if (!['reexecute', 'anchored'].includes(mode))
    throw new BacktestConfigError(`Unknown market mode "${mode}" (use reexecute or anchored)`)
  const opened = await openBacktestMarket(o.log, o.params?.pool, {
    quoteToken: o.quoteToken,
    baseDenomination: o.baseDenomination,
    quoteDenomination: o.quoteDenomination,
  })
  const { log, info, file } = opened
  hooks.onWarning?.(denominationWarning(info, opened.assumedElsewhere))
  const strategy = await loadStrategy(o.strategy)
  // Before the records are scanned: the log's pool and tokens fill the params the strategy has and the user did
  // not give, and params that name another pool or token stop the run (or, forced, are warned about everywhere).
  const shape = (strategy.config.params as { shape?: Record<string, unknown> }).shape ?? {}
  const fromLog = { base: info.base.id, quote: info.quote.id, pool: info.pool }
  const params: Record<string, unknown> = {
    ...Object.fromEntries(Object.entries(fromLog).filter(([k]) => k in shape)),
    ...(o.params ?? {}),
  }
  const warnings = paramsLogMismatch(
    params,
    strategy.config.tokens,
    info,
    file.file,
    opened.others.map((x) => x.info),
  )
  if (warnings.length && !o.force)
    throw new BacktestConfigError(warnings[0], [
      ...warnings.slice(1),
      'Leave base/quote/pool out of the params to take them from the log, or pass --force to run anyway.',
    ])
  for (const w of warnings) hooks.onWarning?.(`Warning: ${w} (--force): the agent cannot trade in this run.`)
  const code = poolCodeInLog(opened.header)
  if (code && processes === 'model') {
    const w = `--processes model replaces the pool code recorded in the log (On-Boot=Data, ${code.bytes} bytes) with afk's TS model of a Botega pool: results hold only as far as that code behaves like Botega`
    warnings.push(w)
    hooks.onWarning?.(`Warning: ${w}.`)
  }
  // One streaming pass over the records (any format, constant memory) gives the end of the log and its size.
  // A log already scanned (same bytes, same limit) is not parsed twice: see log/scanCache.ts.
  // The fast path reads a validated, pre-parsed copy of the log (built by that same pass when there is none).
  const cache = o.fast || o.recordCache ? await RecordCache.open(file.sha256, () => log.records()) : undefined
  try {
    return await replay(o, hooks, { ...opened, strategy, params, warnings, cache })
  } finally {
    cache?.dispose()
  }
}

async function replay(
  o: BacktestOptions,
  hooks: BacktestHooks,
  p: BacktestMarket & {
    strategy: Awaited<ReturnType<typeof loadStrategy>>
    params: Record<string, unknown>
    warnings: string[]
    cache: RecordCache | undefined
    /** the scan of the log when a first replay found it (see `forecast`) */
    scan?: RecordScan
  },
): Promise<BacktestResult> {
  const engineKind = o.engine ?? 'lua'
  const mode = o.market ?? 'reexecute'
  const processes = o.processes ?? (engineKind === 'ts' ? 'model' : 'lua')
  const { log, info, file, strategy, params, warnings, cache } = p
  const opened = p
  const warningsBefore = [...warnings]
  // Full re-execution reads and validates every record below: the scan is forecast from a few lines of the log
  // (log/quickScan.ts) and checked against what the replay read at the end.
  const forecast = !cache && !p.scan ? await log.quickScan({ maxEvents: o.maxEvents }) : null
  const scan =
    p.scan ??
    forecast ??
    (cache && (o.maxEvents === undefined || o.maxEvents >= cache.scan.events)
      ? cache.scan
      : cache
        ? await scanRecords(cache, { maxEvents: o.maxEvents })
        : await cachedScan(file.sha256, o.maxEvents, () => scanRecords(log, { maxEvents: o.maxEvents })))

  // The first logged message (after the spawn item) fixes the clock and the agent's start.
  const records = cache ? cache.records() : log.records()
  let first: SourceMessage | undefined
  let firstAt: LogLocation | undefined
  for (let r = await records.next(); !r.done; r = await records.next()) {
    if (r.value.spawn) continue
    first = r.value.message
    firstAt = r.value.location
    break
  }
  if (!first) throw new BacktestConfigError(`The log ${file.file} has no messages after the spawn item`)
  const start = first.Timestamp + (o.startOffsetMs ?? 0)
  const latency = o.latencyMs ?? 1000
  // The agent's identity comes from the strategy's content, never from how its path was spelled: every id the agent
  // pushes (order ids included) derives from it, so the report is the same for `agents/dca.ts` and an absolute path.
  const compiled = compileOrThrow(strategy, params)
  const hash = strategyHash(compiled.ir)
  const agentId = agentIdFor(strategy.config.id, hash)
  const owner = makeId('afk:agent-owner')
  const world = new World({
    clock: new BlockClock({ timestamp: first.Timestamp, height: first['Block-Height'] }),
    latency: o.replyLagMs
      ? ({ to }) => (to === agentId ? latency + (o.replyLagMs as number) : latency)
      : latency,
    idSeed: 'afk-backtest',
    quiet: o.fast === true,
  })
  const heightAt = (t: number) => world.clock?.heightAt(t) ?? 0
  const agent = { strategy, params, id: agentId, owner, timestamp: start, blockHeight: heightAt(start) }
  if (scan.lastTimestamp === undefined)
    throw new BacktestConfigError(
      `The log ${file.file} changed while it was read (no messages on the second pass)`,
    )
  const end = scan.lastTimestamp
  const { amount: deposit, assumed } = depositFor({
    deposit: o.deposit,
    params,
    crons: parseCrons(spawnTags(compiled.ir), agentId),
    start,
    end,
    quote: info.quote,
  })
  if (assumed) {
    warnings.push(assumed)
    hooks.onWarning?.(`Warning: ${assumed}.`)
  }
  const market = await buildMarket({
    world,
    header: opened.header,
    info,
    others: opened.others,
    mode,
    processes,
    treasury: makeId('afk:treasury'),
    balances: { [info.quote.id]: { [owner]: deposit } },
    at: { timestamp: first.Timestamp, blockHeight: first['Block-Height'] },
  })
  for (const w of await simulateAskedProcesses({
    world,
    ir: compiled.ir,
    params,
    signalBps: o.signalBps,
    force: o.force,
    processes,
    owner: makeId('afk:signal-owner'),
    at: { timestamp: first.Timestamp, blockHeight: first['Block-Height'] },
  })) {
    warnings.push(w)
    hooks.onWarning?.(`Warning: ${w}.`)
  }
  const total = Math.max(1, scan.events)
  const { source, stats } = recordedSource({
    first,
    firstAt,
    records,
    maxEvents: o.maxEvents,
    markRecorded: market.markRecorded,
    onProgress: (d) => hooks.onProgress?.(d, total),
  })
  await world.addSource(source)
  await world.run({ until: start - 1 })

  // The agent joins at `start`: spawn, boot outbox, then the owner's deposit.
  const engine = await (engineKind === 'both'
    ? createDualEngine(agent)
    : createEngine({ ...agent, kind: engineKind }))
  world.add(engine.engine, {
    owner,
    spawnTimestamp: start,
    spawnHeight: heightAt(start),
    tags: engine.spawnTags,
  })
  if (engine.bootMessages.length) world.emitOutbox(agentId, engine.bootMessages, start)
  world.send({
    from: owner,
    target: info.quote.id,
    tags: [
      { name: 'Action', value: 'Transfer' },
      { name: 'Recipient', value: agentId },
      { name: 'Quantity', value: String(deposit) },
    ],
    at: start + 1,
  })

  let equity: EquityRecorder | undefined
  const trace = hooks.trace !== false
  const tracker = new AgentTracker(agentId, owner, {
    keepDecisions: trace,
    pool: info.pool,
    base: info.base.id,
    quote: info.quote.id,
    baseAtSpot: async (amount) => {
      const r = await (equity as EquityRecorder).reserves(world.now)
      return r.base === 0n ? 0n : (amount * r.quote) / r.base
    },
    quoteSwap: async (tokenIn, amountIn) => {
      const r = await (equity as EquityRecorder).reserves(world.now)
      const [rin, rout] = tokenIn === info.base.id ? [r.base, r.quote] : [r.quote, r.base]
      try {
        const q = botegaSwap(rin, rout, amountIn, info.lpFeeBps, info.protocolFeeBps)
        return { out: q.amountOut, fee: q.totalFee }
      } catch (e) {
        // the pool would refuse this swap (empty reserves, nothing out): nothing expected
        if (e instanceof BotegaSwapError) return { out: 0n, fee: 0n }
        throw e
      }
    },
  })
  // Several pools: the agent's holdings across all of them, valued in the primary pool's quote (the numeraire).
  const portfolio = market.others.length
    ? new PortfolioTracker(
        agentId,
        info.quote,
        [
          { info, pool: market.priceSource },
          ...opened.others.map((x, i) => ({ info: x.info, pool: market.others[i] })),
        ]
          .filter((x) => x.info.quote.id === info.quote.id)
          // in the order the log(s) list the pools, whichever one the agent trades on
          .sort((x, y) => opened.order.indexOf(x.info.pool) - opened.order.indexOf(y.info.pool)),
        heightAt,
      )
    : undefined
  // Several pools: buy and hold of what the agent sets out to hold (its target weights, or the assets it names)
  const baseline = portfolio
    ? (() => {
        const allocation = baselineAllocation(
          params,
          portfolio.pools.map((x) => ({ token: x.info.base, pool: x.info.pool })),
          info.quote,
          info.base,
        )
        return { allocation, holder: new BaselinePortfolio(allocation, portfolio.pools, heightAt) }
      })()
    : undefined
  const timeline = new StateTimeline(agentId, engine.engine, hooks.packSamples === true)
  await timeline.start()
  equity = new EquityRecorder({
    info,
    pool: market.priceSource,
    tracker,
    engine: engine.engine,
    heightAt,
    start,
    everyMs: o.sampleEveryMs ?? 3_600_000,
    weights: portfolio ? (t) => portfolio.weights(t) : undefined,
    portfolioValue: portfolio ? (t) => portfolio.values(t) : undefined,
    baselineValue: baseline ? (t, flows) => baseline.holder.value(t, flows) : undefined,
    packed: hooks.packSamples === true,
  })
  const tickTimes: number[] = []
  world.onEvaluated(async (e) => {
    await tracker.observe(e)
    portfolio?.observe(e)
    await timeline.observe(e)
    const tick = e.process === agentId && e.message.Cron
    if (tick && trace) tickTimes.push(e.at)
    await (equity as EquityRecorder).after(e.at, tick)
  })
  // fast path: a step counted without being made (an ignored notice) still moves the clock of the samples
  world.onQuiet((at) => (equity as EquityRecorder).after(at, false))
  // Until the log is used up, then whatever is due up to its last message (crons never end on their own).
  for (;;) {
    const next = world.nextAt()
    if (next === undefined || (stats.exhausted && next > stats.lastT)) break
    // most steps (quiet counts, direct applications, cached records) finish synchronously: await only the rest
    const r = world.advance()
    if (r !== true && r !== false) await r
  }
  // a forecast the log proved wrong (a spawn item that is not its first record, say): again with the true figures
  if (forecast && (stats.done !== forecast.events || stats.lastT !== forecast.lastTimestamp)) {
    // the terminal has seen this run's warnings already: the second run prints only new ones
    const said = new Set(warnings.filter((w) => !warningsBefore.includes(w)).map((w) => `Warning: ${w}.`))
    const onWarning = hooks.onWarning
    return replay(
      o,
      {
        ...hooks,
        onWarning: onWarning && ((t) => (t !== undefined && said.has(t) ? undefined : onWarning(t))),
      },
      {
        ...p,
        warnings: warningsBefore,
        scan: { events: stats.done, lastTimestamp: stats.lastT },
      },
    )
  }
  const stop = Math.max(stats.lastT, start)
  await equity.sample(stop)
  tracker.finish()
  hooks.onProgress?.(stats.done, stats.done)
  const run: BacktestRun = {
    meta: {
      agent: strategy.config.id,
      // the same strategy hash the compiled Lua header carries
      strategyHash: hash,
      params: JSON.parse(JSON.stringify(params, (_k, v) => (typeof v === 'bigint' ? String(v) : v))),
      // relative to the working directory, so the report does not depend on where the repo is checked out
      log: {
        file: file.file,
        sha256: file.sha256,
        events: stats.done,
        ...(stats.unusable ? { unusable: stats.unusable } : {}),
      },
      engine: engineKind,
      market: mode,
      start,
      end: stop,
      base: info.base,
      quote: info.quote,
      afkVersion: version,
      ...(info.denominationAssumed ? { denominationAssumed: true as const } : {}),
      ...(warnings.length ? { warnings } : {}),
      ...(baseline ? { baseline: baseline.allocation.label } : {}),
    },
    samples: equity.samples,
    trades: tracker.trades,
    cashflows: tracker.cashflows,
    counts: { messages: world.steps, ticks: tracker.ticks, agentErrors: tracker.errors },
    events: timeline.events,
    ...(portfolio ? { portfolio: await portfolio.at(stop) } : {}),
  }
  const volumeIn = Object.fromEntries(
    [...stats.volumeIn].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, String(v)]),
  )
  return {
    run,
    decisions: tracker.decisions,
    tickTimes,
    recorded: { swaps: stats.swaps, volumeIn, ...(stats.unusable ? { unusable: stats.unusable } : {}) },
    agentSteps: world.stats(agentId).evaluations,
    directSteps: world.directCount,
  }
}
