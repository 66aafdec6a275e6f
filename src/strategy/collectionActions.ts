import type { ActionSpec } from './actions.ts'
import { type Coll, type ItemOf, type MapRef, type RingRef, withLoop } from './collections.ts'
import { type EvOf, type Expr, type IntLike, lit, type StrLike } from './expr.ts'

type Body = ActionSpec<any> | readonly ActionSpec<any>[]
type EvOfBody<A> = A extends readonly (infer X)[] ? EvOf<X> : EvOf<A>

const nameOf = (ref: { k: string; name?: string }) => (ref.k === 'ctx' && ref.name ? ref.name : '')

/**
 * Runs actions once per item of a list param or ring buffer, in order, with the item and its index in scope. The
 * list is read once, before the first item, so actions that push into the same ring do not change the loop.
 */
export const forEach = <L extends Coll, A extends Body>(
  of: L,
  fn: (item: ItemOf<L>, index: Expr<'int'>) => A,
) =>
  withLoop(of, (item, index, d) => {
    const out = fn(item, index)
    const body = (Array.isArray(out) ? out : [out]) as ActionSpec<any>[]
    return { afk: 'forEach', args: { list: of }, static: { depth: String(d) }, body }
  }) as ActionSpec<EvOfBody<A> & string>

/** Appends an integer to a ring buffer, dropping the oldest when it is full. */
export const push = <V extends IntLike>(ring: RingRef, value: V) =>
  ({ afk: 'push', args: { value: lit(value) }, static: { ring: nameOf(ring) } }) as ActionSpec<EvOf<V>>

/** Stores an integer under `key` in a context map. */
export const set = <K extends StrLike, V extends IntLike>(m: MapRef, key: K, value: V) =>
  ({ afk: 'set', args: { key: lit(key), value: lit(value) }, static: { map: nameOf(m) } }) as ActionSpec<
    EvOf<K | V>
  >
