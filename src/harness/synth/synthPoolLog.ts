import { AOS_MODULE_ID, LEGACY_AUTHORITY } from '../../ao/constants.ts'
import { makeId } from '../../ao/ids.ts'
import type { Tag } from '../../ao/message.ts'
import { BacktestConfigError } from '../../errors/harness.ts'
import { buildNode } from '../log/buildNode.ts'
import { LogWriter } from '../log/LogWriter.ts'
import type { SuNode } from '../log/schema.ts'
import { creditNoticeTags } from './creditNoticeTags.ts'
import { Prng } from './Prng.ts'
import { SynthPool } from './SynthPool.ts'
import { SYNTH_SCALE, traderOrder } from './traderOrder.ts'

export interface SynthOptions {
  seed: number | string
  /** scheduled messages after the spawn item */
  events: number
  out: string
  /** ms of the spawn (default 2025-01-01T00:00:00Z) */
  start?: number
  feeBps?: number
  /** per-step volatility of the fair price, in basis points (default 40 = 0.4 %) */
  volatilityBps?: number
  /** mean seconds between events (default 60) */
  meanGapSeconds?: number
  /** called every few thousand messages with (written, total) */
  onProgress?: (done: number, total: number) => void
}

export interface SynthResult {
  processId: string
  base: string
  quote: string
  events: number
  swaps: number
  refunds: number
  liquidityEvents: number
  end: number
  reserves: { base: string; quote: string }
}

const SCALE = SYNTH_SCALE
const START = Date.UTC(2025, 0, 1)
const HEIGHT0 = 1_580_000

/** Ids of a synthetic market, all derived from the seed. */
export function synthIds(seed: number | string) {
  return {
    pool: makeId(`synth:${seed}:pool`),
    base: makeId(`synth:${seed}:token:BASE`),
    quote: makeId(`synth:${seed}:token:QUOTE`),
    owner: makeId(`synth:${seed}:pool-owner`),
    factory: makeId(`synth:${seed}:factory`),
    lp: makeId(`synth:${seed}:lp`),
    trader: (i: number) => makeId(`synth:${seed}:trader:${i}`),
  }
}

/**
 * Writes a realistic Botega pool log in afk NDJSON: the pool's spawn item, an initial two-leg liquidity provision,
 * then swaps as the pool receives them (token `Credit-Notice`s pushed by the MU, `X-Action=Swap`). A hidden fair
 * price follows a multiplicative random walk (discrete GBM, fixed-point bigints, Irwin–Hall normals from a seeded
 * integer PRNG); arbitrageurs pull the pool toward it, noise traders trade random sizes, some orders set a min-output
 * the pool cannot meet (refunds), and LPs add and remove liquidity. Every line carries the expected reserves after
 * it (`afk.reserves`), computed with independent Botega maths, so replays can be checked exactly. Streams to disk.
 */
