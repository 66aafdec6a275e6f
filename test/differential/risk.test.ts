import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { makeId } from '../../src/ao/ids.ts'
import { compile } from '../../src/compiler/compile.ts'
import { DivergenceError } from '../../src/engine/DualEngine.ts'
import { refusalLog, slippageCost } from '../../src/engine/runtime/risk.ts'
import { defineStrategy } from '../../src/strategy/defineStrategy.ts'
import { processId, quantity } from '../../src/strategy/params.ts'
import riskAgent from '../fixtures/riskAgent.ts'
import { CHOICE_KINDS, type Choice, drive, expectOwnerCanWithdraw } from '../utils/drive.ts'
import { createPair, dualWithLua, START } from '../utils/pair.ts'
import { pending, Stimulus } from '../utils/stimulus.ts'

const ids = { base: makeId('token:base'), quote: makeId('token:quote'), pool: makeId('pool') }
const params = {
  ...ids,
  amount: '1000',
  sellAmount: '500',
  slippageBps: 100,
  maxTrade: '1000',
  maxDay: '2500',
  slipBudget: '1000000000',
  slipRefill: '0',
  maxSell: '1000000',
}
const DAY = 86_400_000n
const logOf = (r: { Output: unknown }) => String((r.Output as { data?: string })?.data ?? '')
const swapsIn = (r: { Messages: { Tags: { name: string; value: string }[] }[] }) =>
  r.Messages.filter((m) => m.Tags.some((t) => t.name === 'X-Action' && t.value === 'Swap'))

