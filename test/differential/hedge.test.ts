import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import hedge from '../../agents/hedge.ts'
import { makeId } from '../../src/ao/ids.ts'
import { compile } from '../../src/compiler/compile.ts'
import { DivergenceError } from '../../src/engine/DualEngine.ts'
import { CHOICE_KINDS, type Choice, drive, expectOwnerCanWithdraw } from '../utils/drive.ts'
import { graphSequences } from '../utils/graphSequences.ts'
import { createHedgeWorld, type HedgeScene, TICK_MS } from '../utils/hedgeWorld.ts'
import { createPair } from '../utils/pair.ts'
import { pending } from '../utils/stimulus.ts'

/** 1:1 pool; the price is the quote output for 10^6 base units (≈ 997,500 with the pool's 0.25 % fee) */
const params = {
  probe: '1000000',
  triggerBps: 1000,
  hedgeRatioBps: 5000,
  stopBps: 2000,
  reentryBps: 100,
  minSamples: '4',
  minTrade: '1000',
  bandBps: 500,
  slippageBps: 100,
}
const DEPOSIT = 10n ** 9n
/** the trader's sales of base that take the price down ~7.5 %, ~14.5 %, ~21 % from its start */
const CRASH_STEP = 4n * 10n ** 10n
const ticks = (s: HedgeScene, n: number) => s.run(n * TICK_MS)
const ctx = (s: HedgeScene) => s.state.context as Record<string, unknown>

