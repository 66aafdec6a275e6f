import { beforeAll, describe, expect, it } from 'vitest'
import dca from '../../agents/dca.ts'
import { makeId } from '../../src/ao/ids.ts'
import { createPair, dualWithLua, START } from '../utils/pair.ts'
import { pending, Stimulus } from '../utils/stimulus.ts'

const ids = { base: makeId('token:base'), quote: makeId('token:quote'), pool: makeId('pool') }
const keeper = makeId('keeper-wallet')
const params = { ...ids, amount: '1000', slippageBps: 100, keeper }
const HOUR = 3_600_000
// START lies 2 000 s into an hour slot; the next slot begins 1 600 s later
const NEXT_SLOT = (Math.floor(START / HOUR) + 1) * HOUR

/** A keeper tick as `afk keeper` sends it: `Action=Tick`, signed by a wallet. */
const keeperTick = (stim: Stimulus, from = keeper) => stim.fromWallet(from, { Action: 'Tick' })
const quotes = (r: { Messages: { Target: string }[] }) =>
  r.Messages.filter((m) => m.Target === ids.pool).length

describe('keeper ticks: TS and Lua agree; one slot never acts twice', () => {
  let pair: Awaited<ReturnType<typeof createPair>>
  beforeAll(async () => {
    pair = await createPair(dca, params, ids)
  })

  it('a keeper tick acts like a cron tick, once per slot; cron in a keeper slot and strangers are ignored', async () => {
    const { dual, stim } = pair.fresh()
    await dual.handle(stim.deposit('quote', 5000n))
    const first = await dual.handle(keeperTick(stim))
    expect(quotes(first)).toBe(1)
    const t1 = (await dual.snapshot()).lastTick
    expect(t1).toBe(String(stim.now))
    // same slot: a second keeper tick and the CU's cron tick do nothing
    expect((await dual.handle(keeperTick(stim))).Messages).toEqual([])
    expect((await dual.handle(stim.tick())).Messages).toEqual([])
    expect((await dual.snapshot()).lastTick).toBe(t1)
    // a stranger's Tick and a Tick-looking cron tag are not ticks
    await dual.handle(keeperTick(stim, stim.stranger))
    await dual.handle(stim.fromWallet(keeper, { Action: 'Tick', Cron: 'true' }))
    expect((await dual.snapshot()).lastTick).toBe(t1)
  })

  it('the next slot ticks again (cron first, then the keeper is refused in that slot)', async () => {
    const { dual, ts, stim } = pair.fresh()
    await dual.handle(stim.deposit('quote', 5000n))
    await dual.handle(keeperTick(stim))
    // an empty pool (Output = 0) fails the quote at once (error replies never cancel one: issue 8, item 4)
    await dual.handle(stim.quoteReply(pending(ts.runtime.state, 'quote')[0], 0n))
    expect((await dual.snapshot()).value).toBe('idle')
    stim.now = NEXT_SLOT + 5_000
    expect(quotes(await dual.handle(stim.tick()))).toBe(1)
    const t2 = (await dual.snapshot()).lastTick
    expect(BigInt(t2 as string) >= BigInt(NEXT_SLOT)).toBe(true)
    await dual.handle(keeperTick(stim))
    expect((await dual.snapshot()).lastTick).toBe(t2)
    // crons keep ticking in later slots
    stim.now = NEXT_SLOT + HOUR + 1_000
    await dual.handle(stim.tick())
    expect((await dual.snapshot()).lastTick).not.toBe(t2)
  })

  for (const [what, from, to, last] of [
    [
      'forgets the keeper slot check',
      'if S.lastTick ~= nil and Q.div(S.lastTick, every) == slot then return',
      'if false then return',
      'keeper',
    ],
    [
      'lets a cron tick act in a keeper slot',
      'S.keeperSlot ~= nil and S.keeperSlot == Q.div(rt.now, every)',
      'false',
      'cron',
    ],
  ] as const)
    it(`planted drift: a Lua twin that ${what} is caught by the dual engine`, async () => {
      const c = pair.compiled
      const drifted = c.lua.replace(from, to)
      expect(drifted).not.toBe(c.lua)
      const agent = makeId('agent:drift')
      const owner = makeId('owner-wallet')
      const dual = await dualWithLua(c, drifted, agent, owner)
      const stim = new Stimulus(agent, owner, { base: ids.base, quote: ids.quote }, ids.pool, START)
      await dual.handle(stim.deposit('quote', 5000n))
      await dual.handle(keeperTick(stim))
      await expect(dual.handle(last === 'keeper' ? keeperTick(stim) : stim.tick())).rejects.toThrow(
        /diverged/,
      )
    })
})