/** Every risk control on both engines (DualEngine compares every outbound message, log line and Status). */
describe('risk controls: TS and Lua agree; refused orders are not sent, are logged and raise order.refused', () => {
  let pair: Awaited<ReturnType<typeof createPair>>
  beforeAll(async () => {
    pair = await createPair(riskAgent, params, ids)
  })
  const setup = async (patch: Record<string, string>, deposit = 10_000n) => {
    const f = pair.fresh()
    if (Object.keys(patch).length)
      await f.dual.handle(f.stim.command('Update-Params', {}, JSON.stringify(patch)))
    await f.dual.handle(f.stim.deposit('quote', deposit))
    /** tick, then answer the quote: returns the result of the quote reply (where the swap is sent or refused) */
    const buy = async (output = 2000n, advance = 0) => {
      await f.dual.handle(f.stim.tick(advance))
      const [q] = pending(f.ts.runtime.state, 'quote')
      return f.dual.handle(f.stim.quoteReply(q, output))
    }
    const fill = async (out = 100n) => {
      const [s] = pending(f.ts.runtime.state, 'swap')
      await f.dual.handle(f.stim.debit(s))
      await f.dual.handle(f.stim.fill(s, out))
    }
    return { ...f, buy, fill }
  }

  it('boots equal', () => expect(pair.bootEqual).toBe(true))

  it('per-trade cap: a swap above it is refused with the reason, nothing moves; raising the cap lets it through', async () => {
    const { dual, ts, stim, buy } = await setup({ maxTrade: '999' })
    const r = await buy()
    expect(swapsIn(r)).toEqual([])
    const refused = { kind: 'swap', token: ids.quote, tokenOut: ids.base, amount: 1000n }
    expect(logOf(r)).toContain(refusalLog(refused, 'trade-cap'))
    const s = await dual.snapshot()
    expect(s).toMatchObject({ value: 'idle', context: { refusals: '1', lastReason: 'trade-cap' } })
    expect(s.balances).toEqual({ base: '0', quote: '10000' })
    expect(s.orders).toEqual({})
    expect(Object.keys(ts.runtime.state.timers)).toEqual([])
    await dual.handle(stim.command('Update-Params', {}, JSON.stringify({ maxTrade: '1000' })))
    expect(swapsIn(await buy(2000n, 60_000))).toHaveLength(1)
  })

  it('per-day cap: counts swaps of the UTC day slot, refuses past the cap, starts over the next day', async () => {
    const { dual, stim, buy, fill } = await setup({})
    expect(swapsIn(await buy())).toHaveLength(1)
    await fill()
    expect((await dual.snapshot()).risk?.tokens.quote.spentToday).toBe('1000')
    expect(swapsIn(await buy())).toHaveLength(1)
    await fill()
    expect((await dual.snapshot()).risk?.tokens.quote.spentToday).toBe('2000')
    const r = await buy()
    expect(swapsIn(r)).toEqual([])
    expect((await dual.snapshot()).context).toMatchObject({ refusals: '1', lastReason: 'day-cap' })
    // the next day slot of message Timestamps
    const day = BigInt(stim.now) / DAY
    const next = Number((day + 1n) * DAY) - stim.now
    expect(swapsIn(await buy(2000n, next))).toHaveLength(1)
    const snap = await dual.snapshot()
    expect(snap.risk).toEqual({ day: String(day + 1n), tokens: expect.objectContaining({}) })
    expect(snap.risk?.tokens.quote.spentToday).toBe('1000')
  })

  it('slippage budget: each swap costs ceil((quoted − minOut)·10⁴·amount/quoted), refills linearly, exact', async () => {
    const budget = 150_000n
    const refill = 100_000n
    const { dual, stim, buy, fill } = await setup({ slipBudget: String(budget), slipRefill: String(refill) })
    // 3001 → minOut floor(3001·9900/10⁴) = 2970; cost ceil(31·10⁷/3001) = 103,299 (rounded up)
    const cost = slippageCost(1000n, 2970n, 3001n)
    expect(cost).toBe(103_299n)
    expect(swapsIn(await buy(3001n))).toHaveLength(1)
    const t1 = BigInt(stim.now)
    await fill()
    const left1 = budget - cost
    const leftAt = (t: bigint) => {
      const v = left1 + ((t - t1) * refill) / DAY
      return v > budget ? budget : v
    }
    expect((await dual.snapshot()).risk?.tokens.quote.slippageLeft).toBe(String(leftAt(BigInt(stim.now))))
    const r = await buy(3001n)
    expect(swapsIn(r)).toEqual([])
    expect((await dual.snapshot()).context.lastReason).toBe('slippage-budget')
    // enough time for the refill to cover one more swap
    const wait = Number(((cost - left1) * DAY) / refill) + 1
    const r2 = await buy(3001n, wait)
    expect(swapsIn(r2)).toHaveLength(1)
    const t2 = BigInt(stim.now)
    // the refill's remainder (ms·units below one unit) carries over exactly
    const acc = (t2 - t1) * refill
    const left2 = left1 + acc / DAY - cost
    expect((await dual.snapshot()).risk?.tokens.quote.slippageLeft).toBe(
      String(left2 + ((BigInt(stim.now) - t2) * refill + (acc % DAY)) / DAY),
    )
    // a full day later the budget is full again, never above it
    await dual.handle(stim.tick(Number(DAY) * 3))
    expect((await dual.snapshot()).risk?.tokens.quote.slippageLeft).toBe(String(budget))
  })

  it('reduce-only: buys of the risky token are refused, sells into the numeraire go through', async () => {
    const { dual, ts, stim, buy } = await setup({ reduceOnly: 'true' })
    const r = await buy()
    expect(swapsIn(r)).toEqual([])
    expect((await dual.snapshot()).context.lastReason).toBe('reduce-only')
    await dual.handle(stim.deposit('base', 600n))
    await dual.handle(stim.tick(60_000))
    const [q] = pending(ts.runtime.state, 'quote')
    expect(q.tokenIn).toBe(ids.base)
    const sell = await dual.handle(stim.quoteReply(q, 900n))
    expect(swapsIn(sell)).toHaveLength(1)
    expect(sell.Messages[0].Target).toBe(ids.base)
    await dual.handle(stim.command('Update-Params', {}, JSON.stringify({ reduceOnly: 'false' })))
    expect((await dual.snapshot()).params.reduceOnly).toBe(false)
  })

  it('a halted agent skips the swap before the risk controls see it (no refusal, no books)', async () => {
    const { dual, ts, stim } = await setup({ maxTrade: '1' })
    await dual.handle(stim.tick())
    const [q] = pending(ts.runtime.state, 'quote')
    await dual.handle(stim.command('Halt'))
    const r = await dual.handle(stim.quoteReply(q, 2000n))
    expect(logOf(r)).not.toContain('order.refused')
    expect((await dual.snapshot()).context.refusals).toBe('0')
  })

  it('seeded random sequences with risk params changing under them agree (Status after every message)', async () => {
    const patches = (ch: Choice) =>
      [
        { reduceOnly: ch.b % 2 ? 'true' : 'false' },
        { maxTrade: String([0, 999, 999, 1000][ch.b % 4]) },
        { maxDay: String([0, 1000, 2500, 10 ** 9][ch.b % 4]) },
        {
          slipBudget: String([0, 100_000, 250_000, 10 ** 12][ch.b % 4]),
          slipRefill: String((ch.a % 3) * 200_000),
        },
        { maxSell: String([1, 500, 10 ** 6][ch.b % 3]) },
      ][(ch.kind - CHOICE_KINDS) % 5]
    let runs = 0
    let refused = 0
    const reasons = new Set<string>()
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ kind: fc.nat(CHOICE_KINDS + 18), a: fc.nat(1000), b: fc.nat(1000) }), {
          minLength: 5,
          maxLength: 40,
        }),
        async (choices: Choice[]) => {
          const { dual, ts, stim } = pair.fresh()
          const handle = dual.handle.bind(dual)
          dual.handle = async (m) => {
            const r = await handle(m)
            for (const x of logOf(r).matchAll(/"reason":"([a-z-]+)"/g)) reasons.add(x[1])
            return r
          }
          for (const ch of choices)
            if (ch.kind > CHOICE_KINDS + 10) {
              // a whole buy or sell attempt: (a deposit,) a tick up to a day later, the pool's quote
              if (ch.a % 3 === 0) await dual.handle(stim.deposit(ch.b % 2 ? 'quote' : 'base', 2000n))
              await dual.handle(stim.tick([0, 60_000, 3_600_000, 86_400_000][ch.b % 4]))
              const [q] = pending(ts.runtime.state, 'quote')
              if (q) await dual.handle(stim.quoteReply(q, [2000n, 3001n, 900n][ch.a % 3]))
            } else if (ch.kind > CHOICE_KINDS)
              await dual.handle(stim.command('Update-Params', {}, JSON.stringify(patches(ch))))
            else await drive(dual, ts, stim, [ch])
          refused += Number(ts.runtime.state.context.refusals)
          await expectOwnerCanWithdraw(dual, ts, stim)
          runs++
        },
      ),
      { seed: 20261129, numRuns: 40 },
    )
    expect(runs).toBe(40)
    expect(refused).toBeGreaterThan(0)
    // the sequences really hit the controls (each reason is pinned down by the cases above)
    expect(reasons.size).toBeGreaterThanOrEqual(3)
  })

  it('planted drift: a Lua slippage cost rounded down, or a day cap that refuses at equality, is caught', async () => {
    const c = pair.compiled
    const good = "quoted, 'ceil')"
    expect(c.lua).toContain(good)
    const agent = makeId('agent:risk-drift')
    const drift = async (lua: string, patch: Record<string, string>, output: bigint) => {
      const dual = await dualWithLua(c, lua, agent, pair.owner)
      const stim = new Stimulus(agent, pair.owner, { base: ids.base, quote: ids.quote }, ids.pool, START)
      await dual.handle(stim.command('Update-Params', {}, JSON.stringify(patch)))
      await dual.handle(stim.deposit('quote', 10_000n))
      await dual.handle(stim.tick())
      const ts = (dual.ts as unknown as { runtime: { state: Parameters<typeof pending>[0] } }).runtime
      const [q] = pending(ts.state, 'quote')
      return dual.handle(stim.quoteReply(q, output))
    }
    await expect(drift(c.lua.replace(good, "quoted, 'floor')"), {}, 3001n)).rejects.toThrow(DivergenceError)
    const cap = 'if Q.add(spent, o.amount) > int(S, lim.perDay)'
    expect(c.lua).toContain(cap)
    await expect(
      drift(c.lua.replace(cap, 'if Q.add(spent, o.amount) >= int(S, lim.perDay)'), { maxDay: '1000' }, 2000n),
    ).rejects.toThrow(DivergenceError)
  })
})

