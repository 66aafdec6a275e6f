import hedge from '../../agents/hedge.ts'
import { makeId } from '../../src/ao/ids.ts'
import type { AoMessage, Tag } from '../../src/ao/message.ts'
import { compileOrThrow } from '../../src/compiler/compile.ts'
import { DualEngine } from '../../src/engine/DualEngine.ts'
import type { TsEngine } from '../../src/engine/tsEngine.ts'
import { World } from '../../src/harness/world/World.ts'
import { agentOnPair } from './agentOnPair.ts'

export const T0 = 1_750_000_000_000
const LATENCY = 100
/** the pool starts with 10^12 of each token: a price of 1 quote per base */
export const DEPTH = 10n ** 12n
/** the agent's cron interval */
export const TICK_MS = 600_000

export type HedgeIds = Record<'base' | 'quote' | 'pool' | 'agent' | 'owner' | 'lp' | 'trader', string>
type Token = 'base' | 'quote'

/**
 * agents/hedge.ts compiled and run on both engines in lockstep (a `DualEngine`: every outbound message and the
 * Status after every message compared) in a World with our token and Botega pool processes on the production aos
 * module, an owner, an LP and a trader whose swaps move the price. Processes are spawned once; `fresh()` restores
 * every heap and builds a new World. `drift` (Lua source) is evaluated in the Lua agent only, to plant a difference.
 */
export async function createHedgeWorld(params: Record<string, unknown>) {
  const ids: HedgeIds = {
    base: makeId('hedge:token:base'),
    quote: makeId('hedge:token:quote'),
    pool: makeId('hedge:pool'),
    agent: makeId('hedge:agent'),
    owner: makeId('hedge:owner'),
    lp: makeId('hedge:lp'),
    trader: makeId('hedge:trader'),
  }
  const c = compileOrThrow(hedge, { base: ids.base, quote: ids.quote, pool: ids.pool, ...params })
  const { procs, agentTags, lua, newTs } = await agentOnPair(c, {
    ids,
    timestamp: T0,
    names: { base: ['Risky', 'RSK'], quote: ['Stable', 'USD'] },
  })

  // the LP provides DEPTH of each token; the owner holds 10^10 of each, the trader 10^12 of each
  {
    const world = new World({ idSeed: 'hedge-setup', latency: LATENCY })
    for (const p of Object.values(procs))
      world.add(p, { owner: ids.owner, spawnTimestamp: T0, spawnHeight: 1000 })
    for (const t of [ids.base, ids.quote])
      for (const [who, q] of [
        [ids.lp, DEPTH],
        [ids.owner, 10n ** 10n],
        [ids.trader, DEPTH],
      ] as const)
        world.send({
          from: ids.owner,
          target: t,
          tags: tags({ Action: 'Mint', Quantity: String(q), Recipient: who }),
        })
    await world.run({ until: T0 + 1000 })
    for (const t of [ids.base, ids.quote])
      world.send({
        from: ids.lp,
        target: t,
        tags: tags({
          Action: 'Transfer',
          Recipient: ids.pool,
          Quantity: String(DEPTH),
          'X-Action': 'Provide',
          'X-Slippage-Tolerance': '1',
        }),
      })
    await world.run({ until: T0 + 5000 })
  }
  const saved = {
    base: procs.base.snapshot(),
    quote: procs.quote.snapshot(),
    pool: procs.pool.snapshot(),
    agent: lua.process.snapshot(),
  }

  let reads = 0
  return {
    ids,
    compiled: c,
    async fresh(opts: { drift?: string } = {}): Promise<HedgeScene> {
      procs.base.loadState(saved.base)
      procs.quote.loadState(saved.quote)
      procs.pool.loadState(saved.pool)
      lua.process.loadState(saved.agent)
      if (opts.drift)
        await lua.process.eval(opts.drift, {
          id: makeId(`drift:${++reads}`),
          timestamp: T0 + 5000,
          blockHeight: 1000,
        })
      const ts = newTs()
      const dual = new DualEngine(ts, lua)
      const world = new World({ idSeed: 'hedge', latency: LATENCY })
      world.now = T0 + 5000
      for (const p of Object.values(procs))
        world.add(p, { owner: ids.owner, spawnTimestamp: T0, spawnHeight: 1000 })
      world.add(dual, { owner: ids.owner, spawnTimestamp: T0, spawnHeight: 1000, tags: agentTags })
      const ledger = async (token: Token, account: string) => {
        const out = await procs[token].eval(`return Balances["${account}"] or "0"`, {
          id: makeId(`hedge-ledger:${world.now}:${++reads}`),
          timestamp: world.now,
          blockHeight: 1000,
        })
        return BigInt(out.trim())
      }
      const reserves = async () => {
        const out = await procs.pool.eval(
          `return Reserves["${ids.base}"] .. " " .. Reserves["${ids.quote}"]`,
          {
            id: makeId(`hedge-reserves:${world.now}:${++reads}`),
            timestamp: world.now,
            blockHeight: 1000,
          },
        )
        const [b, q] = out.trim().split(' ').map(BigInt)
        return { base: b, quote: q }
      }
      return new HedgeScene(world, dual, ts, ids, ledger, reserves)
    },
  }
}

