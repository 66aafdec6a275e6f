import type { ActionSpec } from './actions.ts'
import { type ItemOf, type ListRef, sum, withLoop } from './collections.ts'
import {
  type EvOf,
  type Expr,
  type ExprType,
  type IntLike,
  lit,
  mulDiv,
  type QUOTE_FIELDS,
  type QuoteField,
  type StrLike,
} from './expr.ts'

/**
 * Batches in the DSL: price reads over a list (quoteAll → one `quotes` event), the gathered results (quoted,
 * quotedFor), a valuation over them, and several swaps in flight (swapAll → swap.* per item, then `swaps.done`).
 */

type QuoteItem = { pool: StrLike; tokenIn: StrLike; amountIn: IntLike }
type SwapItem = { pool: StrLike; tokenIn: StrLike; tokenOut: StrLike; amountIn: IntLike; minOut: IntLike }
type EvOfRecord<X> = { [K in keyof X]-?: EvOf<X[K]> }[keyof X]

const batch = <L extends ListRef<any>>(
  afk: 'quoteAll' | 'swapAll',
  inner: 'quote' | 'swap',
  of: L,
  fn: (item: ItemOf<L>, index: Expr<'int'>) => Record<string, unknown>,
  timeoutMs: IntLike,
): ActionSpec<any> =>
  withLoop(of, (item, index, d) => {
    const r = fn(item, index)
    const args = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, lit(v as IntLike)]))
    return {
      afk,
      args: { list: of, after: lit(timeoutMs) },
      static: { depth: String(d) },
      body: [{ afk: inner, args: { ...args, index } }],
    }
  })

/**
 * Quotes every item of a list param at once (Get-Swap-Output to each item's pool) and raises ONE `quotes` event
 * (total, answered, failed) when every reply, verified failure or the timeout is in. Read each result with quoted(i, …) or
 * quotedFor(token, …). A new quoteAll replaces the last one.
 */
export const quoteAll = <L extends ListRef<any>, R extends QuoteItem, T extends IntLike>(
  of: L,
  fn: (item: ItemOf<L>, index: Expr<'int'>) => R & Record<Exclude<keyof R, keyof QuoteItem>, never>,
  opts: { timeoutMs: T },
) => batch('quoteAll', 'quote', of, fn, opts.timeoutMs) as ActionSpec<(EvOfRecord<R> | EvOf<T>) & string>

/**
 * One swap per item of a list param, all in flight together (an item whose amountIn is 0 is skipped). Each outcome
 * is a swap.filled / swap.refunded / swap.failed event whose `index` is the item's; `swaps.done` (total, filled,
 * refunded, failed, pending) follows once every order resolved or the timeout passed (orders still pending then stay
 * tracked and are booked when they resolve).
 */
export const swapAll = <L extends ListRef<any>, R extends SwapItem, T extends IntLike>(
  of: L,
  fn: (item: ItemOf<L>, index: Expr<'int'>) => R & Record<Exclude<keyof R, keyof SwapItem>, never>,
  opts: { timeoutMs: T },
) => batch('swapAll', 'swap', of, fn, opts.timeoutMs) as ActionSpec<(EvOfRecord<R> | EvOf<T>) & string>

type QF<F extends QuoteField> = (typeof QUOTE_FIELDS)[F] & ExprType

/** A field of the gathered quote of list item `index` (output, fee, amountIn, ok, reason, token, pool). */
export const quoted = <I extends IntLike, F extends QuoteField>(index: I, field: F) =>
  ({ k: 'quoted', by: 'index', key: lit(index), field }) as Expr<QF<F>, EvOf<I>>

/** A field of the gathered quote whose tokenIn is `token` (the first such item). */
export const quotedFor = <K extends StrLike, F extends QuoteField>(token: K, field: F) =>
  ({ k: 'quoted', by: 'token', key: lit(token), field }) as Expr<QF<F>, EvOf<K>>

/** The tracked balance of a token given by its process id (a token param's value or a listTokens item's token). */
export const balOf = <K extends StrLike>(token: K) =>
  ({ k: 'balOf', token: lit(token) }) as Expr<'int', EvOf<K>>

/**
 * Portfolio value in the quotes' output token: for each item, `held(item, i) × output_i / amountIn_i` rounded
 * down (floor), summed. A failed quote has output 0, so check `quotes`' `failed` count before trusting the value.
 */
export const valuation = <L extends ListRef<any>, H extends IntLike>(
  of: L,
  held: (item: ItemOf<L>, index: Expr<'int'>) => H,
) =>
  sum(of, (item, i) => mulDiv(held(item, i), quoted(i, 'output'), quoted(i, 'amountIn'), 'floor')) as Expr<
    'int',
    EvOf<H>
  >
