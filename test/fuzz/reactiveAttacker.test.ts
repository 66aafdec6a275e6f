import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { transferErrorEvent } from '../../src/strategy/primitives/events/transferError.ts'
import type { EventPrimitive } from '../../src/strategy/runtime/types.ts'
import { createAttackWorld, createModelWorld } from '../utils/attackWorld.ts'
import { InvariantViolation, planArb, runPlan } from './reactiveAttacker.ts'

/**
 * The reactive attacker (issue 8) in `npm test`: volume on the TS engine with the exact TS models of our token and
 * pool, a sample on the compiled Lua agent on aos (TS and Lua in lockstep) with our token and pool on aos, and a
 * planted bug (one fix reverted) that the fuzzer must find. `npm run fuzz` runs the long version.
 */
describe('reactive attacker fuzzer (issue 8)', () => {
  it('TS engine + token/pool models: ≥ 20,000 agent messages, every invariant after every message', async () => {
    const env = createModelWorld()
    let total = 0
    await fc.assert(
      fc.asyncProperty(planArb(80), async (plan) => {
        total += (await runPlan(await env.fresh(), plan)).agentMessages
      }),
      { seed: 8_2026, numRuns: 300 },
    )
    expect(total).toBeGreaterThanOrEqual(20_000)
  }, 300_000)

  it('compiled Lua on aos (lockstep with TS) with token and pool on aos: a sample', async () => {
    const env = await createAttackWorld()
    let total = 0
    await fc.assert(
      fc.asyncProperty(planArb(50), async (plan) => {
        total += (await runPlan(env.fresh(), plan)).agentMessages
      }),
      { seed: 8_2027, numRuns: 6 },
    )
    expect(total).toBeGreaterThan(150)
  }, 300_000)

  describe('planted bug: the fix of item 2 reverted in the TS runtime', () => {
    const original = transferErrorEvent.match
    afterEach(() => {
      ;(transferErrorEvent as EventPrimitive).match = original
    })

    it('the fuzzer finds a provoked Transfer-Error that lifts the books above the ledger, and shrinks it', async () => {
      // the old behaviour: a Transfer-Error naming our order credits its amount back at once
      ;(transferErrorEvent as EventPrimitive).match = (rt, msg) => {
        const ev = original.call(transferErrorEvent, rt, msg)
        if (ev && ev !== 'handled' && (ev.type === 'swap.failed' || ev.type === 'transfer.failed')) {
          const o = rt.S.orders[ev.f.order as string]
          rt.S.balances[o.tokenParam] += BigInt(o.amountIn ?? o.amount)
        }
        return ev
      }
      const env = createModelWorld()
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
    }, 300_000)
  })
})