export async function synthPoolLog(o: SynthOptions): Promise<SynthResult> {
  if (!Number.isInteger(o.events) || o.events < 2)
    throw new BacktestConfigError(`--events must be an integer ≥ 2, got ${o.events}`)
  // The bound the pool process asserts at boot (botega_pool.lua: LP + protocol fee below 10000 bps).
  if (o.feeBps !== undefined && (!Number.isInteger(o.feeBps) || o.feeBps < 0 || o.feeBps >= 10_000))
    throw new BacktestConfigError(
      `--fee-bps must be an integer 0..9999 (the pool refuses a fee of 100 %), got ${o.feeBps}`,
    )
  const rng = new Prng(o.seed)
  const ids = synthIds(o.seed)
  const fee = BigInt(o.feeBps ?? 25)
  const vol = BigInt(o.volatilityBps ?? 40)
  const meanGap = o.meanGapSeconds ?? 60
  const t0 = o.start ?? START
  const spawnTags: Tag[] = [
    { name: 'Data-Protocol', value: 'ao' },
    { name: 'Variant', value: 'ao.TN.1' },
    { name: 'Type', value: 'Process' },
    { name: 'Module', value: AOS_MODULE_ID },
    { name: 'Authority', value: LEGACY_AUTHORITY },
    { name: 'Name', value: 'Botega LP BASE/QUOTE' },
    { name: 'Token-A', value: ids.base },
    { name: 'Token-B', value: ids.quote },
    { name: 'Token-A-Ticker', value: 'BASE' },
    { name: 'Token-B-Ticker', value: 'QUOTE' },
    { name: 'Fee-Bps', value: String(fee) },
    { name: 'AMM-Factory', value: ids.factory },
  ]
  const w = await LogWriter.open(o.out, {
    processId: ids.pool,
    source: `afk synth --seed ${o.seed} --events ${o.events}`,
    // the spawn item plus one node per event
    records: o.events + 1,
    process: {
      process_id: ids.pool,
      owner: { address: ids.owner },
      tags: spawnTags,
      data: '',
      timestamp: t0,
      block: HEIGHT0,
    },
    meta: {
      kind: 'botega-pool',
      seed: String(o.seed),
      base: ids.base,
      quote: ids.quote,
      baseTicker: 'BASE',
      quoteTicker: 'QUOTE',
      baseDenomination: '12',
      quoteDenomination: '12',
      feeBps: String(fee),
      owner: ids.owner,
      factory: ids.factory,
    },
  })
  let prev: SuNode | null = null
  let nonce = 0
  let t = t0
  let ref = 0
  const emit = async (owner: string, tags: Tag[], id?: string, reserves?: [bigint, bigint]) => {
    const node = buildNode({
      processId: ids.pool,
      nonce,
      timestamp: t,
      blockHeight: HEIGHT0 + Math.floor((t - t0) / 120_000),
      id,
      owner,
      tags,
      prev,
      data: '',
    })
    if (reserves)
      node.afk = { reserves: { [ids.base]: String(reserves[0]), [ids.quote]: String(reserves[1]) } }
    await w.write(node)
    prev = node
    nonce++
    if (nonce % 5000 === 0) o.onProgress?.(nonce, o.events + 1)
  }
  /** A token's Credit-Notice to the pool, as the MU pushes it. */
  const credit = (token: string, sender: string, qty: bigint, xtags: Tag[]): Tag[] => {
    ref++
    return creditNoticeTags(token, sender, qty, xtags, ref, makeId(`synth:${o.seed}:transfer:${ref}`))
  }

  await emit(ids.owner, spawnTags, ids.pool, [0n, 0n])
  // Initial liquidity: 1,000,000 BASE at 2.5 QUOTE each (12 decimals both).
  const pool = new SynthPool(fee)
  const initA = 1_000_000n * SCALE
  const initB = 2_500_000n * SCALE
  let fair = (initB * SCALE) / initA // QUOTE per BASE, fixed point 1e12
  const provideTags = (tolerance: string) => [
    { name: 'X-Action', value: 'Provide' },
    { name: 'X-Slippage-Tolerance', value: tolerance },
  ]
  t += 1000
  await emit(LEGACY_AUTHORITY, credit(ids.base, ids.lp, initA, provideTags('0.5')), undefined, [0n, 0n])
  pool.provide(ids.lp, initA, initB)
  t += 1000
  await emit(LEGACY_AUTHORITY, credit(ids.quote, ids.lp, initB, provideTags('0.5')), undefined, [
    pool.a,
    pool.b,
  ])
  let swaps = 0
  let refunds = 0
  let liquidityEvents = 2
  const lpName = (i: number) => makeId(`synth:${o.seed}:lp:${i}`)
  while (nonce <= o.events) {
    t += 1000 * rng.int(Math.max(1, Math.floor(meanGap / 4)), Math.floor((meanGap * 7) / 4)) + rng.int(0, 999)
    // Fair price: P ← P·(1 + σ·Z), σ in bps, all fixed point.
    fair += (fair * vol * rng.normal(SCALE)) / (10000n * SCALE)
    if (fair < SCALE / 1000n) fair = SCALE / 1000n
    if (nonce + 2 <= o.events && rng.chance(1, 100)) {
      liquidityEvents++
      const holders = pool.positiveHolders()
      if (rng.chance(3, 5) || holders.length === 0) {
        // Provide 0.5–3 % of the pool; the B leg carries up to 1 % excess, which the pool refunds.
        const lp = lpName(rng.int(0, 9))
        const a = (pool.a * BigInt(rng.int(50, 300))) / 10000n + 1n
        const b = (((a * pool.b) / pool.a) * BigInt(10000 + rng.int(0, 100))) / 10000n + 1n
        await emit(LEGACY_AUTHORITY, credit(ids.base, lp, a, provideTags('1')), undefined, [pool.a, pool.b])
        pool.provide(lp, a, b)
        t += 1000 * rng.int(1, 20)
        await emit(LEGACY_AUTHORITY, credit(ids.quote, lp, b, provideTags('1')), undefined, [pool.a, pool.b])
      } else {
        const [holder, bal] = holders[rng.int(0, holders.length - 1)]
        const qty = (bal * BigInt(rng.int(1, 50))) / 100n + 1n
        pool.burn(holder, qty)
        const burnTags = [
          { name: 'Data-Protocol', value: 'ao' },
          { name: 'Variant', value: 'ao.TN.1' },
          { name: 'Type', value: 'Message' },
          { name: 'Action', value: 'Burn' },
          { name: 'Quantity', value: String(qty) },
        ]
        await emit(holder, burnTags, undefined, [pool.a, pool.b])
      }
      continue
    }
    const { buyA: buyBase, amountIn, quote: q, stale, minOut } = traderOrder(pool, fair, rng)
    const trader = ids.trader(rng.int(0, 49))
    const tags = credit(buyBase ? ids.quote : ids.base, trader, amountIn, [
      { name: 'X-Action', value: 'Swap' },
      { name: 'X-Expected-Min-Output', value: String(minOut > 0n ? minOut : 1n) },
      { name: 'X-Swap-Nonce', value: `${t}-${rng.u32()}` },
    ])
    if (!stale && q.out > 0n && minOut > 0n) {
      pool.apply(buyBase, q)
      swaps++
    } else refunds++
    await emit(LEGACY_AUTHORITY, tags, undefined, [pool.a, pool.b])
  }
  // (an error before this leaves only the temporary file, removed on exit: never a log that looks complete)
  await w.close()
  o.onProgress?.(nonce, nonce)
  return {
    processId: ids.pool,
    base: ids.base,
    quote: ids.quote,
    events: nonce - 1,
    swaps,
    refunds,
    liquidityEvents,
    end: t,
    reserves: { base: String(pool.a), quote: String(pool.b) },
  }
}
