import { LEGACY_AUTHORITY } from '../../src/ao/constants.ts'
import { makeId } from '../../src/ao/ids.ts'
import type { AoProcessLike, Tag } from '../../src/ao/message.ts'
import { compileOrThrow } from '../../src/compiler/compile.ts'
import { AosEngine } from '../../src/engine/aosEngine.ts'
import { spawnTags } from '../../src/engine/createEngine.ts'
import { DualEngine } from '../../src/engine/DualEngine.ts'
import { TsEngine } from '../../src/engine/tsEngine.ts'
import type { AgentEngine } from '../../src/engine/types.ts'
import { World } from '../../src/harness/world/World.ts'
import { createReferenceModel } from '../../src/models/createReferenceModel.ts'
import type { TokenModel } from '../../src/models/TokenModel.ts'
import { type ReferenceProcessName, spawnReferenceProcess } from '../../src/processes/referenceProcess.ts'
import type { AgentProfile, FuzzIds } from '../fuzz/profile.ts'

export const T0 = 1_750_000_000_000
/** process-to-process delay: an attacker's wallet message (no delay) can overtake the agent's own order */
export const LATENCY = 100
const E9 = 10n ** 9n
const E12 = 10n ** 12n
const SETUP_END = T0 + 5000

export function profileIds(profile: AgentProfile): FuzzIds {
  const id = (s: string) => makeId(`fz:${profile.name}:${s}`)
  return {
    agent: id('agent'),
    owner: makeId('fz:owner'),
    lp: makeId('fz:lp'),
    attacker: makeId('fz:attacker'),
    oracle: makeId('fz:oracle'),
    signal: profile.signal ? id('signal') : undefined,
    tokens: Object.fromEntries(profile.tokens.map((t) => [t, id(`token:${t}`)])),
    pools: Object.fromEntries(profile.pools.map((p) => [p.name, id(`pool:${p.name}`)])),
  }
}

interface ProcSpec {
  kind: ReferenceProcessName
  id: string
  owner: string
  tags: Record<string, string>
}

function procSpecs(profile: AgentProfile, ids: FuzzIds): ProcSpec[] {
  const out: ProcSpec[] = profile.tokens.map((t) => ({
    kind: 'token',
    id: ids.tokens[t],
    owner: ids.owner,
    tags: { Name: t, Ticker: t.toUpperCase().slice(0, 8) },
  }))
  for (const p of profile.pools)
    out.push({
      kind: 'botega_pool',
      id: ids.pools[p.name],
      owner: ids.owner,
      tags: { 'Token-A': ids.tokens[p.a], 'Token-B': ids.tokens[p.b], 'Fee-Bps': '25' },
    })
  if (ids.signal) out.push({ kind: 'signal', id: ids.signal, owner: ids.oracle, tags: {} })
  return out
}

const tagsOf = (o: Record<string, string>): Tag[] =>
  Object.entries(o).map(([name, value]) => ({ name, value }))

/**
 * The scene's opening: tokens minted to the LP (10^12 per pool side), the owner (10^9) and the attacker (10^12), the LP
 * provides every pool, the oracle sets the profile's signals. Ends at SETUP_END.
 */
async function setUp(world: World, profile: AgentProfile, ids: FuzzIds): Promise<void> {
  const t = (from: string, target: string, tags: Record<string, string>, at: number) =>
    world.send({ from, target, tags: tagsOf(tags), at })
  for (const tok of profile.tokens) {
    const sides = profile.pools.filter((p) => p.a === tok || p.b === tok).length
    if (sides)
      t(
        ids.owner,
        ids.tokens[tok],
        { Action: 'Mint', Quantity: String(E12 * BigInt(sides)), Recipient: ids.lp },
        T0 + 10,
      )
    t(ids.owner, ids.tokens[tok], { Action: 'Mint', Quantity: String(E9), Recipient: ids.owner }, T0 + 10)
    t(ids.owner, ids.tokens[tok], { Action: 'Mint', Quantity: String(E12), Recipient: ids.attacker }, T0 + 10)
  }
  for (const [asset, bps] of Object.entries(profile.signal ?? {}))
    if (ids.signal)
      t(ids.oracle, ids.signal, { Action: 'Set-Signal', Asset: asset, 'Signal-Bps': String(bps) }, T0 + 10)
  for (const p of profile.pools)
    for (const side of [p.a, p.b])
      t(
        ids.lp,
        ids.tokens[side],
        {
          Action: 'Transfer',
          Recipient: ids.pools[p.name],
          Quantity: String(E12),
          'X-Action': 'Provide',
          'X-Slippage-Tolerance': '1',
        },
        T0 + 1000,
      )
  await world.run({ until: SETUP_END })
}

