import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import type { AosProcess } from '../../src/ao/AosProcess.ts'
import { makeId } from '../../src/ao/ids.ts'
import type { AoMessage, AoProcessLike } from '../../src/ao/message.ts'
import { PermaswapPoolModel } from '../../src/models/PermaswapPoolModel.ts'
import { PermaswapSettleModel } from '../../src/models/PermaswapSettleModel.ts'
import { TokenModel } from '../../src/models/TokenModel.ts'
import { spawnReferenceProcess } from '../../src/processes/referenceProcess.ts'
import { messageFactory, tagOf } from '../processes/fixtures.ts'
import { createLockstep } from './lockstep.ts'

/** Permaswap note flow: models vs Lua on random orders, payments (on time, late, wrong), quotes and funding. */

const OPS = Number(process.env.AFK_PS_DIFF_OPS ?? 1000)
const OWNER = makeId('psd-owner')
const USERS = [0, 1, 2].map((i) => makeId(`psd-user-${i}`))
const [X, Y] = ['X', 'Y'].map((t) => makeId(`psd-token-${t}`))
const POOL = makeId('psd-pool')
const SETTLE = makeId('psd-settle')

type Op =
  | { kind: 'order'; user: number; tokenIn: number; amountIn: bigint; min: 'none' | 'low' | 'high' }
  | { kind: 'pay'; user: number; pick: number; variant: 'exact' | 'less' | 'wrongToken' | 'badIds' }
  | { kind: 'wait'; seconds: number }
  | { kind: 'quote'; user: number; tokenIn: number; amountIn: bigint }
  | { kind: 'fund'; token: number; amount: bigint }

const amountIn = fc
  .tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 6, max: 16 }))
  .map(([m, e]) => BigInt(m) * 10n ** BigInt(e))
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('order' as const),
      user: fc.nat(2),
      tokenIn: fc.nat(1),
      amountIn,
      min: fc.constantFrom('none' as const, 'low' as const, 'high' as const),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      user: fc.nat(2),
      pick: fc.nat(1000),
      variant: fc.constantFrom(
        'exact' as const,
        'exact' as const,
        'exact' as const,
        'less' as const,
        'wrongToken' as const,
        'badIds' as const,
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('wait' as const), seconds: fc.integer({ min: 1, max: 60 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('quote' as const),
      user: fc.nat(2),
      tokenIn: fc.nat(1),
      amountIn,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('fund' as const), token: fc.nat(1), amount: amountIn }),
  },
)