describe('risk config diagnostics', () => {
  const p = { ...params }
  it('names the path of a bad control and requires quoted swaps under a slippage budget', () => {
    const bad = {
      ...riskAgent,
      config: {
        ...riskAgent.config,
        risk: {
          reduceOnly: { param: 'amount', numeraire: 'pool' },
          limits: { nope: {}, quote: { perTrade: 'reduceOnly', weekly: 'maxDay' } },
          extra: true,
        },
      },
    } as unknown as typeof riskAgent
    const codes = compile(bad, p).diagnostics.map((d) => `${d.code} ${d.path.join('.')}`)
    expect(codes).toEqual([
      'invalid-risk risk.extra',
      'invalid-risk risk.reduceOnly.param',
      'invalid-risk risk.reduceOnly.numeraire',
      'invalid-risk risk.limits.nope',
      'invalid-risk risk.limits.quote.perTrade',
      'invalid-risk risk.limits.quote.weekly',
    ])
  })
})

describe('a slippage budget needs quoted swaps', () => {
  it('refuses to compile a swap without `quoted`, with its path', () => {
    const s = defineStrategy({
      id: 'noquoted',
      params: z.object({
        a: processId(),
        b: processId(),
        pool: processId(),
        budget: quantity(),
        refill: quantity(),
      }),
      tokens: ['a', 'b'],
      risk: { limits: { a: { slippage: { budget: 'budget', refillPerDay: 'refill' } } } },
      machine: ({ p, ev, swap }) => ({
        initial: 'idle',
        states: {
          idle: {
            on: {
              quote: {
                actions: swap({
                  pool: p.pool,
                  tokenIn: p.a,
                  tokenOut: p.b,
                  amountIn: ev.amountIn,
                  minOut: 1,
                }),
              },
            },
          },
        },
      }),
    })
    const id = (n: string) => makeId(n)
    const r = compile(s, { a: id('a'), b: id('b'), pool: id('p'), budget: '1', refill: '1' })
    expect(r.diagnostics.map((d) => `${d.code} ${d.path.join('.')}`)).toEqual([
      'invalid-risk machine.states.idle.on.quote.0.actions.0',
    ])
  })
})