/** One attack in progress on one agent: send as a wallet, run the world, read the books and the token ledgers. */
export class FuzzScene {
  constructor(
    readonly profile: AgentProfile,
    readonly world: World,
    /** the agent process in the world (a DualEngine on aos, or the TS engine alone) */
    readonly agent: AgentEngine,
    readonly ts: TsEngine,
    readonly ids: FuzzIds,
    private readonly ledgerOf: (token: string, account: string) => Promise<bigint>,
  ) {}

  get state() {
    return this.ts.runtime.state
  }

  send(from: string, target: string, tags: Record<string, string>, data = '', at = this.world.now) {
    return this.world.send({ from, target, tags: tagsOf(tags), data, at })
  }

  command(action: string, tags: Record<string, string> = {}, data = '') {
    return this.send(this.state.owner, this.ids.agent, { Action: action, ...tags }, data)
  }

  async run(ms: number) {
    await this.world.run({ until: this.world.now + ms })
  }

  /** The token's own ledger (on aos read with an Eval from the token's owner, which changes nothing). */
  ledger(token: string, account = this.ids.agent): Promise<bigint> {
    return this.ledgerOf(token, account)
  }

  /** The agent's book keys and the scene token each one counts (a book names its token by param). */
  bookTokens(): Array<[string, string]> {
    const byId = new Map(Object.entries(this.ids.tokens).map(([n, id]) => [id, n]))
    return Object.keys(this.state.balances).map((k) => {
      // a book is keyed by a token param's name, a scene token's name, a token id, or `list[i]` (a list param's
      // item whose token field names a scene token)
      const item = /^([A-Za-z_][A-Za-z0-9_]*)\[([0-9]+)\]$/.exec(k)
      const listed = item
        ? Object.values(
            (this.state.params[item[1]] as unknown as Array<Record<string, unknown>>)?.[Number(item[2])] ??
              {},
          )
            .map((v) => byId.get(String(v)))
            .find((n) => n !== undefined)
        : undefined
      const tok = listed ?? byId.get(String(this.state.params[k])) ?? (this.ids.tokens[k] ? k : byId.get(k))
      if (tok === undefined)
        throw new Error(`profile ${this.profile.name}: the agent's book "${k}" names no token of the scene`)
      return [k, tok]
    })
  }

  /**
   * The end of every attack: the owner pauses, asks every token to resync, withdraws everything the books show,
   * and the agent's ledgers are then empty to the last unit while the owner got it all.
   */
  async ownerWithdrawsEverything(): Promise<{ withdrawn: Record<string, bigint> }> {
    this.command('Pause')
    await this.run(Math.max(3_600_000, this.profile.tickMs))
    const books = this.bookTokens()
    for (const [k] of books) this.command('Sync', { Token: k })
    await this.run(10_000)
    const withdrawn: Record<string, bigint> = {}
    for (const [k, tok] of books) {
      const [b, l] = [this.state.balances[k], await this.ledger(tok)]
      if (b !== l) throw new Error(`after settling, books ${b} ≠ ledger ${l} on ${k}`)
      const owner = this.state.owner
      const before = await this.ledger(tok, owner)
      if (b > 0n) this.command('Withdraw', { Token: k })
      await this.run(10_000)
      withdrawn[k] = (await this.ledger(tok, owner)) - before
      if (withdrawn[k] !== b) throw new Error(`owner received ${withdrawn[k]} of ${b} ${k}`)
      const left = await this.ledger(tok)
      if (left !== 0n || this.state.balances[k] !== 0n)
        throw new Error(
          `after the withdraw the agent still holds ${left} ${k} (books ${this.state.balances[k]})`,
        )
    }
    return { withdrawn }
  }
}

