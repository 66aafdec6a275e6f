import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { makeId } from '../../src/ao/ids.ts'
import { defineStrategy } from '../../src/strategy/defineStrategy.ts'
import { processId } from '../../src/strategy/params.ts'
import { drive } from '../utils/drive.ts'
import { createPair } from '../utils/pair.ts'

const ids = { base: makeId('pay:base'), quote: makeId('pay:quote'), pool: makeId('pay:pool') }

/**
 * The payout's place decides whether it is safe: `payOwner` on a stranger's deposit (the rejected design, "a done agent
 * pays its holdings after every message") versus at the end of a liquidation the owner started.
 */
const payer = (onCredit: boolean) =>
  defineStrategy({
    id: onCredit ? 'pay-on-credit' : 'pay-on-liquidation',
    params: z.object({ base: processId(), quote: processId(), pool: processId() }),
    tokens: ['base', 'quote'],
    context: {},
    machine: (x) => ({
      initial: 'idle',
      on: onCredit ? { credit: { actions: x.payOwner({ token: x.p.quote }) } } : {},
      states: {
        idle: {
          on: { 'owner.liquidate': { target: 'liquidating', actions: x.scheduleTimeout('liq', 500) } },
        },
        liquidating: {
          on: {
            'timeout.liq': {
              target: 'stopped',
              actions: [x.payOwner({ token: x.p.quote }), x.payOwner({ token: x.p.base })],
            },
          },
        },
        stopped: { type: 'final' },
      },
    }),
  })

describe('payOwner on both engines, and the drive invariant that tells a legitimate payout from a hostile one', () => {
  let onCredit: Awaited<ReturnType<typeof createPair>>
  let onLiquidation: Awaited<ReturnType<typeof createPair>>
  beforeAll(async () => {
    onCredit = await createPair(payer(true), ids, ids)
    onLiquidation = await createPair(payer(false), ids, ids)
  })

  it("planted: a payout on a stranger's deposit (choice 20) is caught as a hostile message moving funds", async () => {
    const { dual, ts, stim } = onCredit.fresh()
    await drive(dual, ts, stim, [{ kind: 1, a: 2, b: 0 }]) // the owner's deposit: paid back, not hostile
    await expect(drive(dual, ts, stim, [{ kind: 20, a: 2, b: 0 }])).rejects.toThrow(
      /hostile message \(choice 20\) made the agent send a Transfer/,
    )
  })

  it("a stranger's message that lets the liquidation's deadline fire completes it: the owner gets every unit", async () => {
    const { dual, ts, stim } = onLiquidation.fresh()
    // the owner deposits quote (999) and base (7), then liquidates; a provoked Transfer-Error naming no order of ours
    // (choice 26, one second later) fires the due deadline first, which pays both tokens to the owner
    await drive(dual, ts, stim, [
      { kind: 1, a: 2, b: 0 },
      { kind: 2, a: 1, b: 0 },
      { kind: 16, a: 0, b: 0 },
    ])
    expect(ts.runtime.state.value).toBe('liquidating')
    const sent: string[] = []
    const handle = dual.handle.bind(dual)
    dual.handle = async (m) => {
      const r = await handle(m)
      for (const o of r.Messages)
        if (o.Tags.some((t) => t.name === 'Action' && t.value === 'Transfer'))
          sent.push(`${o.Target}:${o.Tags.find((t) => t.name === 'Quantity')?.value}`)
      return r
    }
    await drive(dual, ts, stim, [{ kind: 26, a: 0, b: 0 }])
    expect(ts.runtime.state.value).toBe('stopped')
    expect(sent).toEqual([`${ids.quote}:999`, `${ids.base}:7`])
    expect(ts.runtime.state.balances).toEqual({ base: 0n, quote: 0n })
    // a stranger's deposit to the stopped agent pays nobody
    await drive(dual, ts, stim, [{ kind: 20, a: 2, b: 0 }])
    expect(sent.length).toBe(2)
  })
})
