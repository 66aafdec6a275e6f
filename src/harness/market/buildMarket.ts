import { makeId } from '../../ao/ids.ts'
import type { AoMessage, AoProcessLike } from '../../ao/message.ts'
import { tagValue } from '../../ao/message.ts'
import { BacktestConfigError } from '../../errors/harness.ts'
import { BotegaPoolModel } from '../../models/BotegaPoolModel.ts'
import { TokenModel } from '../../models/TokenModel.ts'
import { loadProcessSource, spawnReferenceProcess } from '../../processes/referenceProcess.ts'
import type { LogHeader } from '../log/schema.ts'
import { discardInbox } from '../world/discardInbox.ts'
import { spawnFromLog } from '../world/spawnFromLog.ts'
import type { World } from '../world/World.ts'
import { AnchoredPool } from './AnchoredPool.ts'
import type { MarketInfo } from './marketInfo.ts'
import { luaPool, modelPool, type PoolAdapter, type Reserves } from './PoolAdapter.ts'

export type MarketMode = 'reexecute' | 'anchored'

/**
 * What the pool holds on each token ledger. Recorded swaps pay recorded wallets from the pool's token balance, but
 * the recording starts after those balances were built up, so the pool gets a float larger than any reserve.
 */
export const POOL_FLOAT = 10n ** 40n

export interface Market {
  info: MarketInfo
  mode: MarketMode
  /** the pool whose reserves are the market price (re-execute: the live pool; anchored: the recorded shadow) */
  priceSource: PoolAdapter
  /** the process the world routes pool messages to */
  poolProcess: AoProcessLike
  /** marks a message as recorded traffic (anchored mode routes it to the shadow) */
  markRecorded(m: Pick<AoMessage, 'Id'>): void
  anchored?: AnchoredPool
  /** the further pools of a multi-pool market, in the order given */
  others: PoolAdapter[]
}

export interface BuildMarketParameters {
  world: World
  header: LogHeader
  info: MarketInfo
  mode: MarketMode
  /** aos Lua reference processes, TS models, or the pool on aos with model tokens (`lua-pool`) */
  processes: 'lua' | 'model' | 'lua-pool'
  /** who owns (and mints) the simulated tokens */
  treasury: string
  /** initial token balances besides the pool float: token id → account → amount */
  balances: Record<string, Record<string, bigint>>
  at: { timestamp: number; blockHeight: number }
  /** further pools of a multi-pool market (re-executed), each with its single-process header */
  others?: { header: LogHeader; info: MarketInfo }[]
}

/**
 * The pool code a log's spawn item carries (`On-Boot=Data`: the Lua is the spawn's data, as Botega's factory spawns
 * pools), or undefined when the log has no code and afk's reference pool stands in for it.
 */
export function poolCodeInLog(header: LogHeader): { bytes: number } | undefined {
  const proc = header.process
  if (!proc || tagValue(proc.tags, 'On-Boot') !== 'Data' || !proc.data) return undefined
  return { bytes: Buffer.byteLength(proc.data) }
}

/** What runs as the pool: the log's own code, afk's reference Lua pool, or afk's TS model. */
export function poolImplementation(header: LogHeader, processes: 'lua' | 'model' | 'lua-pool') {
  if (processes === 'model') return 'model' as const
  return poolCodeInLog(header) ? ('log' as const) : ('reference' as const)
}