function compileProfile(profile: AgentProfile, ids: FuzzIds) {
  const c = compileOrThrow(profile.strategy, profile.params(ids))
  const meta = {
    id: c.ir.id,
    afkVersion: c.manifest.afkVersion,
    strategyHash: c.manifest.strategyHash,
    paramsHash: c.manifest.paramsHash,
  }
  const newTs = () =>
    new TsEngine({
      ir: c.ir,
      meta,
      id: ids.agent,
      owner: ids.owner,
      timestamp: T0,
      authorities: [LEGACY_AUTHORITY],
    })
  return { c, newTs, agentTags: spawnTags(c.ir) }
}

const spawnOpts = { spawnTimestamp: T0, spawnHeight: 1000 }

/**
 * The profile's agent on the TS engine with the exact TS models of our token, pool and signal processes
 * (test/models/differential.test.ts keeps them equal to the Lua processes): thousands of messages a second.
 */
export function createProfileModelWorld(profile: AgentProfile) {
  const ids = profileIds(profile)
  const { newTs, agentTags } = compileProfile(profile, ids)
  const specs = procSpecs(profile, ids)
  return {
    ids,
    async fresh(): Promise<FuzzScene> {
      const procs = new Map<string, AoProcessLike>()
      const world = new World({ idSeed: `fz-model:${profile.name}`, latency: LATENCY })
      for (const s of specs) {
        const p = createReferenceModel(s.kind, {
          id: s.id,
          owner: s.owner,
          tags: s.tags,
          authorities: [LEGACY_AUTHORITY],
        })
        procs.set(s.id, p)
        world.add(p, { owner: s.owner, ...spawnOpts })
      }
      const ts = newTs()
      world.add(ts, { owner: ids.owner, ...spawnOpts, tags: agentTags })
      await setUp(world, profile, ids)
      const ledger = async (token: string, account: string) =>
        (procs.get(ids.tokens[token]) as TokenModel).balanceOf(account)
      return new FuzzScene(profile, world, ts, ts, ids, ledger)
    },
  }
}

/**
 * The compiled agent (TS and Lua engines in lockstep) with our token, pool and signal processes on the production
 * aos module. Processes are spawned and set up once; `fresh()` restores every heap into a new World.
 */
export async function createProfileAosWorld(profile: AgentProfile) {
  const ids = profileIds(profile)
  const { c, newTs, agentTags } = compileProfile(profile, ids)
  const specs = procSpecs(profile, ids)
  const procs = new Map<string, Awaited<ReturnType<typeof spawnReferenceProcess>>>()
  for (const s of specs)
    procs.set(
      s.id,
      await spawnReferenceProcess(s.kind, {
        id: s.id,
        owner: s.owner,
        timestamp: T0,
        blockHeight: 1000,
        tags: s.tags,
      }),
    )
  const { engine: lua } = await AosEngine.create({
    lua: c.lua,
    id: ids.agent,
    owner: ids.owner,
    timestamp: T0,
    blockHeight: 1000,
    spawnTags: agentTags,
  })
  {
    const world = new World({ idSeed: `fz-setup:${profile.name}`, latency: LATENCY })
    for (const s of specs) world.add(procs.get(s.id)!, { owner: s.owner, ...spawnOpts })
    await setUp(world, profile, ids)
  }
  const saved = new Map([...procs].map(([id, p]) => [id, p.snapshot()]))
  const agentSaved = lua.process.snapshot()
  let reads = 0
  return {
    ids,
    fresh(): FuzzScene {
      for (const [id, p] of procs) p.loadState(saved.get(id)!)
      lua.process.loadState(agentSaved)
      const ts = newTs()
      const dual = new DualEngine(ts, lua)
      const world = new World({ idSeed: `fz:${profile.name}`, latency: LATENCY })
      world.now = SETUP_END
      for (const s of specs) world.add(procs.get(s.id)!, { owner: s.owner, ...spawnOpts })
      world.add(dual, { owner: ids.owner, ...spawnOpts, tags: agentTags })
      const ledger = async (token: string, account: string) => {
        const out = await procs.get(ids.tokens[token])!.eval(`return Balances["${account}"] or "0"`, {
          id: makeId(`ledger:${world.now}:${++reads}`),
          timestamp: world.now,
          blockHeight: 1000,
        })
        return BigInt(out.trim())
      }
      return new FuzzScene(profile, world, dual, ts, ids, ledger)
    },
  }
}
