import { once } from 'node:events'
import { AOS_MODULE_ID, LEGACY_AUTHORITY } from '../../ao/constants.ts'
import { makeId } from '../../ao/ids.ts'
import type { Tag } from '../../ao/message.ts'
import { BacktestConfigError } from '../../errors/harness.ts'
import { AtomicWriteStream } from '../../io/atomicFile.ts'
import { buildNode } from '../log/buildNode.ts'
import { canonicalNode } from '../log/LogWriter.ts'
import { MARKET_LOG_FORMAT, type MarketLogHeaderInput } from '../log/marketLogHeader.ts'
import { LOG_VERSION, logEndLine, type SuNode } from '../log/schema.ts'
import { CorrelatedNormals, PPB, uniformCorrelation } from './correlatedNormals.ts'
import { creditNoticeTags } from './creditNoticeTags.ts'
import { Prng } from './Prng.ts'
import { SynthPool } from './SynthPool.ts'
import { MILLION, reversionPpm, type Scenario, scenarioPpm } from './scenario.ts'
import { SYNTH_SCALE, traderOrder } from './traderOrder.ts'

export interface SynthMarketOptions {
  seed: number | string
  /** number of asset pools, 1..8, each against the one numeraire token */
  pools: number
  /** scheduled messages after the spawn items, over all pools */
  events: number
  out: string
  scenario?: Scenario
  /** correlation of every pair of asset prices, in bps of 1 (default 5000 = 0.5); or a full matrix */
  correlationBps?: number
  correlation?: number[][]
  start?: number
  feeBps?: number
  /** per-event volatility of each fair price, bps (default 40) */
  volatilityBps?: number
  /** mean seconds between events (default 60) */
  meanGapSeconds?: number
  /** called every few thousand events with (done, total) */
  onProgress?: (done: number, total: number) => void
}

export interface SynthMarketAsset {
  ticker: string
  token: string
  pool: string
  events: number
  swaps: number
  refunds: number
  /** final reserves: asset, numeraire */
  reserves: { asset: string; numeraire: string }
  /** final fair price, numeraire per asset, fixed point 1e12 */
  fair: string
}

export interface SynthMarketResult {
  numeraire: string
  assets: SynthMarketAsset[]
  events: number
  end: number
}

const SCALE = SYNTH_SCALE
const START = Date.UTC(2025, 0, 1)
const HEIGHT0 = 1_580_000
const NUMERAIRE = 'USD'
const TICKERS = ['ALFA', 'BRAVO', 'CHARLIE', 'DELTA', 'ECHO', 'FOXTROT', 'GOLF', 'HOTEL']
/** starting prices, numeraire per asset, in thousandths */
const PRICES_MILLI = [2_500n, 40_000n, 300n, 7_000n, 120_000n, 1_100n, 15_000n, 50n]
/** numeraire side of every pool's initial liquidity */
const DEPTH = 2_500_000n * SCALE

/** Ids of a synthetic multi-pool market, all derived from the seed. */
export function synthMarketIds(seed: number | string) {
  return {
    numeraire: makeId(`synth-market:${seed}:token:${NUMERAIRE}`),
    asset: (i: number) => makeId(`synth-market:${seed}:token:${TICKERS[i]}`),
    pool: (i: number) => makeId(`synth-market:${seed}:pool:${TICKERS[i]}`),
    owner: makeId(`synth-market:${seed}:pool-owner`),
    factory: makeId(`synth-market:${seed}:factory`),
    lp: makeId(`synth-market:${seed}:lp`),
    trader: (i: number) => makeId(`synth-market:${seed}:trader:${i}`),
  }
}

/**
 * Writes a multi-asset market in one log (`afk-market-log`): `pools` Botega pools, each trading one asset against a
 * shared numeraire token. Hidden fair prices follow a correlated discrete GBM (Cholesky-mixed Irwin–Hall normals,
 * rounded to integers, then bigint fixed point) laid over a named scenario; each event goes to one pool (chosen by
 * the PRNG), where arbitrageurs pull the pool toward its fair price and noise traders, stale orders (refunds) and LPs
 * act as in the single-pool `synthPoolLog`. Every line carries its pool's expected reserves. Deterministic: the same
 * options give the same bytes. Written to a temp file, ended with the log end marker and renamed.
 */