/** Spawns both tokens and the pool (re-executed, or live + shadow when anchored) and adds them to the world. */
export async function buildMarket(p: BuildMarketParameters): Promise<Market> {
  const { world, info } = p
  const others = p.others ?? []
  if (others.length && p.mode !== 'reexecute')
    throw new BacktestConfigError(
      'The anchored market mode replays one pool; use --market reexecute for several pools',
    )
  // Every token once (a numeraire shared by several pools included), each pool holding the float on its tokens.
  const tokens = new Map<string, { meta: MarketInfo['base']; pools: string[] }>()
  for (const m of [info, ...others.map((o) => o.info)])
    for (const t of [m.base, m.quote]) {
      const seen = tokens.get(t.id)
      if (seen && seen.meta.denomination !== t.denomination)
        throw new BacktestConfigError(
          `Token ${t.id} has two denominations in this market (${seen.meta.denomination}, ${t.denomination})`,
        )
      if (seen) seen.pools.push(m.pool)
      else tokens.set(t.id, { meta: t, pools: [m.pool] })
    }
  for (const [id, { meta, pools }] of tokens) {
    const bal: Record<string, bigint> = {
      ...Object.fromEntries(pools.map((pool) => [pool, POOL_FLOAT])),
      ...(p.balances[id] ?? {}),
    }
    world.add(await spawnToken(p, meta, bal), {
      owner: p.treasury,
      spawnTimestamp: p.at.timestamp,
      spawnHeight: p.at.blockHeight,
    })
  }
  const makePool = (header: LogHeader, m: MarketInfo) => makePoolFor(p, header, m)
  const addOthers = async () => {
    const out: PoolAdapter[] = []
    for (const o of others) {
      const pool = await makePool(o.header, o.info)
      world.add(pool.process, {
        owner: o.info.poolOwner,
        spawnTimestamp: o.info.spawnTimestamp,
        spawnHeight: o.info.spawnHeight,
      })
      out.push(pool)
    }
    return out
  }
  const live = await makePool(p.header, info)
  const add = (proc: AoProcessLike) =>
    world.add(proc, {
      owner: info.poolOwner,
      spawnTimestamp: info.spawnTimestamp,
      spawnHeight: info.spawnHeight,
    })
  if (p.mode === 'reexecute') {
    add(live.process)
    const otherPools = await addOthers()
    return {
      info,
      mode: p.mode,
      priceSource: live,
      poolProcess: live.process,
      markRecorded: () => {},
      others: otherPools,
    }
  }
  const shadow = await makePool(p.header, info)
  // Recorded ids waiting for delivery; the world holds at most a few at a time, so the set stays small.
  const pending = new Set<string>()
  const anchored = new AnchoredPool(
    live,
    shadow,
    (m) => (m.Id !== undefined && pending.delete(m.Id)) || false,
  )
  add(anchored)
  return {
    info,
    mode: p.mode,
    priceSource: shadow,
    poolProcess: anchored,
    markRecorded: (m) => {
      if (m.Id) pending.add(m.Id)
    },
    anchored,
    others: [],
  }
}

async function spawnToken(
  p: BuildMarketParameters,
  token: MarketInfo['base'],
  balances: Record<string, bigint>,
): Promise<AoProcessLike> {
  const tags = { Name: token.ticker, Ticker: token.ticker, Denomination: String(token.denomination) }
  if (p.processes === 'model')
    return new TokenModel({
      id: token.id,
      owner: p.treasury,
      name: token.ticker,
      ticker: token.ticker,
      denomination: token.denomination,
      balances,
      authorities: [p.world.mu],
    })
  const proc = await spawnReferenceProcess('token', {
    id: token.id,
    owner: p.treasury,
    tags,
    timestamp: p.at.timestamp,
    blockHeight: p.at.blockHeight,
    authorities: [p.world.mu],
  })
  await discardInbox(proc, p.at)
  let n = 0
  for (const [recipient, qty] of Object.entries(balances)) {
    if (qty <= 0n) continue
    const r = await proc.handle({
      Id: makeId(`${token.id}:mint:${n++}`),
      Owner: p.treasury,
      From: p.treasury,
      Target: token.id,
      Data: '',
      Tags: [
        { name: 'Action', value: 'Mint' },
        { name: 'Recipient', value: recipient },
        { name: 'Quantity', value: String(qty) },
      ],
      Timestamp: p.at.timestamp,
      'Block-Height': p.at.blockHeight,
      Cron: false,
    })
    if (r.Error) throw new Error(`Minting ${qty} ${token.ticker} to ${recipient} failed: ${r.Error}`)
  }
  return proc
}

export type { Reserves }

/** One pool of the market: the aos reference pool rebuilt from its spawn item, or the TS model. */
async function makePoolFor(
  p: BuildMarketParameters,
  header: LogHeader,
  info: MarketInfo,
): Promise<PoolAdapter> {
  if (p.processes !== 'model') {
    const pool = await spawnFromLog({
      header,
      source: loadProcessSource('botega_pool'),
      authorities: [p.world.mu],
    })
    await discardInbox(pool, p.at)
    // a log with its own pool code (On-Boot=Data) runs that code; else afk's reference pool stands in
    return luaPool(pool, info, { reference: poolCodeInLog(header) === undefined })
  }
  return modelPool(
    new BotegaPoolModel({
      id: info.pool,
      owner: info.poolOwner,
      tokenA: info.tokenA,
      tokenB: info.tokenB,
      lpFeeBps: info.lpFeeBps,
      protocolFeeBps: info.protocolFeeBps,
      factory: info.factory,
      authorities: [p.world.mu],
    }),
  )
}
