import { describe, expect, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import type { AoMessage, OutboxMessage } from '../../src/ao/message.ts'
import { BotegaPoolModel } from '../../src/models/BotegaPoolModel.ts'
import { botegaSwap } from '../../src/models/botegaSwap.ts'
import * as botega from '../../src/protocols/botega.ts'
import { parseMessage } from '../../src/protocols/parseMessage.ts'
import { messageFactory, tagOf } from '../processes/fixtures.ts'

// The pool model is proven equal to botega_pool.lua by the differential test; these pin its semantics by hand.
const OWNER = makeId('bp-owner')
const LP = makeId('bp-lp')
const A = makeId('bp-a')
const B = makeId('bp-b')
const C = makeId('bp-c')
const POOL = makeId('bp-pool')

function setup() {
  const f = messageFactory('bp')
  const pool = new BotegaPoolModel({ id: POOL, owner: OWNER, tokenA: A, tokenB: B, lpFeeBps: 25 })
  const credit = (token: string, qty: bigint, x: Record<string, string>): AoMessage =>
    f.pushed(token, {
      Target: POOL,
      Data: '',
      Tags: Object.entries({ Action: 'Credit-Notice', Sender: LP, Quantity: String(qty), ...x }).map(
        ([name, value]) => ({ name, value }),
      ),
    })
  const handle = (m: AoMessage) => pool.handleSync(m).Messages
  return { f, pool, credit, handle }
}

const action = (m: OutboxMessage) => tagOf(m, 'Action')

describe('BotegaPoolModel liquidity', () => {
  it('first provide mints sqrt(a·b); a later provide keeps the ratio and refunds the excess', () => {
    const { pool, credit, handle } = setup()
    expect(handle(credit(A, 4000n, { 'X-Action': 'Provide' }))).toEqual([]) // first leg is only stored
    const out = handle(credit(B, 1000n, { 'X-Action': 'Provide' }))
    expect(pool.totalSupply).toBe(2000n)
    expect(out.map(action)).toEqual(['Credit-Notice', 'Provide-Confirmation'])
    // ratio 4:1; offer 400 A + 200 B → uses 400 A + 100 B, refunds 100 B, mints min(400·2000/4000, 100·2000/1000) = 200
    handle(credit(B, 200n, { 'X-Action': 'Provide' }))
    const second = handle(credit(A, 400n, { 'X-Action': 'Provide' }))
    const refund = second.find((m) => action(m) === 'Transfer')!
    expect([refund.Target, tagOf(refund, 'Quantity'), tagOf(refund, 'X-Action')]).toEqual([
      B,
      '100',
      'Provide-Refund',
    ])
    const conf = parseMessage(
      botega.provideConfirmation,
      second.find((m) => action(m) === 'Provide-Confirmation')!,
    )
    expect(conf).toMatchObject({ receivedPoolTokens: 200n, tokenAQuantity: 400n, tokenBQuantity: 100n })
    expect(pool.reserves).toEqual({ a: 4400n, b: 1100n })
    expect(pool.lpBalanceOf(LP)).toBe(2200n)
  })

  it('burn pays out pro rata and refuses more than the LP balance', () => {
    const { f, pool, credit, handle } = setup()
    handle(credit(A, 4000n, { 'X-Action': 'Provide' }))
    handle(credit(B, 1000n, { 'X-Action': 'Provide' }))
    const out = handle(f.wallet(LP, POOL, { Action: 'Burn', Quantity: '500' }))
    expect(out.map((m) => [m.Target, tagOf(m, 'Quantity') ?? tagOf(m, 'Action')])).toEqual([
      [A, '1000'],
      [B, '250'],
      [LP, 'Burn-Confirmation'],
    ])
    expect(pool.reserves).toEqual({ a: 3000n, b: 750n })
    const bad = handle(f.wallet(LP, POOL, { Action: 'Burn', Quantity: '5000' }))
    expect(parseMessage(botega.burnError, bad[0]).error).toBe('Insufficient pool token balance')
  })
})

describe('BotegaPoolModel swaps and refunds', () => {
  const seeded = () => {
    const s = setup()
    s.handle(s.credit(A, 10n ** 21n, { 'X-Action': 'Provide' }))
    s.handle(s.credit(B, 10n ** 21n, { 'X-Action': 'Provide' }))
    return s
  }

  it('Get-Swap-Output equals botegaSwap and the executed swap', () => {
    const { f, pool, credit, handle } = seeded()
    const q = parseMessage(
      botega.getSwapOutputResponse,
      handle(
        f.wallet(LP, POOL, {
          Action: 'Get-Swap-Output',
          Token: A,
          Quantity: '1000000',
          Swapper: botega.NO_DISCOUNT_SWAPPER,
        }),
      )[0],
    )
    const expected = botegaSwap(10n ** 21n, 10n ** 21n, 1_000_000n, 25, 0)
    expect(q).toMatchObject({
      output: expected.amountOut,
      quantityAfterFees: expected.adjustedIn,
      lpFeeQuantity: expected.lpFee,
      protocolFeeQuantity: 0n,
    })
    const out = handle(
      credit(A, 1_000_000n, { 'X-Action': 'Swap', 'X-Expected-Min-Output': String(expected.amountOut) }),
    )
    expect(tagOf(out[0], 'Quantity')).toBe(String(expected.amountOut))
    expect(pool.reserves.b).toBe(expected.newReserveOut)
  })

  it('refunds with the documented reasons and leaves reserves untouched', () => {
    const { pool, credit, handle } = seeded()
    const before = pool.reserves
    const cases: Array<[Record<string, string>, string]> = [
      [{ 'X-Action': 'Swap' }, 'X-Expected-Min-Output is not present'],
      [{ 'X-Action': 'Swap', 'X-Expected-Min-Output': '0' }, 'Invalid expected min output'],
      [
        { 'X-Action': 'Swap', 'X-Expected-Min-Output': '1', 'X-Expected-Output': '5' },
        'X-Expected-Output is disabled, use X-Expected-Min-Output instead',
      ],
      [
        { 'X-Action': 'Swap', 'X-Expected-Min-Output': String(10n ** 30n) },
        'Could not swap with expected min output',
      ],
    ]
    for (const [x, reason] of cases) {
      const [refund, orderError] = handle(credit(A, 1000n, x))
      expect([refund.Target, tagOf(refund, 'Quantity'), tagOf(refund, 'X-Refund-Reason')]).toEqual([
        A,
        '1000',
        reason,
      ])
      expect(parseMessage(botega.orderError, orderError).result).toBe(reason)
    }
    expect(pool.reserves).toEqual(before)
    const [wrong] = handle(credit(C, 7n, { 'X-Action': 'Swap' }))
    expect([wrong.Target, tagOf(wrong, 'X-Error'), tagOf(wrong, 'X-Action')]).toEqual([
      C,
      'Token is not in pair',
      'Swap-Error',
    ])
  })
})
