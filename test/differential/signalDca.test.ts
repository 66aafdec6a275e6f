import { beforeAll, describe, expect, it } from 'vitest'
import signalDca from '../../agents/signal-dca.ts'
import { makeId } from '../../src/ao/ids.ts'
import type { Tag } from '../../src/ao/message.ts'
import { compileOrThrow } from '../../src/compiler/compile.ts'
import { DualEngine } from '../../src/engine/DualEngine.ts'
import { World } from '../../src/harness/world/World.ts'
import { spawnReferenceProcess } from '../../src/processes/referenceProcess.ts'
import { agentOnPair } from '../utils/agentOnPair.ts'
import { AttackScene, type Ids } from '../utils/attackWorld.ts'

/** a whole hour, so the agent's hourly buy slots (now // 1 h) start at T0 + k h */
const T0 = 1_749_999_600_000
const HOUR = 3_600_000
const MINUTE = 60_000
const E6 = 1_000_000n
const tags = (o: Record<string, string>): Tag[] => Object.entries(o).map(([name, value]) => ({ name, value }))

/**
 * The signal-DCA agent (TS and Lua engines in lockstep) in a World with our token, Botega pool and signal processes
 * on aos. Every message the agent handles is compared across engines (outbound messages and Status).
 */
async function createSignalWorld() {
  const ids: Ids & { signal: string } = {
    base: makeId('sig:token:base'),
    quote: makeId('sig:token:quote'),
    pool: makeId('sig:pool'),
    signal: makeId('sig:signal'),
    agent: makeId('sig:agent'),
    owner: makeId('sig:owner'),
    lp: makeId('sig:lp'),
    attacker: makeId('sig:attacker'),
  }
  const params = {
    base: ids.base,
    quote: ids.quote,
    pool: ids.pool,
    signal: ids.signal,
    asset: 'AR',
    amount: String(E6),
    minMultBps: 5_000,
    maxMultBps: 20_000,
    slippageBps: 100,
    signalTimeoutMs: '30000',
  }
  const c = compileOrThrow(signalDca, params)
  const pair = await agentOnPair(c, { ids, timestamp: T0 })
  const { agentTags, lua } = pair
  const procs = {
    ...pair.procs,
    signal: await spawnReferenceProcess('signal', {
      owner: ids.owner,
      timestamp: T0,
      blockHeight: 1000,
      id: ids.signal,
    }),
  }
  const ts = pair.newTs()
  const world = new World({ idSeed: 'sig', latency: 100 })
  for (const p of Object.values(procs))
    world.add(p, { owner: ids.owner, spawnTimestamp: T0, spawnHeight: 1000 })
  const dual = new DualEngine(ts, lua)
  world.add(dual, { owner: ids.owner, spawnTimestamp: T0, spawnHeight: 1000, tags: agentTags })
  // liquidity 10^12 / 10^12 from the LP; the owner holds 10^9 of each
  for (const t of [ids.base, ids.quote]) {
    world.send({
      from: ids.owner,
      target: t,
      tags: tags({ Action: 'Mint', Quantity: String(10n ** 12n), Recipient: ids.lp }),
    })
    world.send({ from: ids.owner, target: t, tags: tags({ Action: 'Mint', Quantity: String(10n ** 9n) }) })
  }
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
  let reads = 0
  const ledger = async (token: 'quote' | 'base', account: string) => {
    const out = await procs[token].eval(`return Balances["${account}"] or "0"`, {
      id: makeId(`sig-ledger:${world.now}:${++reads}`),
      timestamp: world.now,
      blockHeight: 1000,
    })
    return BigInt(out.trim())
  }
  return { scene: new AttackScene(world, dual, ts, ids, ledger), ids, ts, dual }
}

/** The Botega pool's output for `amountIn` (fee 25 bps taken from the input, constant product, floor). */
const poolOut = (amountIn: bigint, rIn: bigint, rOut: bigint) => {
  const after = amountIn - (amountIn * 25n) / 10_000n
  return (after * rOut) / (rIn + after)
}