describe('hedge agent on aos: our token and Botega pool, TS and Lua engines in lockstep', () => {
  let w: Awaited<ReturnType<typeof createHedgeWorld>>
  beforeAll(async () => {
    w = await createHedgeWorld(params)
  }, 120_000)

  it('refuses invalid params with the field path', () => {
    for (const [bad, field] of [
      [{ triggerBps: 10_001 }, 'triggerBps'],
      [{ minSamples: '25' }, 'minSamples'],
      [{ probe: '0' }, 'probe'],
    ] as const) {
      const r = compile(hedge, { base: w.ids.base, quote: w.ids.quote, pool: w.ids.pool, ...params, ...bad })
      expect(r.lua, field).toBeUndefined()
      expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.path.join('.'))).toEqual([
        `params.${field}`,
      ])
    }
  })

  /**
   * The crash scenario: flat, a ~21 % crash in three steps, flat, a recovery. Every message and every Status agree
   * on both engines (the DualEngine throws otherwise); the agent enters, cuts to the hedge ratio when the drawdown
   * crosses 10 %, stops out at 20 %, and re-enters once the price is back above its moving average.
   */
  it('crash and recovery: cut at the trigger, trailing stop, re-entry above the moving average', async () => {
    const s = await w.fresh()
    await s.deposit(DEPOSIT)
    await ticks(s, 5)
    expect(s.state.value).toBe('exposed')
    expect(s.state.balances.quote).toBeLessThan(DEPOSIT / 100n) // all but dust went into base
    const entered = s.state.balances.base
    const hwm = ctx(s).hwm as bigint

    await s.trade('base', CRASH_STEP)
    await ticks(s, 1)
    expect(s.state.value).toBe('exposed') // −7.5 %: below the trigger
    expect(ctx(s).drawdownBps).toBeGreaterThan(500n)

    await s.trade('base', CRASH_STEP)
    await ticks(s, 1)
    expect(s.state.value).toBe('hedged') // −14.5 %: half the holding sold
    expect(ctx(s)).toMatchObject({ mode: 'Hedged', cuts: 1n, hwm })
    expect(s.state.balances.base).toBe(entered - (entered * 5000n) / 10_000n)

    await s.trade('base', CRASH_STEP)
    await ticks(s, 1)
    expect(s.state.value).toBe('stopped') // −21 %: trailing stop, everything sold
    expect(ctx(s)).toMatchObject({ mode: 'Stopped', stops: 1n })
    expect(s.state.balances.base).toBe(0n)
    expect(ctx(s).drawdownBps).toBeGreaterThanOrEqual(2000n)

    await ticks(s, 3) // flat at the bottom: no re-entry (the price is below the window's average)
    expect(s.state.value).toBe('stopped')

    for (let i = 0; i < 3; i++) await s.trade('quote', 35n * 10n ** 9n)
    await ticks(s, 2)
    expect(s.state.value).toBe('exposed')
    expect(ctx(s)).toMatchObject({ mode: 'Exposed', entries: 1n })
    expect(ctx(s).hwm).toBeLessThan(hwm) // the HWM restarted at the re-entry price
    expect(s.state.balances.base).toBeGreaterThan(0n)

    expect(s.path).toEqual([
      'exposed',
      'entering',
      'exposed',
      'cutting',
      'hedged',
      'stopping',
      'stopped',
      'entering',
      'exposed',
    ])
    // the books match the token ledgers
    for (const t of ['base', 'quote'] as const) expect(await s.ledger(t)).toBe(s.state.balances[t])
    expect(s.dual.steps).toBeGreaterThan(30)
  }, 120_000)

  it('planted drift: a Lua isqrt that rounds up is caught (Status after every message)', async () => {
    const drift = `package.loaded["afk.coll"].isqrt = (function(f) return function(n) local r = f(n); if r * r ~= n then return r + 1 end; return r end end)(package.loaded["afk.coll"].isqrt)`
    const s = await w.fresh({ drift })
    // the second price makes the first non-zero return, whose square has no exact root
    const run = (async () => {
      await s.deposit(DEPOSIT)
      await ticks(s, 2)
    })()
    await expect(run).rejects.toThrow(DivergenceError)
  }, 120_000)

  it('never stuck: a front-run cut is refunded and retried; a liquidation while halted times out and resumes', async () => {
    const s = await w.fresh()
    await s.deposit(DEPOSIT)
    await ticks(s, 2)
    await s.trade('base', CRASH_STEP)
    await s.trade('base', CRASH_STEP)
    // at the next tick the agent decides to cut; a trader's sale lands between its quote and its swap (+250 ms:
    // after the quote's answer, before the swap reaches the pool), so its minimum output fails and it is refunded
    await s.trade('base', CRASH_STEP / 2n, s.nextTick() + 250)
    await ticks(s, 1)
    expect(s.path).toEqual(['exposed', 'entering', 'exposed', 'cutting', 'exposed'])
    expect(ctx(s)).toMatchObject({ failures: 1n, cuts: 0n, mode: 'Exposed' })
    await ticks(s, 1) // the next tick decides again: −17 %, cut
    expect(s.state.value).toBe('hedged')
    for (const t of ['base', 'quote'] as const) expect(await s.ledger(t)).toBe(s.state.balances[t])

    // halted: Liquidate's quote is skipped, so its timeout brings it to the retry state; Resume, then a tick, sells
    s.command('Halt')
    await s.run(1000)
    s.command('Liquidate')
    await s.run(120_000)
    expect(s.state.value).toBe('liquidating')
    expect(s.state.orders).toEqual({}) // no quote went out
    expect(ctx(s).mode).toBe('Halted')
    // the next message (a tick, itself ignored while halted) fires the due timeout first
    await ticks(s, 1)
    expect(s.state.value).toBe('liquidateRetry')
    await ticks(s, 1)
    expect(s.state.value).toBe('liquidateRetry')
    s.command('Resume')
    await ticks(s, 1)
    expect(s.state.value).toBe('liquidated')
    expect(ctx(s).mode).toBe('Liquidated')
    expect(s.state.balances.base).toBe(0n)
    expect(s.path.slice(6)).toEqual(['hedged', 'liquidating', 'liquidateRetry', 'liquidating', 'liquidated'])
  }, 120_000)

  it('cooldown re-entry and volatility targeting (set by Update-Params)', async () => {
    const s = await w.fresh()
    await s.deposit(DEPOSIT)
    await ticks(s, 2)
    // an out-of-range value is refused and changes nothing
    s.command('Update-Params', {}, JSON.stringify({ triggerBps: '20000', cooldownMs: '1' }))
    await s.run(1000)
    expect(s.state.params).toMatchObject({ triggerBps: 1000n, cooldownMs: 0n })
    s.command('Update-Params', {}, JSON.stringify({ cooldownMs: String(2 * TICK_MS) }))
    await s.run(1000)
    expect(s.state.params.cooldownMs).toBe(BigInt(2 * TICK_MS))
    await s.trade('base', 2n * CRASH_STEP)
    await ticks(s, 1)
    expect(s.state.value).toBe('hedged')
    await ticks(s, 1) // flat at the bottom: below the average, and the cooldown is not over (cut + 2 ticks)
    expect(s.state.value).toBe('hedged')
    await ticks(s, 1)
    expect(s.state.value).toBe('hedged')
    await ticks(s, 1)
    expect(s.state.value).toBe('exposed') // re-entered on the cooldown, the price still under the average
    expect(ctx(s).last).toBeLessThan(ctx(s).ma as bigint)
    expect(ctx(s).entries).toBe(1n)

    // swings of ~±4 % per tick: realized volatility ≈ 400 bps per tick; a 100 bps target → ~25 % exposure
    s.command('Update-Params', {}, JSON.stringify({ targetVolBps: '100', cooldownMs: '0' }))
    await s.run(1000)
    expect(s.state.params.targetVolBps).toBe(100n)
    for (let i = 0; i < 6; i++) {
      await s.trade(i % 2 ? 'quote' : 'base', CRASH_STEP / 2n)
      await ticks(s, 1)
    }
    const c = ctx(s)
    expect(c.vol).toBeGreaterThan(200n)
    expect(c.exposureBps).toBe(
      BigInt(Math.max(2000, Math.min(10_000, Math.floor((100 * 10_000) / Number(c.vol))))),
    )
    expect(c.trims).toBeGreaterThanOrEqual(1n)
    expect(s.path).toContain('trimming')
    // the risky share of the agent's value is near the target after the trim
    const r = await s.reserves()
    const riskValue = (s.state.balances.base * r.quote) / r.base
    const share = (riskValue * 10_000n) / (riskValue + s.state.balances.quote)
    expect(share).toBeLessThan(5_000n)
  }, 120_000)

  /**
   * init → fund → run → Pause/Resume → Halt (a crash goes unanswered) → Resume (the cut) → partial Withdraw →
   * Transfer-Ownership → the new owner's Liquidate, which pays the new owner everything (no Withdraw). The owners' ledgers plus what the agent paid the
   * pool (fees included) and got back from it account for every deposited unit, on the token processes' own ledgers.
   */
  it('lifecycle: fund, run, Pause/Resume, Halt, Withdraw, Transfer-Ownership, Liquidate pays the new owner; every unit accounted for', async () => {
    const s = await w.fresh()
    const owner0 = { base: await s.ledger('base', s.ids.owner), quote: await s.ledger('quote', s.ids.owner) }
    expect(s.state.value).toBe('exposed')
    expect(ctx(s).mode).toBe('Exposed')
    await s.deposit(DEPOSIT)
    await ticks(s, 4)
    expect(s.path).toEqual(['exposed', 'entering', 'exposed'])

    // paused: ticks are ignored, no quote goes out
    s.command('Pause')
    await s.run(1000)
    const quotes = s.dual.steps
    await ticks(s, 2)
    expect(s.dual.steps).toBe(quotes + 2) // the two ticks, nothing answered
    s.command('Resume')
    await ticks(s, 1)
    expect(s.state.value).toBe('exposed')

    // halted: the mode says so and a crash is not acted on
    s.command('Halt')
    await s.run(1000)
    expect(ctx(s).mode).toBe('Halted')
    await s.trade('base', 2n * CRASH_STEP)
    await ticks(s, 2)
    expect(s.state.value).toBe('exposed')
    expect(s.state.halted).toBe(true)
    s.command('Resume')
    await s.run(1000)
    expect(ctx(s).mode).toBe('Exposed')
    await ticks(s, 1)
    expect(s.state.value).toBe('hedged')
    expect(ctx(s).mode).toBe('Hedged')

    // partial withdraws of both tokens go to the owner
    const half = s.state.balances.quote / 2n
    s.command('Withdraw', { Token: 'quote', Quantity: String(half) })
    s.command('Withdraw', { Token: 'base', Quantity: '1000' })
    await s.run(5000)

    // ownership moves to an heir: the old owner's Withdraw and Liquidate are refused
    const heir = makeId('hedge:heir')
    s.command('Transfer-Ownership', { 'New-Owner': heir })
    await s.run(1000)
    s.command('Withdraw', { Token: 'quote' })
    s.command('Liquidate')
    await s.run(5000)
    expect(s.state.value).toBe('hedged')

    // the heir liquidates: all base sold into quote, the agent stops and pays the heir all it holds (no Withdraw)
    s.send(heir, s.ids.agent, { Action: 'Liquidate' })
    await s.run(10_000)
    expect(s.state.value).toBe('liquidated')
    expect(ctx(s).mode).toBe('Liquidated')
    for (const t of ['base', 'quote'] as const) {
      expect(await s.ledger(t), `agent ledger ${t}`).toBe(0n)
      expect(s.state.balances[t]).toBe(0n)
    }
    await ticks(s, 2) // a stopped agent sends nothing
    expect(s.state.value).toBe('liquidated')
    const held = await s.ledger('quote', heir)
    expect(held).toBeGreaterThan(0n)
    expect(await s.ledger('base', heir)).toBe(0n)
    const owner1 = { base: await s.ledger('base', s.ids.owner), quote: await s.ledger('quote', s.ids.owner) }
    // every deposited unit: back with the owners, or paid to the pool net of what the pool paid back
    expect(owner1.quote - owner0.quote + held + DEPOSIT).toBe(DEPOSIT - s.toPool.quote + s.fromPool.quote)
    expect(owner1.base - owner0.base).toBe(s.fromPool.base - s.toPool.base)
    expect(owner1.base - owner0.base).toBe(1000n)
    // the pool's fee on each of the agent's swaps is part of what it was paid: 0.25 % of every input
    expect(s.fees.quote).toBe((s.toPool.quote * 25n) / 10_000n)
    expect(s.fees.base).toBeGreaterThan(0n)
    expect(s.path).toEqual([
      'exposed',
      'entering',
      'exposed',
      'cutting',
      'hedged',
      'liquidating',
      'liquidated',
    ])
  }, 120_000)
})

