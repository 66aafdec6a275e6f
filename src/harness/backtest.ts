import { createHash } from 'node:crypto'
import { makeId } from '../ao/ids.ts'
import type { AoMessage } from '../ao/message.ts'
import {
  type CreatedEngine,
  type CreateEngineParameters,
  createDualEngine,
  createEngine,
} from '../engine/createEngine.ts'
import { loadStrategy } from '../engine/loadStrategy.ts'
import { BacktestConfigError } from '../errors/harness.ts'
import { version } from '../version.ts'
import { AgentTracker, type Decision } from './backtest/AgentTracker.ts'
import { equitySample } from './backtest/equitySample.ts'
import { openLog } from './log/openLog.ts'
import { hashFile, lastTimestamp } from './log/scanLog.ts'
import { buildMarket, type MarketMode } from './market/buildMarket.ts'
import { marketInfo } from './market/marketInfo.ts'
import { recordedSwap } from './market/recordedSwaps.ts'
import type { BacktestRun, EquitySample } from './report/types.ts'
import { botegaSwap } from './synth/botegaMath.ts'
import { BlockClock } from './world/BlockClock.ts'
import { parseCrons } from './world/crons.ts'
import { World } from './world/World.ts'

/** Everything a backtest needs, as plain JSON (sweeps send it to worker threads). */
export interface BacktestOptions {
  /** strategy module, e.g. agents/dca.ts */
  strategy: string
  /** strategy params; `base`, `quote` and `pool` are filled from the log when missing */
  params?: Record<string, unknown>
  /** recorded or synthetic pool log (NDJSON, SU pages or GraphQL) */
  log: string
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
  /** owner's initial quote deposit in raw units (default: params.amount × expected ticks + 1) */
  deposit?: string
  /** equity sample spacing besides every agent tick, ms (default 1 h) */
  sampleEveryMs?: number
  /** the pool token treated as quote (default: header meta, else Token-B) */
  quoteToken?: string
  /** stop after this many logged messages */
  maxEvents?: number
}

export interface BacktestHooks {
  /** called every few hundred logged messages with (done, total estimate) */
  onProgress?: (done: number, total: number) => void
}

/** The run plus the agent's decisions (used by the bias checks) and what the log itself contained. */
export interface BacktestResult {
  run: BacktestRun
  decisions: Decision[]
  tickTimes: number[]
  /** swaps reconstructed from the pool log (`Credit-Notice` with `X-Action=Swap`), by input token */
  recorded: { swaps: number; volumeIn: Record<string, string> }
}

export async function runBacktest(o: BacktestOptions, hooks: BacktestHooks = {}): Promise<BacktestRun> {
  return (await runBacktestDetailed(o, hooks)).run
}