describe('signal-DCA on aos with our token, pool and signal processes (both engines agree on every message)', () => {
  let env: Awaited<ReturnType<typeof createSignalWorld>>
  beforeAll(async () => {
    env = await createSignalWorld()
  }, 120_000)

  it('scales buys by the signal within bounds, falls back on an error reply and on silence (in the same slot), ignores forgeries; Liquidate pays the owner everything', async () => {
    const { scene: s, ids, ts } = env
    const ctx = () => ts.runtime.state.context
    const setSignal = (bps: string, asset = 'AR') =>
      s.send(ids.owner, ids.signal, { Action: 'Set-Signal', Asset: asset, 'Signal-Bps': bps })
    const initialQuote = await s.ledger('quote', ids.owner)
    await s.deposit(20n * E6)
    // just after the n-th slot's buy: the cron ticks every 5 minutes from the spawn (the first slot's first tick at
    // T0 + 5 min, the others' on the hour), and the slot's second tick is at + 5 min
    const hour = async (n: number) => s.world.run({ until: T0 + (n - 1) * HOUR + 5 * MINUTE + 2 * MINUTE })

    // hour 1: no signal for AR yet: the process answers Get-Signal-Error → invalid → plain amount
    await hour(1)
    expect(ctx()).toMatchObject({ buys: 1n, fallbacks: 1n, lastBuy: E6, lastMultBps: 10_000n, spent: E6 })
    expect(ctx().lastReason).toBe('Action must be one of Get-Signal-Response')
    const boughtFirst = ctx().bought as bigint
    expect(boughtFirst).toBe(poolOut(E6, 10n ** 12n, 10n ** 12n))

    // hour 2: +50% → 1.5x
    setSignal('5000')
    await hour(2)
    expect(ctx()).toMatchObject({ buys: 2n, lastSignalBps: 5000n, lastMultBps: 15_000n, lastBuy: 1_500_000n })

    // hour 3: -50% → 0.5x
    setSignal('-5000')
    await hour(3)
    expect(ctx()).toMatchObject({ buys: 3n, lastSignalBps: -5000n, lastMultBps: 5_000n, lastBuy: 500_000n })

    // hour 4: +10000% is clamped to maxMultBps (2x); an attacker races it with a forged reply and a provoked
    // answer for another asset (Reply-To + our Reference): both are ignored
    setSignal('1000000')
    setSignal('-1000000', 'BTC')
    const seen = new Set<string>()
    s.world.onEvaluated((e) => {
      if (e.process !== ids.agent) return
      for (const o of Object.values(ts.runtime.state.orders))
        if (o.kind === 'ask' && !seen.has(o.id)) {
          seen.add(o.id)
          const at = s.world.now + 1
          s.send(
            ids.attacker,
            ids.agent,
            { Action: 'Get-Signal-Response', 'X-Reference': o.ref, Asset: 'AR', 'Signal-Bps': '-1000000' },
            '',
            at,
          )
          s.send(
            ids.attacker,
            ids.signal,
            { Action: 'Get-Signal', Asset: 'BTC', 'X-Reference': o.ref, 'Reply-To': ids.agent },
            '',
            at,
          )
        }
    })
    await hour(4)
    expect(seen.size).toBe(1)
    expect(ctx()).toMatchObject({
      buys: 4n,
      lastSignalBps: 1_000_000n,
      lastMultBps: 20_000n,
      lastBuy: 2_000_000n,
    })

    // hour 5: the signal process is silent. An agent has no clock of its own: the deadline passes unnoticed until
    // the next message, the slot's next cron tick 5 minutes later, which raises reply.signal.timeout first and buys
    // the plain amount in the same slot (one buy per slot: the slot's later ticks ask nothing)
    s.send(ids.owner, ids.signal, { Action: 'Set-Silent', Silent: 'true' })
    await s.world.run({ until: T0 + 4 * HOUR + 2 * MINUTE }) // the slot's first tick (on the hour) asked
    expect(ts.runtime.state.value).toBe('asking')
    expect(ctx().buys).toBe(4n)
    await hour(5) // the tick at T0 + 4 h + 5 min
    expect(ctx()).toMatchObject({ buys: 5n, fallbacks: 2n, lastBuy: E6, lastReason: 'no signal in time' })
    expect(ctx().spent).toBe(E6 + 1_500_000n + 500_000n + 2_000_000n + E6)
    await s.world.run({ until: T0 + 5 * HOUR - MINUTE })
    expect(ctx().buys).toBe(5n)

    // hour 6: the signal speaks again (still clamped to 2x)
    s.send(ids.owner, ids.signal, { Action: 'Set-Silent', Silent: 'false' })
    await hour(6)
    expect(ctx()).toMatchObject({ buys: 6n, fallbacks: 2n, lastBuy: 2_000_000n })

    // Halt: ticks are ignored, so no quote or swap goes out; after Resume the slot's next tick buys (one buy per slot)
    s.command('Halt')
    await hour(7)
    expect(ctx().buys).toBe(6n)
    expect(ts.runtime.state.halted).toBe(true)
    s.command('Resume')
    await s.world.run({ until: T0 + 6 * HOUR + 12 * MINUTE })
    expect(ctx()).toMatchObject({ buys: 7n, lastMultBps: 20_000n })
    await hour(8)
    expect(ctx()).toMatchObject({ buys: 8n, lastMultBps: 20_000n })
    // Pause: ticks are ignored, nothing is asked
    s.command('Pause')
    const asked = seen.size
    await hour(9)
    expect(seen.size).toBe(asked)
    expect(ctx().buys).toBe(8n)
    s.command('Resume')

    // Liquidate sells all base into quote through the pool, then stops and pays the owner everything (no Withdraw),
    // checked against both token ledgers
    s.command('Liquidate')
    await s.run(10_000)
    expect(ts.runtime.state.value).toBe('stopped')
    expect(ctx()).toMatchObject({ liqTries: 1n, sold: ctx().bought })
    const received = ctx().received as bigint
    expect(received).toBeGreaterThan(0n)
    await s.expectBooksWithinLedger()
    for (const t of ['quote', 'base'] as const) {
      expect(ts.runtime.state.balances[t], t).toBe(0n)
      expect(await s.ledger(t, ids.agent), t).toBe(0n)
    }
    expect(await s.ledger('quote', ids.owner)).toBe(initialQuote - (ctx().spent as bigint) + received)
  }, 300_000)
})