describe('hedge agent: hand-made replies, the machine graph and random sequences on both engines', () => {
  const ids = { base: makeId('token:base'), quote: makeId('token:quote'), pool: makeId('pool') }
  let pair: Awaited<ReturnType<typeof createPair>>
  beforeAll(async () => {
    pair = await createPair(hedge, { ...ids, ...params }, ids)
  }, 120_000)

  it('boots identically', () => {
    expect(pair.bootEqual).toBe(true)
  })

  it('a trade quote answered after its timeout is not taken for a price', async () => {
    const { dual, ts, stim } = pair.fresh()
    await dual.handle(stim.deposit('base', 10n ** 9n))
    for (const price of [1_000_000n, 850_000n]) {
      await dual.handle(stim.tick(TICK_MS))
      await dual.handle(stim.quoteReply(pending(ts.runtime.state, 'quote')[0], price))
    }
    expect(ts.runtime.state.value).toBe('cutting') // −15 %: the cut's own quote is asked
    const [cut] = pending(ts.runtime.state, 'quote')
    expect(cut.amountIn).toBe(String(10n ** 9n / 2n))
    stim.now += 61_000
    await dual.handle(stim.command('Status', {}, '', stim.stranger)) // any message fires the due timeout
    expect(ts.runtime.state.value).toBe('exposed')
    const before = await dual.statusJson()
    // the pool answers the cut's quote late: half the holding's output is no price per probe
    await dual.handle(stim.quoteReply(cut, 400_000_000n))
    const after = await dual.snapshot()
    expect(after.context).toEqual(JSON.parse(before).context)
    expect(after.value).toBe('exposed')
  })

  it('follows the machine graph (every transition alternative, xstate/graph)', async () => {
    const seqs = graphSequences(pair.compiled.ir)
    expect(seqs.length).toBeGreaterThan(20)
    for (const seq of seqs) {
      const { dual, ts, stim } = pair.fresh()
      await drive(dual, ts, stim, seq)
    }
  }, 120_000)

  it('seeded random sequences (fast-check) agree, and the owner can always withdraw everything', async () => {
    let runs = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ kind: fc.nat(CHOICE_KINDS), a: fc.nat(1000), b: fc.nat(1000) }), {
          minLength: 5,
          maxLength: 40,
        }),
        async (choices: Choice[]) => {
          const { dual, ts, stim } = pair.fresh()
          await drive(dual, ts, stim, choices)
          await expectOwnerCanWithdraw(dual, ts, stim)
          runs++
        },
      ),
      { seed: 20261129, numRuns: 40 },
    )
    expect(runs).toBe(40)
  }, 120_000)
})