describe(`Permaswap models equal the Lua processes on ${OPS} random operations`, () => {
  const f = messageFactory('psd')
  const lua = new Map<string, AosProcess>()
  const models = new Map<string, AoProcessLike>()
  const notes: Array<{ id: string; holder: string; tokenIn: string; amountIn: string }> = []
  const outcomes = { settled: 0, refunded: 0, orders: 0, errors: 0 }
  const step = createLockstep({
    lua,
    models,
    f,
    // Pools/settle have no Debit-Notice handler (aos files it in Inbox).
    skipLua: (m) => m.Target !== X && m.Target !== Y && tagOf(m, 'Action') === 'Debit-Notice',
    onOutbox: (out) => {
      const ffp = tagOf(out, 'X-FFP-For')
      if (ffp === 'Settled') outcomes.settled++
      if (ffp === 'Refund') outcomes.refunded++
      if (tagOf(out, 'Action') === 'OrderMade-Notice') {
        outcomes.orders++
        notes.push({
          id: tagOf(out, 'NoteID')!,
          holder: out.Target,
          tokenIn: tagOf(out, 'HolderAssetID')!,
          amountIn: tagOf(out, 'HolderAmount')!,
        })
      }
      if (tagOf(out, 'Error') !== undefined && tagOf(out, 'Response-For') !== undefined) outcomes.errors++
    },
  })

  beforeAll(async () => {
    const base = { owner: OWNER, timestamp: f.now(), blockHeight: 1000 }
    const spawn = async (
      id: string,
      name: Parameters<typeof spawnReferenceProcess>[0],
      tags: Record<string, string>,
      model: AoProcessLike,
    ) => {
      lua.set(id, await spawnReferenceProcess(name, { ...base, id, tags }))
      models.set(id, model)
    }
    await spawn(X, 'token', { Ticker: 'X' }, new TokenModel({ id: X, owner: OWNER, ticker: 'X' }))
    await spawn(Y, 'token', { Ticker: 'Y' }, new TokenModel({ id: Y, owner: OWNER, ticker: 'Y' }))
    await spawn(
      POOL,
      'permaswap_pool',
      { X, Y, Fee: '30', Settle: SETTLE, TimeoutPeriod: '30000' },
      new PermaswapPoolModel({
        id: POOL,
        owner: OWNER,
        x: X,
        y: Y,
        settle: SETTLE,
        feeBps: 30,
        timeoutPeriod: 30_000,
      }),
    )
    await spawn(SETTLE, 'permaswap_settle', {}, new PermaswapSettleModel({ id: SETTLE, owner: OWNER }))
    for (const t of [X, Y]) {
      await step.deliver(f.wallet(OWNER, t, { Action: 'Mint', Quantity: String(10n ** 24n) }))
      await step.deliver(
        f.wallet(OWNER, t, { Action: 'Transfer', Recipient: POOL, Quantity: String(10n ** 22n) }),
      )
      for (const u of USERS)
        await step.deliver(f.wallet(OWNER, t, { Action: 'Mint', Quantity: String(10n ** 21n), Recipient: u }))
    }
  })

  function opMessage(op: Op): AoMessage | undefined {
    const T = [X, Y]
    switch (op.kind) {
      case 'order': {
        const tags: Record<string, string> = {
          Action: 'RequestOrder',
          TokenIn: T[op.tokenIn],
          TokenOut: T[1 - op.tokenIn],
          AmountIn: String(op.amountIn),
        }
        if (op.min === 'low') tags.AmountOut = '1'
        if (op.min === 'high') tags.AmountOut = String(op.amountIn * 10n)
        return f.wallet(USERS[op.user], POOL, tags)
      }
      case 'pay': {
        if (!notes.length) return undefined
        // Mostly one of the latest notes (still open), sometimes an old one (settled or expired).
        const n =
          op.pick % 5 === 0
            ? notes[op.pick % notes.length]
            : notes[notes.length - 1 - (op.pick % Math.min(2, notes.length))]
        const payer = op.variant === 'exact' ? n.holder : USERS[op.user]
        const token = op.variant === 'wrongToken' ? (n.tokenIn === X ? Y : X) : n.tokenIn
        const qty = op.variant === 'less' ? String(BigInt(n.amountIn) - 1n) : n.amountIn
        const ids = op.variant === 'badIds' ? `["${n.id}","x"]` : `["${n.id}"]`
        return f.wallet(payer, token, {
          Action: 'Transfer',
          Recipient: SETTLE,
          Quantity: qty,
          'X-FFP-For': 'Settle',
          'X-FFP-NoteIDs': ids,
        })
      }
      case 'wait':
        f.advance(op.seconds)
        return undefined
      case 'quote':
        return f.wallet(USERS[op.user], POOL, {
          Action: 'GetAmountOut',
          TokenIn: T[op.tokenIn],
          AmountIn: String(op.amountIn),
        })
      case 'fund':
        return f.wallet(OWNER, T[op.token], {
          Action: 'Transfer',
          Recipient: POOL,
          Quantity: String(op.amount),
        })
    }
  }

  it('agrees message by message; pool reserves and commitments match', { timeout: 600_000 }, async () => {
    for (const op of fc.sample(opArb, { seed: 7_331, numRuns: OPS })) {
      const m = opMessage(op)
      if (m) await step.deliver(m)
    }
    const state = await lua
      .get(POOL)!
      .eval(
        `print(Reserves[TokenX] .. ',' .. Reserves[TokenY] .. ',' .. Committed[TokenX] .. ',' .. Committed[TokenY])`,
        { id: makeId('psd-state'), timestamp: f.now(), blockHeight: 1 },
      )
    const pool = models.get(POOL) as PermaswapPoolModel
    expect(state.trim()).toBe(
      [pool.reserves.x, pool.reserves.y, pool.committed.x, pool.committed.y].join(','),
    )
    for (const t of [X, Y]) {
      const bal = await lua.get(t)!.eval(`print(Balances['${SETTLE}'] or '0')`, {
        id: makeId(`psd-bal-${t}`),
        timestamp: f.now(),
        blockHeight: 1,
      })
      expect(bal.trim()).toBe(String((models.get(t) as TokenModel).balanceOf(SETTLE)))
    }
    expect(outcomes.settled).toBeGreaterThan(OPS / 50)
    expect(outcomes.refunded).toBeGreaterThan(OPS / 50)
    console.log(`permaswap differential: ${OPS} ops`, step.stats, outcomes)
  })
})
