import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import dca from '../../agents/dca.ts'
import { makeId } from '../../src/ao/ids.ts'
import { DivergenceError } from '../../src/engine/DualEngine.ts'
import { normalizeStep } from '../../src/engine/normalizeTrace.ts'
import { haltSkipLog } from '../../src/protocols/agentWire.ts'
import { defineStrategy } from '../../src/strategy/defineStrategy.ts'
import { processId } from '../../src/strategy/params.ts'
import { createPair, dualWithLua, START } from '../utils/pair.ts'
import { pending, Stimulus } from '../utils/stimulus.ts'

const ids = { base: makeId('token:base'), quote: makeId('token:quote'), pool: makeId('pool') }
const params = { ...ids, amount: '1000', slippageBps: 100, quoteTimeoutMs: '60000', swapTimeoutMs: '600000' }
const tag = (m: { Tags: { name: string; value: string }[] }, n: string) =>
  m.Tags.find((t) => t.name === n)?.value

/** Owner Halt on both engines (DualEngine compares every outbound message, log line and Status). */
describe('owner Halt: TS and Lua agree; no new orders, withdrawals still work, Resume lifts it', () => {
  let pair: Awaited<ReturnType<typeof createPair>>
  beforeAll(async () => {
    pair = await createPair(dca, params, ids)
  })

  it('halted while idle: ticks start nothing; Withdraw, Sync and Status work; Resume lifts it', async () => {
    const { dual, ts, stim } = pair.fresh()
    await dual.handle(stim.deposit('quote', 5000n))
    expect((await dual.handle(stim.command('Halt'))).Messages).toEqual([])
    expect(await dual.snapshot()).toMatchObject({ halted: true, paused: false, value: 'idle' })
    expect((await dual.handle(stim.tick())).Messages).toEqual([])
    expect(pending(ts.runtime.state, 'quote')).toEqual([])
    const w = await dual.handle(stim.command('Withdraw', { Token: 'quote', Quantity: '1500' }))
    expect(w.Messages).toHaveLength(1)
    expect(tag(w.Messages[0], 'Recipient')).toBe(pair.owner)
    const sync = await dual.handle(stim.command('Sync', { Token: 'quote' }))
    expect(sync.Messages.length).toBeGreaterThan(0)
    const st = await dual.handle(stim.command('Status', {}, '', stim.stranger))
    expect(JSON.parse(st.Messages[0].Data).halted).toBe(true)
    await dual.handle(stim.command('Resume'))
    expect((await dual.snapshot()).halted).toBe(false)
    await dual.handle(stim.tick(60_000))
    expect(pending(ts.runtime.state, 'quote')).toHaveLength(1)
  })

  it('halted with a swap in flight: the fill is still booked, and no new order follows', async () => {
    const { dual, ts, stim } = pair.fresh()
    await dual.handle(stim.deposit('quote', 5000n))
    await dual.handle(stim.tick())
    await dual.handle(stim.quoteReply(pending(ts.runtime.state, 'quote')[0], 2000n))
    const [s] = pending(ts.runtime.state, 'swap')
    await dual.handle(stim.command('Halt'))
    await dual.handle(stim.debit(s))
    await dual.handle(stim.fill(s, 1995n))
    const snap = await dual.snapshot()
    expect(snap).toMatchObject({ value: 'idle', halted: true, balances: { base: '1995', quote: '4000' } })
    expect((await dual.handle(stim.tick(60_000))).Messages).toEqual([])
    expect(Object.keys((await dual.snapshot()).orders)).toEqual([])
  })

  it('halted with a quote in flight: the swap the reply would start is skipped with a log line', async () => {
    const { dual, ts, stim } = pair.fresh()
    await dual.handle(stim.deposit('quote', 5000n))
    await dual.handle(stim.tick())
    const [q] = pending(ts.runtime.state, 'quote')
    await dual.handle(stim.command('Halt'))
    const r = await dual.handle(stim.quoteReply(q, 2000n))
    expect(r.Messages).toEqual([])
    expect((r.Output as { data: string }).data).toContain(haltSkipLog('swap'))
    const snap = await dual.snapshot()
    // no order, no money moved; the strategy's own swap timeout brings it back to idle
    expect(snap.balances).toEqual({ base: '0', quote: '5000' })
    expect(pending(ts.runtime.state, 'swap')).toEqual([])
    await dual.handle(stim.tick(600_000))
    expect((await dual.snapshot()).value).toBe('idle')
  })

  it('a stranger cannot Halt or Resume', async () => {
    const { dual, stim } = pair.fresh()
    await dual.handle(stim.deposit('quote', 5000n))
    const r = await dual.handle(stim.command('Halt', {}, '', stim.stranger))
    expect(tag(r.Messages[0], 'Code')).toBe('UNAUTHORIZED')
    expect((await dual.snapshot()).halted).toBe(false)
    await dual.handle(stim.command('Halt'))
    const r2 = await dual.handle(stim.command('Resume', {}, '', stim.stranger))
    expect(tag(r2.Messages[0], 'Code')).toBe('UNAUTHORIZED')
    expect((await dual.snapshot()).halted).toBe(true)
  })

  it('planted drift: a Lua tick that ignores Halt is caught', async () => {
    const c = pair.compiled
    const good = "if S.paused or S.halted then return 'handled' end"
    expect(c.lua).toContain(good)
    const lua = c.lua.replace(good, "if S.paused then return 'handled' end")
    const dual = await dualWithLua(c, lua, makeId('agent:halt-drift'), pair.owner)
    const stim = new Stimulus(
      makeId('agent:halt-drift'),
      pair.owner,
      { base: ids.base, quote: ids.quote },
      ids.pool,
      START,
    )
    await dual.handle(stim.deposit('quote', 5000n))
    await dual.handle(stim.command('Halt'))
    await expect(dual.handle(stim.tick())).rejects.toThrow(DivergenceError)
  })
})

