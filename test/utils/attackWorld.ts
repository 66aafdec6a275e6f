import dca from '../../agents/dca.ts'
import { makeId } from '../../src/ao/ids.ts'
import type { Tag } from '../../src/ao/message.ts'
import { compileOrThrow } from '../../src/compiler/compile.ts'
import { DualEngine } from '../../src/engine/DualEngine.ts'
import type { TsEngine } from '../../src/engine/tsEngine.ts'
import type { AgentEngine } from '../../src/engine/types.ts'
import { World } from '../../src/harness/world/World.ts'
import { agentOnPair } from './agentOnPair.ts'

export const T0 = 1_750_000_000_000
/** process-to-process delay: an attacker's wallet message (no delay) can overtake the agent's own order */
export const LATENCY = 100
const E6 = 1_000_000n

/**
 * The compiled DCA (TS and Lua engines in lockstep) in a World with our token and Botega pool processes on aos,
 * an owner, an LP and an attacker wallet: the setting in which the attacks of issue 8 were found. Processes are
 * spawned once; `fresh()` restores every heap and builds a new World, so each attack starts from the same state.
 */
export async function createAttackWorld(opts: { immutable?: boolean } = {}) {
  const ids: Ids = {
    base: makeId('atk:token:base'),
    quote: makeId('atk:token:quote'),
    pool: makeId('atk:pool'),
    agent: makeId(`atk:agent:${opts.immutable ? 'immutable' : 'mutable'}`),
    owner: makeId('atk:owner'),
    lp: makeId('atk:lp'),
    attacker: makeId('atk:attacker'),
  }
  const params = {
    base: ids.base,
    quote: ids.quote,
    pool: ids.pool,
    amount: String(E6),
    slippageBps: 100,
    quoteTimeoutMs: '60000',
    swapTimeoutMs: '600000',
  }
  const c = compileOrThrow(dca, params, { immutable: opts.immutable })
  const { procs, agentTags, lua, newTs } = await agentOnPair(c, {
    ids,
    timestamp: T0,
    immutable: opts.immutable,
  })

  // liquidity: the LP provides 10^12 of each token; the owner holds 10^9 quote and 10^9 base
  {
    const world = new World({ idSeed: 'atk-setup', latency: LATENCY })
    for (const p of Object.values(procs))
      world.add(p, { owner: ids.owner, spawnTimestamp: T0, spawnHeight: 1000 })
    const tags = (o: Record<string, string>): Tag[] =>
      Object.entries(o).map(([name, value]) => ({ name, value }))
    for (const t of [ids.base, ids.quote]) {
      world.send({
        from: ids.owner,
        target: t,
        tags: tags({ Action: 'Mint', Quantity: String(10n ** 12n), Recipient: ids.lp }),
      })
      world.send({ from: ids.owner, target: t, tags: tags({ Action: 'Mint', Quantity: String(10n ** 9n) }) })
    }
    world.send({
      from: ids.owner,
      target: ids.quote,
      tags: tags({ Action: 'Mint', Quantity: String(10n ** 9n), Recipient: ids.attacker }),
    })
    await world.run({ until: T0 + 1000 })
    for (const t of [ids.base, ids.quote])
      world.send({
        from: ids.lp,
        target: t,
        tags: tags({
          Action: 'Transfer',
          Recipient: ids.pool,
          Quantity: String(10n ** 12n),
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
    fresh(): AttackScene {
      procs.base.loadState(saved.base)
      procs.quote.loadState(saved.quote)
      procs.pool.loadState(saved.pool)
      lua.process.loadState(saved.agent)
      const ts = newTs()
      const dual = new DualEngine(ts, lua)
      const world = new World({ idSeed: 'atk', latency: LATENCY })
      world.now = T0 + 5000
      for (const p of Object.values(procs))
        world.add(p, { owner: ids.owner, spawnTimestamp: T0, spawnHeight: 1000 })
      world.add(dual, { owner: ids.owner, spawnTimestamp: T0, spawnHeight: 1000, tags: agentTags })
      const ledger = async (token: 'quote' | 'base', account: string) => {
        const out = await procs[token].eval(`return Balances["${account}"] or "0"`, {
          id: makeId(`ledger:${world.now}:${++reads}`),
          timestamp: world.now,
          blockHeight: 1000,
        })
        return BigInt(out.trim())
      }
      return new AttackScene(world, dual, ts, ids, ledger)
    },
  }
}

export type Ids = Record<'base' | 'quote' | 'pool' | 'agent' | 'owner' | 'lp' | 'attacker', string>

/** One attack in progress: send as a wallet, run the world, read the agent's books and the token ledgers. */
export class AttackScene {
  constructor(
    readonly world: World,
    /** the agent process in the world (a DualEngine on aos, or the TS engine alone) */
    readonly dual: AgentEngine,
    readonly ts: TsEngine,
    readonly ids: Ids,
    private readonly ledgerOf: (token: 'quote' | 'base', account: string) => Promise<bigint>,
  ) {}

  get state() {
    return this.ts.runtime.state
  }

  send(from: string, target: string, tags: Record<string, string>, data = '', at = this.world.now) {
    return this.world.send({
      from,
      target,
      tags: Object.entries(tags).map(([name, value]) => ({ name, value })),
      data,
      at,
    })
  }

  /** The owner's command to the agent. */
  command(action: string, tags: Record<string, string> = {}, data = '') {
    return this.send(this.state.owner, this.ids.agent, { Action: action, ...tags }, data)
  }

  async deposit(quantity: bigint, token: 'quote' | 'base' = 'quote') {
    this.send(this.ids.owner, this.ids[token], {
      Action: 'Transfer',
      Recipient: this.ids.agent,
      Quantity: String(quantity),
    })
    await this.run(2_000)
  }

  async run(ms: number) {
    await this.world.run({ until: this.world.now + ms })
  }

  /** The token's own ledger (on aos read with an Eval from the token's owner, which changes nothing). */
  ledger(token: 'quote' | 'base', account = this.ids.agent): Promise<bigint> {
    return this.ledgerOf(token, account)
  }

  books(token: 'quote' | 'base'): bigint {
    return this.state.balances[token]
  }

  /** Books never above the ledger, on both tokens. */
  async expectBooksWithinLedger(): Promise<void> {
    for (const t of ['quote', 'base'] as const) {
      const [b, l] = [this.books(t), await this.ledger(t)]
      if (b > l) throw new Error(`books exceed the ledger on ${t}: books ${b} > ledger ${l}`)
    }
  }

  /**
   * The end of every attack: the owner pauses, asks both tokens to resync, withdraws everything the books show,
   * and the agent's ledger is then empty to the last unit while the owner got it all.
   */
  async ownerWithdrawsEverything(): Promise<{ withdrawn: Record<string, bigint> }> {
    this.command('Pause')
    await this.run(3_600_000)
    for (const t of ['quote', 'base'] as const) this.command('Sync', { Token: t })
    await this.run(10_000)
    const withdrawn: Record<string, bigint> = {}
    for (const t of ['quote', 'base'] as const) {
      const [b, l] = [this.books(t), await this.ledger(t)]
      if (b !== l) throw new Error(`after settling, books ${b} ≠ ledger ${l} on ${t}`)
      const before = await this.ledger(t, this.state.owner)
      if (b > 0n) this.command('Withdraw', { Token: t })
      await this.run(10_000)
      const after = await this.ledger(t, this.state.owner)
      withdrawn[t] = after - before
      if (withdrawn[t] !== b) throw new Error(`owner received ${withdrawn[t]} of ${b} ${t}`)
      const left = await this.ledger(t)
      if (left !== 0n || this.books(t) !== 0n)
        throw new Error(`after the withdraw the agent still holds ${left} ${t} (books ${this.books(t)})`)
    }
    return { withdrawn }
  }
}