/** A strategy that answers a refusal with another swap: that one is logged but never raised again (bounded). */
const retrier = defineStrategy({
  id: 'retrier',
  params: z.object({ a: processId(), b: processId(), pool: processId(), cap: quantity() }),
  tokens: ['a', 'b'],
  risk: { limits: { a: { perTrade: 'cap' } } },
  context: { refusals: 0n },
  machine: ({ p, c, ev, add, swap, assign }) => ({
    initial: 'idle',
    states: {
      idle: {
        on: {
          credit: {
            actions: swap({ pool: p.pool, tokenIn: p.a, tokenOut: p.b, amountIn: ev.quantity, minOut: 1 }),
          },
          'order.refused': {
            actions: [
              assign({ refusals: add(c.refusals, 1) }),
              swap({ pool: p.pool, tokenIn: p.a, tokenOut: p.b, amountIn: ev.amount, minOut: 1 }),
            ],
          },
        },
      },
    },
  }),
})

describe('a refusal while handling order.refused is logged, not raised again', () => {
  it('both engines log two refusals and dispatch one event', async () => {
    const rids = { base: makeId('token:a'), quote: makeId('token:b'), pool: makeId('pool:ab') }
    const pair = await createPair(retrier, { a: rids.base, b: rids.quote, pool: rids.pool, cap: '10' }, rids)
    const { dual, stim } = pair.fresh()
    const r = await dual.handle(stim.deposit('base', 50n))
    expect(logOf(r).match(/"event":"order.refused"/g)).toHaveLength(2)
    expect(r.Messages).toEqual([])
    expect((await dual.snapshot()).context.refusals).toBe('1')
    expect((await dual.snapshot()).balances).toEqual({ a: '50', b: '0' })
  })
})
