import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { type BoundEvent, EVENT_MATCHERS } from '../../src/engine/runtime/primitives/registry.ts'
import { createProfileAosWorld, createProfileModelWorld } from '../utils/profileWorld.ts'
import { PROFILES } from './agents/index.ts'
import { InvariantViolation, planArb, runPlan } from './reactiveAttacker.ts'

/**
 * The reactive attacker (issues 8 and 10) in `npm test`, for every agent profile: volume on the TS engine with the
 * exact TS models of our token, pool and signal processes, a sample on the compiled Lua agent on aos (TS and Lua in
 * lockstep) with those processes on aos, and a planted bug (one fix reverted) that the fuzzer must find.
 * `npm run fuzz -- --agent X` runs the long version.
 */
describe.each(Object.values(PROFILES))('reactive attacker: $name', (profile) => {
  it(`TS engine + models: ≥ ${profile.testRuns.minMessages} agent messages, every invariant after every message`, async () => {
    const env = createProfileModelWorld(profile)
    const events = new Map<string, number>()
    const counters = new Map<string, bigint>()
    let [total, raced, refused] = [0, 0, 0]
    await fc.assert(
      fc.asyncProperty(planArb(profile.testRuns.maxMoves), async (plan) => {
        const r = await runPlan(await env.fresh(), plan)
        total += r.agentMessages
        raced += r.raced
        refused += r.refused
        for (const [k, v] of r.events) events.set(k, (events.get(k) ?? 0) + v)
        for (const k of profile.expectCounters)
          counters.set(k, (counters.get(k) ?? 0n) + (r.context[k] as bigint))
      }),
      { seed: profile.testRuns.seed, numRuns: profile.testRuns.numRuns },
    )
    expect(total).toBeGreaterThanOrEqual(profile.testRuns.minMessages)
    expect(raced).toBeGreaterThan(100)
    expect(refused).toBeGreaterThan(100)
    // the legitimate traffic ran too (fills, refunds, quotes, owner commands), not only the attacks
    expect(profile.expectEvents.filter((ev) => !events.get(ev))).toEqual([])
    expect(profile.expectCounters.filter((k) => !counters.get(k))).toEqual([])
    console.log(
      `${profile.name}: ${total} messages, ${raced} raced, ${refused} refused;`,
      Object.fromEntries(counters),
    )
  }, 120_000)

  it('compiled Lua on aos (lockstep with TS) with the processes on aos: a sample', async () => {
    const env = await createProfileAosWorld(profile)
    let total = 0
    await fc.assert(
      fc.asyncProperty(planArb(40, 25), async (plan) => {
        total += (await runPlan(env.fresh(), plan)).agentMessages
      }),
      { seed: profile.testRuns.seed + 1, numRuns: 3 },
    )
    expect(total).toBeGreaterThan(60)
  }, 300_000)
})

/** The TS engine's classifier of an event primitive, to plant a bug in (restored after each test). */
const bound = (name: string): BoundEvent => {
  const b = EVENT_MATCHERS.find((e) => e.name === name)
  if (b === undefined) throw new Error(`no event primitive ${name}`)
  return b
}
const transferErrorEvent = bound('transfer_error')
const commandEvent = bound('command')

describe('planted bug: the fix of issue 8 item 2 reverted in the TS runtime', () => {
  const original = transferErrorEvent.match
  afterEach(() => {
    transferErrorEvent.match = original
  })

  it('the fuzzer finds a provoked Transfer-Error that lifts the books above the ledger, and shrinks it', async () => {
    // the old behaviour: a Transfer-Error naming our order credits its amount back at once
    transferErrorEvent.match = (rt, msg) => {
      const ev = original(rt, msg)
      if (ev && ev !== 'handled' && (ev.type === 'swap.failed' || ev.type === 'transfer.failed')) {
        const o = rt.S.orders[ev.f.order as string]
        rt.S.balances[o.tokenParam] += BigInt(o.amountIn ?? o.amount)
      }
      return ev
    }
    const env = createProfileModelWorld(PROFILES.dca)
    const r = await fc.check(
      fc.asyncProperty(planArb(80), async (plan) => {
        await runPlan(await env.fresh(), plan)
      }),
      { seed: 8_2028, numRuns: 200 },
    )
    expect(r.failed).toBe(true)
    expect(r.errorInstance).toBeInstanceOf(InvariantViolation)
    expect(String((r.errorInstance as Error).message)).toMatch(/books exceed the ledger/)
    expect(r.counterexample?.[0].moves.length).toBeLessThan(20)
  }, 120_000)
})

describe('planted bugs: an owner check dropped from the TS runtime', () => {
  const original = commandEvent.match
  afterEach(() => {
    commandEvent.match = original
  })
  const find = async () => {
    const env = createProfileModelWorld(PROFILES.dca)
    const r = await fc.check(
      fc.asyncProperty(planArb(80), async (plan) => {
        await runPlan(await env.fresh(), plan)
      }),
      // shrinking is proven above; here only that the invariant catches the bug
      { seed: 10_2026, numRuns: 200, endOnFailure: true },
    )
    expect(r.failed).toBe(true)
    expect(r.errorInstance).toBeInstanceOf(InvariantViolation)
    return String((r.errorInstance as Error).message)
  }

  it("a stranger's Withdraw paid to the stranger breaks 'no token leaves except to the owner or a pool'", async () => {
    // the hand-written DCA's bug (dex-protocols.md §1.2–1.5): a fund-moving command without an owner check
    commandEvent.match = (rt, msg) => {
      if (msg.Action !== 'Withdraw' || msg.From === rt.S.owner) return original(rt, msg)
      const owner = rt.S.owner
      rt.S.owner = String(msg.From)
      try {
        return original(rt, msg)
      } finally {
        rt.S.owner = owner
      }
    }
    expect(await find()).toMatch(/a Transfer of [0-9]+ went to/)
  }, 120_000)

  it("a stranger's Pause obeyed breaks 'nothing a stranger sends changes owner, params, pause'", async () => {
    commandEvent.match = (rt, msg) => {
      if (msg.Action !== 'Pause' || msg.From === rt.S.owner) return original(rt, msg)
      rt.S.paused = true
      return { type: 'owner.pause', f: {} }
    }
    // (when the agent was paused already, the missing refusal is what shows)
    expect(await find()).toMatch(
      /a stranger changed the owner, params, pause or halt|a stranger's Pause was not refused/,
    )
  }, 120_000)

  it("an owner's misspelt command silently ignored breaks 'a bad command answers Agent-Error'", async () => {
    commandEvent.match = (rt, msg) => {
      try {
        return original(rt, msg)
      } catch (e) {
        if ((e as { code?: string }).code === 'UNKNOWN_COMMAND') return null
        throw e
      }
    }
    expect(await find()).toMatch(/the near-miss command .* was not refused with Agent-Error/)
  }, 120_000)
})
