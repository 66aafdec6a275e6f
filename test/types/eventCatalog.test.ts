import { describe, expect, it } from 'vitest'
import type { EventCatalog, ReplyEventCatalog } from '../../src/strategy/eventCatalog.ts'
import { knownEvents } from '../../src/strategy/primitives/registry.ts'
import { replyEvents } from '../../src/strategy/replies.ts'

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> }
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false

/** The DSL's event type (EventCatalog) states exactly what the event primitives produce at run time. */
const catalog = {
  'owner.pause': {},
  'owner.halt': {},
  'owner.resume': {},
  'owner.liquidate': {},
  'owner.transfer-ownership': { owner: 'str' },
  'owner.update-params': {},
  'owner.withdraw': { token: 'str', quantity: 'int' },
  tick: {},
  'swap.filled': {
    order: 'str',
    pool: 'str',
    tokenIn: 'str',
    tokenOut: 'str',
    amountIn: 'int',
    minOut: 'int',
    amountOut: 'int',
    index: 'int',
  },
  'swap.refunded': {
    order: 'str',
    pool: 'str',
    tokenIn: 'str',
    tokenOut: 'str',
    amountIn: 'int',
    minOut: 'int',
    refunded: 'int',
    reason: 'str',
    index: 'int',
  },
  credit: { token: 'str', tokenParam: 'str', quantity: 'int', sender: 'str' },
  debit: { token: 'str', tokenParam: 'str', quantity: 'int', recipient: 'str' },
  'transfer.error': { token: 'str', tokenParam: 'str', reason: 'str' },
  'swap.failed': {
    order: 'str',
    pool: 'str',
    tokenIn: 'str',
    tokenOut: 'str',
    amountIn: 'int',
    reason: 'str',
    index: 'int',
  },
  'swaps.done': { total: 'int', filled: 'int', refunded: 'int', failed: 'int', pending: 'int' },
  'transfer.failed': { order: 'str', token: 'str', quantity: 'int', reason: 'str' },
  quote: { order: 'str', pool: 'str', tokenIn: 'str', amountIn: 'int', output: 'int', fee: 'int' },
  'quote.failed': { order: 'str', pool: 'str', tokenIn: 'str', amountIn: 'int', reason: 'str' },
  balance: { token: 'str', tokenParam: 'str', balance: 'int' },
  'order.refused': { kind: 'str', token: 'str', tokenOut: 'str', amount: 'int', reason: 'str' },
  quotes: { total: 'int', answered: 'int', failed: 'int' },
  reserves: {
    order: 'str',
    pool: 'str',
    tokenIn: 'str',
    tokenOut: 'str',
    reserveIn: 'int',
    reserveOut: 'int',
  },
  'reserves.timeout': { order: 'str', pool: 'str', tokenIn: 'str', tokenOut: 'str' },
  info: { order: 'str', pool: 'str', tokenA: 'str', tokenB: 'str', feeBps: 'int', totalSupply: 'int' },
  'info.failed': { order: 'str', pool: 'str', reason: 'str' },
  'info.timeout': { order: 'str', pool: 'str' },
} as const
const same: Equal<Mutable<typeof catalog>, EventCatalog> = true

const replyCatalog = {
  'reply.<name>': { order: 'str', from: 'str' },
  'reply.<name>.invalid': { order: 'str', from: 'str', reason: 'str' },
  'reply.<name>.timeout': { order: 'str' },
} as const
const sameReply: Equal<Mutable<typeof replyCatalog>, ReplyEventCatalog> = true

describe('EventCatalog', () => {
  it('ReplyEventCatalog equals what a reply without schema fields raises', () => {
    expect(sameReply).toBe(true)
    expect(replyEvents('<name>', [])).toEqual(replyCatalog)
  })

  it('equals the event primitives (type = this literal = run time)', () => {
    expect(same).toBe(true)
    expect(knownEvents()).toEqual(catalog)
  })
})