const tags = (o: Record<string, string>): Tag[] => Object.entries(o).map(([name, value]) => ({ name, value }))
const tagOf = (m: AoMessage, name: string) => m.Tags.find((t) => t.name === name)?.value

/** One run of the hedger: the owner's and the trader's moves, the agent's state path, its trades with the pool. */
export class HedgeScene {
  /** the agent's state value after each message that changed it (the first entry: its state at the start) */
  readonly path: string[] = []
  /** per token: what the agent sent the pool (swap inputs) and what the pool sent the agent (outputs, refunds) */
  readonly toPool: Record<Token, bigint> = { base: 0n, quote: 0n }
  readonly fromPool: Record<Token, bigint> = { base: 0n, quote: 0n }
  /** pool fees on the agent's swaps, from the pool's own notices (`Total-Fee`, in the input token) */
  readonly fees: Record<Token, bigint> = { base: 0n, quote: 0n }

  constructor(
    readonly world: World,
    readonly dual: DualEngine,
    readonly ts: TsEngine,
    readonly ids: HedgeIds,
    private readonly ledgerOf: (token: Token, account: string) => Promise<bigint>,
    readonly reserves: () => Promise<{ base: bigint; quote: bigint }>,
  ) {
    this.path.push(ts.runtime.state.value as string)
    world.onEvaluated((e) => {
      const m = e.message
      const token: Token | undefined =
        m.From === ids.base ? 'base' : m.From === ids.quote ? 'quote' : undefined
      if (e.process === ids.agent) {
        const v = String(ts.runtime.state.value)
        if (v !== this.path[this.path.length - 1]) this.path.push(v)
        // the agent's transfers to the pool, as the token debits them
        if (token && tagOf(m, 'Action') === 'Debit-Notice' && tagOf(m, 'Recipient') === ids.pool)
          this.toPool[token] += BigInt(tagOf(m, 'Quantity')!)
        if (token && tagOf(m, 'Action') === 'Credit-Notice' && tagOf(m, 'Sender') === ids.pool)
          this.fromPool[token] += BigInt(tagOf(m, 'Quantity')!)
      }
      if (e.process === ids.pool)
        for (const out of e.result.Messages) {
          const fee = out.Tags.find((t) => t.name === 'Total-Fee')?.value
          const user = out.Tags.find((t) => t.name === 'User')?.value
          const tin = out.Tags.find((t) => t.name === 'From-Token')?.value
          if (fee && user === ids.agent) this.fees[tin === ids.base ? 'base' : 'quote'] += BigInt(fee)
        }
    })
  }

  get state() {
    return this.ts.runtime.state
  }

  send(from: string, target: string, t: Record<string, string>, data = '', at = this.world.now) {
    return this.world.send({ from, target, tags: tags(t), data, at })
  }

  /** The time of the agent's next cron tick (the spawn is at T0, ticks every TICK_MS). */
  nextTick(): number {
    return T0 + Math.ceil((this.world.now + 1 - T0) / TICK_MS) * TICK_MS
  }

  command(action: string, t: Record<string, string> = {}, data = '') {
    return this.send(this.ids.owner, this.ids.agent, { Action: action, ...t }, data)
  }

  async deposit(quantity: bigint, token: Token = 'quote') {
    this.send(this.ids.owner, this.ids[token], {
      Action: 'Transfer',
      Recipient: this.ids.agent,
      Quantity: String(quantity),
    })
    await this.run(2_000)
  }

  /**
   * The trader swaps `amount` of `token` into the pool (accepting any output): the price moves. Now, and the world
   * runs a second; or scheduled `at` a later time (nothing runs).
   */
  async trade(token: Token, amount: bigint, at?: number) {
    this.send(
      this.ids.trader,
      this.ids[token],
      {
        Action: 'Transfer',
        Recipient: this.ids.pool,
        Quantity: String(amount),
        'X-Action': 'Swap',
        'X-Expected-Min-Output': '1',
      },
      '',
      at ?? this.world.now,
    )
    if (at === undefined) await this.run(1_000)
  }

  async run(ms: number) {
    await this.world.run({ until: this.world.now + ms })
  }

  ledger(token: Token, account = this.ids.agent): Promise<bigint> {
    return this.ledgerOf(token, account)
  }
}
