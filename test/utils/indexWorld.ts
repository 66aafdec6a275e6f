import rebalance from '../../agents/rebalance.ts'
import type { AosProcess } from '../../src/ao/AosProcess.ts'
import { LEGACY_AUTHORITY } from '../../src/ao/constants.ts'
import { makeId } from '../../src/ao/ids.ts'
import type { Tag } from '../../src/ao/message.ts'
import { compileOrThrow } from '../../src/compiler/compile.ts'
import { AosEngine } from '../../src/engine/aosEngine.ts'
import { spawnTags } from '../../src/engine/createEngine.ts'
import { DualEngine } from '../../src/engine/DualEngine.ts'
import { TsEngine } from '../../src/engine/tsEngine.ts'
import { World } from '../../src/harness/world/World.ts'
import { spawnReferenceProcess } from '../../src/processes/referenceProcess.ts'

export const T0 = 1_750_000_000_000
const LATENCY = 100
const HOUR = 3_600_000

/**
 * agents/rebalance.ts (TS and Lua engines in lockstep) in a World with our token processes (a numeraire and one token
 * per asset) and one Botega pool per asset against the numeraire, all on aos. Pools hold `liquidity[i]` of each side
 * (price 1); the owner holds 10^12 of every token.
 */
export async function createIndexWorld(opts: {
  weights: number[]
  liquidity: bigint[]
  params?: Record<string, unknown>
}) {
  const n = opts.weights.length
  const owner = makeId('idx:owner')
  const lp = makeId('idx:lp')
  const agent = makeId(`idx:agent:${n}:${opts.liquidity.join('-')}`)
  const numeraire = makeId('idx:numeraire')
  const tokens = opts.weights.map((_, i) => makeId(`idx:token:${i}`))
  const pools = opts.weights.map((_, i) => makeId(`idx:pool:${i}:${opts.liquidity[i]}`))
  const params = {
    numeraire,
    assets: opts.weights.map((w, i) => ({ token: tokens[i], pool: pools[i], weightBps: w })),
    bandBps: 500,
    minTrade: '1000',
    slippageBps: 200,
    probe: '1000000',
    ...opts.params,
  }
  const c = compileOrThrow(rebalance, params)
  const base = { owner, timestamp: T0, blockHeight: 1000 }
  const procs: Record<string, AosProcess> = {}
  for (const [i, id] of [numeraire, ...tokens].entries())
    procs[id] = await spawnReferenceProcess('token', {
      ...base,
      id,
      tags: { Name: `T${i}`, Ticker: `T${i}` },
    })
  for (const [i, id] of pools.entries())
    procs[id] = await spawnReferenceProcess('botega_pool', {
      ...base,
      id,
      tags: { 'Token-A': tokens[i], 'Token-B': numeraire, 'Fee-Bps': '25' },
    })
  const agentTags = spawnTags(c.ir)
  const { engine: lua } = await AosEngine.create({
    lua: c.lua,
    id: agent,
    owner,
    timestamp: T0,
    blockHeight: 1000,
    spawnTags: agentTags,
  })
  const ts = new TsEngine({
    ir: c.ir,
    meta: {
      id: c.ir.id,
      afkVersion: c.manifest.afkVersion,
      strategyHash: c.manifest.strategyHash,
      paramsHash: c.manifest.paramsHash,
    },
    id: agent,
    owner,
    timestamp: T0,
    authorities: [LEGACY_AUTHORITY],
  })
  const dual = new DualEngine(ts, lua)
  const world = new World({ idSeed: `idx-${agent}`, latency: LATENCY })
  for (const p of Object.values(procs)) world.add(p, { owner, spawnTimestamp: T0, spawnHeight: 1000 })
  world.add(dual, { owner, spawnTimestamp: T0, spawnHeight: 1000, tags: agentTags })
  const tags = (o: Record<string, string>): Tag[] =>
    Object.entries(o).map(([name, value]) => ({ name, value }))
  const send = (from: string, target: string, t: Record<string, string>) =>
    world.send({ from, target, tags: tags(t) })
  for (const t of [numeraire, ...tokens]) {
    send(owner, t, { Action: 'Mint', Quantity: String(10n ** 12n) })
    send(owner, t, { Action: 'Mint', Quantity: String(10n ** 14n), Recipient: lp })
  }
  await world.run({ until: T0 + 1000 })
  for (const [i, pool] of pools.entries())
    for (const t of [tokens[i], numeraire])
      send(lp, t, {
        Action: 'Transfer',
        Recipient: pool,
        Quantity: String(opts.liquidity[i]),
        'X-Action': 'Provide',
        'X-Slippage-Tolerance': '1',
      })
  await world.run({ until: T0 + 5000 })
  let reads = 0
  const ledger = async (token: string, account: string) => {
    const out = await procs[token].eval(`return Balances["${account}"] or "0"`, {
      id: makeId(`ledger:${world.now}:${++reads}`),
      timestamp: world.now,
      blockHeight: 1000,
    })
    return BigInt(out.trim())
  }
  /** token names as the agent books them, with their process ids */
  const names: Array<[string, string]> = [
    ['numeraire', numeraire],
    ...tokens.map((t, i): [string, string] => [`assets[${i}]`, t]),
  ]
  return {
    world,
    ts,
    dual,
    ids: { owner, agent, numeraire, tokens, pools },
    names,
    get state() {
      return ts.runtime.state
    },
    send,
    command: (action: string, t: Record<string, string> = {}) => send(owner, agent, { Action: action, ...t }),
    run: (ms: number) => world.run({ until: world.now + ms }),
    /** waits for the next cron tick and what follows it */
    nextTick: () => world.run({ until: world.now + HOUR }),
    ledger,
    async deposit(token: string, q: bigint) {
      send(owner, token, { Action: 'Transfer', Recipient: agent, Quantity: String(q) })
      await world.run({ until: world.now + 2000 })
    },
    /**
     * The owner pauses, resyncs every token, withdraws everything the books show, and the agent's ledgers are then
     * empty while the owner received exactly the books; returns what was withdrawn per token name.
     */
    async ownerWithdrawsEverything(): Promise<Record<string, bigint>> {
      send(owner, agent, { Action: 'Pause' })
      await world.run({ until: world.now + 10_000 })
      for (const [name] of names) send(owner, agent, { Action: 'Sync', Token: name })
      await world.run({ until: world.now + 10_000 })
      const out: Record<string, bigint> = {}
      for (const [name, id] of names) {
        const [b, l] = [ts.runtime.state.balances[name], await ledger(id, agent)]
        if (b !== l) throw new Error(`after settling, books ${b} ≠ ledger ${l} on ${name}`)
        const before = await ledger(id, owner)
        if (b > 0n) send(owner, agent, { Action: 'Withdraw', Token: name })
        await world.run({ until: world.now + 10_000 })
        out[name] = (await ledger(id, owner)) - before
        if (out[name] !== b) throw new Error(`owner received ${out[name]} of ${b} ${name}`)
        const left = await ledger(id, agent)
        if (left !== 0n || ts.runtime.state.balances[name] !== 0n)
          throw new Error(`after the withdraw the agent still holds ${left} ${name}`)
      }
      return out
    },
  }
}