/** `runBacktest` with the agent's decision trace. */
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
  const scan = await hashFile(o.log)
  const log = await openLog(o.log)
  const info = marketInfo(log.header, { quoteToken: o.quoteToken })
  const strategy = await loadStrategy(o.strategy)

  // First logged message (after the spawn item) fixes the clock and the agent's start.
  const records = log.records()
  let first: AoMessage | undefined
  const buffered: AoMessage[] = []
  for (;;) {
    const r = await records.next()
    if (r.done) break
    if (r.value.spawn) continue
    first = r.value.message
    buffered.push(first)
    break
  }
  if (!first) throw new BacktestConfigError(`The log ${o.log} has no messages after the spawn item`)
  const end = (await lastTimestamp(o.log)) ?? first.Timestamp
  const start = first.Timestamp + (o.startOffsetMs ?? 0)
  const latency = o.latencyMs ?? 1000
  const agentId = makeId(`afk:agent:${o.strategy}`)
  const owner = makeId('afk:agent-owner')
  const treasury = makeId('afk:treasury')
  const world = new World({
    clock: new BlockClock({ timestamp: first.Timestamp, height: first['Block-Height'] }),
    latency: o.replyLagMs
      ? ({ to }) => (to === agentId ? latency + (o.replyLagMs as number) : latency)
      : latency,
    idSeed: 'afk-backtest',
  })
  const params: Record<string, unknown> = {
    base: info.base.id,
    quote: info.quote.id,
    pool: info.pool,
    ...(o.params ?? {}),
  }
  const probe = await createEngine({
    kind: 'ts',
    strategy,
    params,
    id: agentId,
    owner,
    timestamp: start,
    blockHeight: world.clock?.heightAt(start) ?? 0,
  })
  const crons = parseCrons(probe.spawnTags, agentId)
  const deposit = depositFor(o, params, crons, start, end)
  const at = { timestamp: first.Timestamp, blockHeight: first['Block-Height'] }
  const market = await buildMarket({
    world,
    header: log.header,
    info,
    mode,
    processes,
    treasury,
    balances: { [info.quote.id]: { [owner]: deposit } },
    at,
  })

  // Logged traffic, streamed: marked as recorded (anchored mode) and counted for progress.
  let done = 0
  const total = Math.max(1, scan.lines - 2)
  const swaps = { count: 0, volume: new Map<string, bigint>() }
  const seen = (m: AoMessage) => {
    const s = recordedSwap(m)
    if (!s) return
    swaps.count++
    swaps.volume.set(s.tokenIn, (swaps.volume.get(s.tokenIn) ?? 0n) + s.amountIn)
  }
  const source = (async function* () {
    for (const m of buffered) {
      done++
      seen(m)
      market.markRecorded(m)
      yield m
    }
    for await (const r of { [Symbol.asyncIterator]: () => records }) {
      if (r.spawn) continue
      if (o.maxEvents !== undefined && done >= o.maxEvents) return
      done++
      if (done % 500 === 0) hooks.onProgress?.(done, total)
      seen(r.message)
      market.markRecorded(r.message)
      yield r.message
    }
  })()
  await world.addSource(source)
  await world.run({ until: start - 1 })

  // The agent joins at `start`: spawn, boot outbox, then the owner's deposit.
  const height = world.clock?.heightAt(start) ?? 0
  const engine = await makeAgent(engineKind, {
    strategy,
    params,
    id: agentId,
    owner,
    timestamp: start,
    blockHeight: height,
  })
  world.add(engine.engine, { owner, spawnTimestamp: start, spawnHeight: height, tags: engine.spawnTags })
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

  const baseIsA = info.base.id === info.tokenA
  const reserves = async (t: number) => {
    const r = await market.priceSource.reserves({ timestamp: t, blockHeight: world.clock?.heightAt(t) ?? 0 })
    return baseIsA ? { base: r.a, quote: r.b } : { base: r.b, quote: r.a }
  }
  const tracker = new AgentTracker(agentId, owner, {
    pool: info.pool,
    base: info.base.id,
    quote: info.quote.id,
    quoteSwap: async (tokenIn, amountIn) => {
      const r = await reserves(world.now)
      const [rin, rout] = tokenIn === info.base.id ? [r.base, r.quote] : [r.quote, r.base]
      const q = botegaSwap({
        amountIn,
        reserveIn: rin,
        reserveOut: rout,
        lpFeeBps: BigInt(info.lpFeeBps),
        protocolFeeBps: BigInt(info.protocolFeeBps),
      })
      return { out: q.out, fee: q.lpFee + q.protocolFee }
    },
  })
  const samples: EquitySample[] = []
  const tickTimes: number[] = []
  const every = o.sampleEveryMs ?? 3_600_000
  let nextSample = start
  let baselineBase: bigint | undefined
  const sample = async (t: number) => {
    if (samples.length && samples[samples.length - 1].t === t) samples.pop()
    const r = await reserves(t)
    if (baselineBase === undefined && r.base > 0n && r.quote > 0n) baselineBase = (deposit * r.base) / r.quote
    const snap = await engine.engine.snapshot()
    samples.push(
      equitySample({
        t,
        base: info.base,
        quote: info.quote,
        balBase: tracker.balance(info.base.id),
        balQuote: tracker.balance(info.quote.id),
        reserveBase: r.base,
        reserveQuote: r.quote,
        lpFeeBps: info.lpFeeBps,
        protocolFeeBps: info.protocolFeeBps,
        baselineBase: baselineBase ?? 0n,
        state: snap.value,
      }),
    )
  }
  world.onEvaluated(async (e) => {
    await tracker.observe(e)
    if (e.process === agentId && e.message.Cron) {
      tickTimes.push(e.at)
      await sample(e.at)
    } else if (e.at >= nextSample) await sample(e.at)
    if (e.at >= nextSample) nextSample = (Math.floor(e.at / every) + 1) * every
  })
  await world.run({ until: end })
  await sample(end)
  tracker.finish()
  hooks.onProgress?.(done, done)
  const run: BacktestRun = {
    meta: {
      agent: strategy.config.id,
      strategyHash: createHash('sha256').update(probe.lua).digest('hex'),
      params: jsonParams(params),
      log: { file: o.log, sha256: scan.sha256, events: done },
      engine: engineKind,
      market: mode,
      start,
      end,
      base: info.base,
      quote: info.quote,
      afkVersion: version,
    },
    samples,
    trades: tracker.trades,
    cashflows: tracker.cashflows,
    counts: { messages: world.steps, ticks: tracker.ticks, agentErrors: tracker.errors },
  }
  const volumeIn = Object.fromEntries(
    [...swaps.volume].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, String(v)]),
  )
  return { run, decisions: tracker.decisions, tickTimes, recorded: { swaps: swaps.count, volumeIn } }
}

async function makeAgent(
  kind: 'ts' | 'lua' | 'both',
  p: Omit<CreateEngineParameters, 'kind'>,
): Promise<CreatedEngine> {
  return kind === 'both' ? createDualEngine(p) : createEngine({ ...p, kind })
}

/** Default deposit: enough quote for every tick of the run (amount × ticks + 1 tick of margin). */
function depositFor(
  o: BacktestOptions,
  params: Record<string, unknown>,
  crons: ReturnType<typeof parseCrons>,
  start: number,
  end: number,
): bigint {
  if (o.deposit !== undefined) {
    if (!/^\d+$/.test(o.deposit))
      throw new BacktestConfigError(`--deposit must be an integer amount in raw units, got "${o.deposit}"`)
    return BigInt(o.deposit)
  }
  const amount = params.amount
  const timeCron = crons.find((c) => c.unit === 'seconds')
  if (
    (typeof amount === 'string' || typeof amount === 'number' || typeof amount === 'bigint') &&
    /^\d+$/.test(String(amount)) &&
    timeCron
  ) {
    const ticks = BigInt(Math.floor((end - start) / (timeCron.value * 1000)) + 2)
    return BigInt(String(amount)) * ticks
  }
  throw new BacktestConfigError('Cannot tell how much quote to deposit', [
    'Pass --deposit <raw units> (the strategy has no `amount` param or no time cron).',
  ])
}

function jsonParams(p: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(p, (_k, v) => (typeof v === 'bigint' ? String(v) : v)))
}