/** A loop's orders obey Halt as top-level ones do: a send per list item, skipped (and logged) while halted. */
const pinger = defineStrategy({
  id: 'halt-loop',
  params: z.object({
    base: processId(),
    quote: processId(),
    pool: processId(),
    peers: z
      .array(z.object({ id: processId() }))
      .min(1)
      .max(3),
  }),
  tokens: ['base', 'quote'],
  cron: { interval: '10-minutes', tags: { Action: 'Cron' } },
  context: { rounds: 0n },
  machine: (x) => ({
    initial: 'idle',
    states: {
      idle: {
        on: {
          credit: {
            actions: [
              x.assign({ rounds: x.add(x.c.rounds, 1) }),
              x.forEach(x.p.peers, (peer) => [x.send({ target: peer.id, action: 'Ping' })]),
            ],
          },
        },
      },
    },
  }),
})

describe('owner Halt inside a forEach: TS and Lua agree', () => {
  it('the loop sends nothing while halted (one log line per skipped send), and again after Resume', async () => {
    const peers = [{ id: makeId('peer:1') }, { id: makeId('peer:2') }]
    const pair = await createPair(pinger, { ...ids, peers }, ids)
    const { dual, stim } = pair.fresh()
    const pings = (r: { Messages: { Target: string }[] }) => r.Messages.filter((m) => m.Target !== ids.quote)
    expect(pings(await dual.handle(stim.deposit('quote', 10n))).map((m) => m.Target)).toEqual(
      peers.map((p) => p.id),
    )
    await dual.handle(stim.command('Halt'))
    // a deposit still reaches the strategy while halted (ticks do not)
    const r = await dual.handle(stim.deposit('quote', 20n))
    expect(pings(r)).toEqual([])
    expect(normalizeStep(r).logs.filter((l) => l === haltSkipLog('send'))).toHaveLength(2)
    expect((await dual.snapshot()).context).toMatchObject({ rounds: '2' })
    await dual.handle(stim.command('Resume'))
    expect(pings(await dual.handle(stim.deposit('quote', 30n)))).toHaveLength(2)
  })
})