export async function synthMarketLog(o: SynthMarketOptions): Promise<SynthMarketResult> {
  if (!Number.isInteger(o.pools) || o.pools < 1 || o.pools > TICKERS.length)
    throw new BacktestConfigError(`--pools must be an integer 1..${TICKERS.length}, got ${o.pools}`)
  if (!Number.isInteger(o.events) || o.events < 2 * o.pools)
    throw new BacktestConfigError(
      `--events must be an integer ≥ ${2 * o.pools} (two provides per pool), got ${o.events}`,
    )
  const n = o.pools
  const scenario = o.scenario ?? 'gbm'
  const rho = o.correlationBps ?? 5000
  if (o.correlation === undefined && (!Number.isInteger(rho) || rho < -10000 || rho > 10000))
    throw new BacktestConfigError(`--correlation-bps must be an integer −10000..10000, got ${rho}`)
  const rng = new Prng(o.seed)
  const normals = new CorrelatedNormals(rng, o.correlation ?? uniformCorrelation(n, rho / 10000))
  const ids = synthMarketIds(o.seed)
  const fee = BigInt(o.feeBps ?? 25)
  const vol = BigInt(o.volatilityBps ?? 40)
  const meanGap = o.meanGapSeconds ?? 60
  const t0 = o.start ?? START
  const height = (t: number) => HEIGHT0 + Math.floor((t - t0) / 120_000)

  const spawnTags = (i: number): Tag[] => [
    { name: 'Data-Protocol', value: 'ao' },
    { name: 'Variant', value: 'ao.TN.1' },
    { name: 'Type', value: 'Process' },
    { name: 'Module', value: AOS_MODULE_ID },
    { name: 'Authority', value: LEGACY_AUTHORITY },
    { name: 'Name', value: `Botega LP ${TICKERS[i]}/${NUMERAIRE}` },
    { name: 'Token-A', value: ids.asset(i) },
    { name: 'Token-B', value: ids.numeraire },
    { name: 'Token-A-Ticker', value: TICKERS[i] },
    { name: 'Token-B-Ticker', value: NUMERAIRE },
    { name: 'Fee-Bps', value: String(fee) },
    { name: 'AMM-Factory', value: ids.factory },
  ]
  const meta: Record<string, string> = {
    kind: 'botega-market',
    seed: String(o.seed),
    scenario,
    numeraire: ids.numeraire,
    assets: Array.from({ length: n }, (_, i) => ids.asset(i)).join(','),
    [`ticker:${ids.numeraire}`]: NUMERAIRE,
    [`denomination:${ids.numeraire}`]: '12',
    feeBps: String(fee),
  }
  for (let i = 0; i < n; i++) {
    meta[`pool:${ids.asset(i)}`] = ids.pool(i)
    meta[`ticker:${ids.asset(i)}`] = TICKERS[i]
    meta[`denomination:${ids.asset(i)}`] = '12'
  }
  const header: MarketLogHeaderInput & { format: string; version: number } = {
    format: MARKET_LOG_FORMAT,
    version: LOG_VERSION,
    processes: Array.from({ length: n }, (_, i) => ({
      process_id: ids.pool(i),
      owner: { address: ids.owner },
      tags: spawnTags(i),
      data: '',
      timestamp: t0,
      block: HEIGHT0,
    })),
    source: `afk synth --seed ${o.seed} --pools ${n} --events ${o.events} --scenario ${scenario}`,
    meta,
  }

  const atomic = await AtomicWriteStream.open(o.out, 'write log')
  const out = atomic.stream
  let records = 0
  const line = async (s: string) => {
    if (!out.write(`${s}\n`)) await once(out, 'drain')
  }
  try {
    await line(JSON.stringify(header))
    const prev: (SuNode | null)[] = new Array(n).fill(null)
    const nonce: number[] = new Array(n).fill(0)
    const counts = Array.from({ length: n }, () => ({ events: 0, swaps: 0, refunds: 0 }))
    const pools = Array.from({ length: n }, () => new SynthPool(fee))
    let t = t0
    let ref = 0
    const emit = async (i: number, owner: string, tags: Tag[], id?: string) => {
      const node = buildNode({
        processId: ids.pool(i),
        nonce: nonce[i],
        timestamp: t,
        blockHeight: height(t),
        id,
        owner,
        tags,
        prev: prev[i],
        data: '',
      })
      node.afk = { reserves: { [ids.asset(i)]: String(pools[i].a), [ids.numeraire]: String(pools[i].b) } }
      await line(JSON.stringify(canonicalNode(node)))
      records++
      prev[i] = node
      nonce[i]++
    }
    const credit = (token: string, sender: string, qty: bigint, xtags: Tag[]): Tag[] => {
      ref++
      return creditNoticeTags(
        token,
        sender,
        qty,
        xtags,
        ref,
        makeId(`synth-market:${o.seed}:transfer:${ref}`),
      )
    }
    const provideTags = (tolerance: string) => [
      { name: 'X-Action', value: 'Provide' },
      { name: 'X-Slippage-Tolerance', value: tolerance },
    ]

    // Spawn items, then each pool's initial two-leg provide.
    for (let i = 0; i < n; i++) await emit(i, ids.owner, spawnTags(i), ids.pool(i))
    const start: bigint[] = [] // starting fair prices, 1e12 fixed point
    for (let i = 0; i < n; i++) {
      const a = (DEPTH * 1000n) / PRICES_MILLI[i]
      t += 1000
      await emit(i, LEGACY_AUTHORITY, credit(ids.asset(i), ids.lp, a, provideTags('0.5')))
      pools[i].provide(ids.lp, a, DEPTH)
      t += 1000
      await emit(i, LEGACY_AUTHORITY, credit(ids.numeraire, ids.lp, DEPTH, provideTags('0.5')))
      counts[i].events += 2
      start.push((DEPTH * SCALE) / a)
    }
    // The random part of each price (1e12 = unchanged), moved every event; the fair price is start·walk·scenario.
    const walk = start.map(() => SCALE)
    const steps = BigInt(o.events - 2 * n)
    const revert = reversionPpm(scenario)
    const floor = SCALE / 1000n
    let step = 0n
    let total = 2 * n
    const lpName = (i: number) => makeId(`synth-market:${o.seed}:lp:${i}`)
    while (total < o.events) {
      t +=
        1000 * rng.int(Math.max(1, Math.floor(meanGap / 4)), Math.floor((meanGap * 7) / 4)) + rng.int(0, 999)
      const z = normals.next()
      for (let i = 0; i < n; i++) {
        // walk ← walk·(1 + σ·z) − reversion·(walk − 1), all bigint; σ in bps, z in ppb
        walk[i] += (walk[i] * vol * z[i]) / (10000n * BigInt(PPB)) - ((walk[i] - SCALE) * revert) / MILLION
        if (walk[i] < floor) walk[i] = floor
      }
      step++
      const m = scenarioPpm(scenario, step, steps)
      const i = rng.int(0, n - 1)
      const pool = pools[i]
      const fair = (start[i] * walk[i] * m) / (SCALE * MILLION)
      const liquidity = total + 2 <= o.events && rng.chance(1, 100)
      total++
      counts[i].events++
      if (liquidity) {
        const holders = pool.positiveHolders()
        if (rng.chance(3, 5) || holders.length === 0) {
          // Provide 0.5–3 % of the pool; the numeraire leg carries up to 1 % excess, which the pool refunds.
          const lp = lpName(rng.int(0, 9))
          const a = (pool.a * BigInt(rng.int(50, 300))) / 10000n + 1n
          const b = (((a * pool.b) / pool.a) * BigInt(10000 + rng.int(0, 100))) / 10000n + 1n
          await emit(i, LEGACY_AUTHORITY, credit(ids.asset(i), lp, a, provideTags('1')))
          pool.provide(lp, a, b)
          t += 1000 * rng.int(1, 20)
          total++
          counts[i].events++
          await emit(i, LEGACY_AUTHORITY, credit(ids.numeraire, lp, b, provideTags('1')))
        } else {
          const [holder, bal] = holders[rng.int(0, holders.length - 1)]
          const qty = (bal * BigInt(rng.int(1, 50))) / 100n + 1n
          pool.burn(holder, qty)
          await emit(i, holder, [
            { name: 'Data-Protocol', value: 'ao' },
            { name: 'Variant', value: 'ao.TN.1' },
            { name: 'Type', value: 'Message' },
            { name: 'Action', value: 'Burn' },
            { name: 'Quantity', value: String(qty) },
          ])
        }
        continue
      }
      const { buyA: buyAsset, amountIn, quote: q, stale, minOut } = traderOrder(pool, fair, rng)
      const tags = credit(buyAsset ? ids.numeraire : ids.asset(i), ids.trader(rng.int(0, 49)), amountIn, [
        { name: 'X-Action', value: 'Swap' },
        { name: 'X-Expected-Min-Output', value: String(minOut > 0n ? minOut : 1n) },
        { name: 'X-Swap-Nonce', value: `${t}-${rng.u32()}` },
      ])
      if (!stale && q.out > 0n && minOut > 0n) {
        pool.apply(buyAsset, q)
        counts[i].swaps++
      } else counts[i].refunds++
      await emit(i, LEGACY_AUTHORITY, tags)
      if (total % 5000 === 0) o.onProgress?.(total, o.events)
    }
    o.onProgress?.(total, total)
    // the end marker (as `LogWriter` writes it) tells readers the log is complete; the rename puts it in place
    await line(logEndLine(records))
    await atomic.commit()
    return {
      numeraire: ids.numeraire,
      assets: pools.map((p, i) => ({
        ticker: TICKERS[i],
        token: ids.asset(i),
        pool: ids.pool(i),
        ...counts[i],
        reserves: { asset: String(p.a), numeraire: String(p.b) },
        fair: String((start[i] * walk[i] * scenarioPpm(scenario, step, steps)) / (SCALE * MILLION)),
      })),
      events: total,
      end: t,
    }
  } catch (e) {
    await atomic.abort()
    throw e
  }
}
