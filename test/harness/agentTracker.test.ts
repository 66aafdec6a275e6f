import { describe, expect, it } from 'vitest'
import type { AoMessage } from '../../src/ao/message.ts'
import { AgentTracker } from '../../src/harness/backtest/AgentTracker.ts'
import type { Evaluation } from '../../src/harness/world/World.ts'

const AGENT = 'agent'
const OWNER = 'owner'
const POOL = 'pool'
const BASE = 'base'
const QUOTE = 'quote'

const msg = (
  from: string,
  target: string,
  t: number,
  tags: Record<string, string>,
  id?: string,
): AoMessage => ({
  Id: id ?? `m${t}`,
  Owner: from,
  From: from,
  Target: target,
  Data: '',
  Tags: Object.entries(tags).map(([name, value]) => ({ name, value })),
  Timestamp: t,
  'Block-Height': 1,
  Cron: false,
})
const ev = (process: string, message: AoMessage): Evaluation =>
  ({ process, message, result: {}, at: message.Timestamp }) as unknown as Evaluation

/** A tracker on a pool priced at 2 quote per base (spot), quoting every swap at 90 % of spot. */
function tracker() {
  return new AgentTracker(AGENT, OWNER, {
    pool: POOL,
    base: BASE,
    quote: QUOTE,
    quoteSwap: async (tokenIn, amountIn) => ({
      out: tokenIn === QUOTE ? (amountIn * 45n) / 100n : (amountIn * 18n) / 10n,
      fee: 1n,
    }),
    baseAtSpot: async (amount) => amount * 2n,
  })
}
const credit = (token: string, t: number, sender: string, qty: string, extra: Record<string, string> = {}) =>
  ev(AGENT, msg(token, AGENT, t, { Action: 'Credit-Notice', Sender: sender, Quantity: qty, ...extra }))
const debit = (
  token: string,
  t: number,
  recipient: string,
  qty: string,
  extra: Record<string, string> = {},
) =>
  ev(AGENT, msg(token, AGENT, t, { Action: 'Debit-Notice', Recipient: recipient, Quantity: qty, ...extra }))

describe('AgentTracker cash flows', () => {
  it('only owner transfers are cash flows; base is valued at spot in quote units', async () => {
    const tr = tracker()
    await tr.observe(credit(QUOTE, 1, OWNER, '1000'))
    await tr.observe(credit(BASE, 2, OWNER, '300')) // 300 base at 2 quote/base
    await tr.observe(credit(QUOTE, 3, 'stranger', '50')) // someone else's gift: not a deposit
    await tr.observe(debit(QUOTE, 4, 'stranger', '70')) // sent to someone else: not a withdrawal
    await tr.observe(debit(BASE, 5, OWNER, '100')) // owner withdraws base
    await tr.observe(debit(QUOTE, 6, OWNER, '200')) // owner withdraws quote
    expect(tr.cashflows).toEqual([
      { t: 1, amount: '1000' },
      { t: 2, amount: '600' },
      { t: 5, amount: '-200' },
      { t: 6, amount: '-200' },
    ])
    expect([tr.balance(QUOTE), tr.balance(BASE)]).toEqual([1000n + 50n - 70n - 200n, 200n])
  })

  it('a Get-Swap-Output answer is the expected output of the next order only', async () => {
    const tr = tracker()
    await tr.observe(credit(QUOTE, 1, OWNER, '10000'))
    // the pool answers without echoing a Quantity: it applies to the next order of any size, once
    await tr.observe(ev(AGENT, msg(POOL, AGENT, 2, { Action: 'Get-Swap-Output-Response', Output: '999' })))
    const order = (t: number) =>
      ev(
        QUOTE,
        msg(
          AGENT,
          QUOTE,
          t,
          { Action: 'Transfer', 'X-Action': 'Swap', Recipient: POOL, Quantity: '1000' },
          `o${t}`,
        ),
      )
    await tr.observe(order(3))
    await tr.observe(order(4))
    tr.finish()
    expect(tr.trades.map((x) => [x.orderId, x.expectedOut])).toEqual([
      ['o3', '999'],
      ['o4', '450'], // no stale quote: the pool state at the time
    ])
  })
})
