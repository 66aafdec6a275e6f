import type { ExprType } from './expr.ts'

/**
 * Every machine event the runtime produces and its `ev.*` fields, as a type for the DSL. The event primitives in
 * primitives/ own these facts at run time; test/strategy/eventCatalog.test.ts keeps this type equal to them.
 */
type NoFields = Record<never, never>

export interface EventCatalog {
  'owner.pause': NoFields
  'owner.halt': NoFields
  'owner.resume': NoFields
  'owner.liquidate': NoFields
  'owner.transfer-ownership': { owner: 'str' }
  'owner.update-params': NoFields
  'owner.withdraw': { token: 'str'; quantity: 'int' }
  tick: NoFields
  'swap.filled': {
    order: 'str'
    pool: 'str'
    tokenIn: 'str'
    tokenOut: 'str'
    amountIn: 'int'
    minOut: 'int'
    amountOut: 'int'
    /** the swapAll list item (-1 for a single swap) */
    index: 'int'
  }
  'swap.refunded': {
    order: 'str'
    pool: 'str'
    tokenIn: 'str'
    tokenOut: 'str'
    amountIn: 'int'
    minOut: 'int'
    refunded: 'int'
    reason: 'str'
    index: 'int'
  }
  credit: { token: 'str'; tokenParam: 'str'; quantity: 'int'; sender: 'str' }
  debit: { token: 'str'; tokenParam: 'str'; quantity: 'int'; recipient: 'str' }
  'transfer.error': { token: 'str'; tokenParam: 'str'; reason: 'str' }
  'swap.failed': {
    order: 'str'
    pool: 'str'
    tokenIn: 'str'
    tokenOut: 'str'
    amountIn: 'int'
    reason: 'str'
    index: 'int'
  }
  /** a swapAll batch resolved (or timed out with `pending` orders still tracked) */
  'swaps.done': { total: 'int'; filled: 'int'; refunded: 'int'; failed: 'int'; pending: 'int' }
  'transfer.failed': { order: 'str'; token: 'str'; quantity: 'int'; reason: 'str' }
  quote: { order: 'str'; pool: 'str'; tokenIn: 'str'; amountIn: 'int'; output: 'int'; fee: 'int' }
  'quote.failed': { order: 'str'; pool: 'str'; tokenIn: 'str'; amountIn: 'int'; reason: 'str' }
  balance: { token: 'str'; tokenParam: 'str'; balance: 'int' }
  /** raised by the runtime when a risk control refuses an order (see risk.ts) */
  'order.refused': { kind: 'str'; token: 'str'; tokenOut: 'str'; amount: 'int'; reason: 'str' }
  /** a quoteAll gather completed: read each item with quoted(i, …) / quotedFor(token, …) */
  quotes: { total: 'int'; answered: 'int'; failed: 'int' }
  /** a pool's Get-Reserves reply to our `reserves` read */
  reserves: {
    order: 'str'
    pool: 'str'
    tokenIn: 'str'
    tokenOut: 'str'
    reserveIn: 'int'
    reserveOut: 'int'
  }
  /** no reply to our `reserves` read within its timeoutMs (the read is dropped) */
  'reserves.timeout': { order: 'str'; pool: 'str'; tokenIn: 'str'; tokenOut: 'str' }
  /** a pool's Info reply to our `poolInfo` read (feeBps: LP and protocol fee together) */
  info: { order: 'str'; pool: 'str'; tokenA: 'str'; tokenB: 'str'; feeBps: 'int'; totalSupply: 'int' }
  /** the pool answered our `poolInfo` with something unreadable */
  'info.failed': { order: 'str'; pool: 'str'; reason: 'str' }
  /** no reply to our `poolInfo` within its timeoutMs */
  'info.timeout': { order: 'str'; pool: 'str' }
}

/**
 * The events an ask() reply named `<name>` raises; they exist per strategy (replies.ts `replyEvents`), so they are
 * not in EventCatalog. `reply.<name>` also carries the fields of the strategy's `replies.<name>` schema
 * (defineStrategy's ReplyEvents/ReplyReaders type them). test/types/eventCatalog.test.ts keeps this equal to them.
 */
export interface ReplyEventCatalog {
  'reply.<name>': { order: 'str'; from: 'str' }
  'reply.<name>.invalid': { order: 'str'; from: 'str'; reason: 'str' }
  'reply.<name>.timeout': { order: 'str' }
}

/** A `timeout.<name>` event, raised for a timer set with scheduleTimeout(name, ms). */
export type TimeoutEvent = `timeout.${string}`
export type EventName = keyof EventCatalog | TimeoutEvent

/** The `ev.*` field names an event carries. */
export type FieldsOf<E> = E extends keyof EventCatalog
  ? keyof EventCatalog[E] & string
  : E extends TimeoutEvent
    ? 'name'
    : never

type Catalog = EventCatalog & Record<TimeoutEvent, { name: 'str' }>
type AllFields = { [E in keyof Catalog]: keyof Catalog[E] }[keyof Catalog] & string
/** The type of an event field; a name shared by several events has one type everywhere. */
export type FieldType<K extends string> = {
  [E in keyof Catalog]: K extends keyof Catalog[E] ? Catalog[E][K] : never
}[keyof Catalog] &
  ExprType
export type EventFieldName = AllFields
