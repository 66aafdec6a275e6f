import {
  type AggFn,
  type BoolLike,
  type EvOf,
  type Expr,
  type ExprNode,
  type ExprType,
  type IntLike,
  lit,
  max as max2,
  min as min2,
  type StrLike,
} from './expr.ts'

/**
 * Collections: list params (zod arrays of records with a max length), context ring buffers of integers with a fixed
 * capacity and context maps from strings to integers. Every loop runs over a list or ring whose size is known when
 * the strategy compiles, and compiles to a plain Lua loop (lua/agent/coll.lua).
 */

/** An expression's type, or a collection (list param, context ring buffer or map) that only loops and readers take. */
export type TypeTag = ExprType | 'list' | 'ring' | 'map'
export const isCollection = (t: TypeTag | undefined) => t === 'list' || t === 'ring' || t === 'map'

/** Context initializer: a ring buffer of up to `capacity` integers; `push` drops the oldest when full. */
export interface RingInit {
  readonly afk: 'ring'
  readonly capacity: number
}
/** Context initializer: a map from strings to integers; a missing key reads as 0. */
export interface MapInit {
  readonly afk: 'map'
}
export const ring = (capacity: number): RingInit => ({ afk: 'ring', capacity })
export const map = (): MapInit => ({ afk: 'map' })
export const isRingInit = (v: unknown): v is RingInit => (v as RingInit)?.afk === 'ring'
export const isMapInit = (v: unknown): v is MapInit => (v as MapInit)?.afk === 'map'

/** `p.<list>`: a list param whose items have fields `R` (field name → type). */
export type ListRef<R = Record<string, ExprType>> = ExprNode & { readonly __t: 'list'; readonly __item: R }
/** `c.<ring>`: a ring buffer of integers, oldest first. */
export type RingRef = ExprNode & { readonly __t: 'ring' }
/** `c.<map>`: a map from strings to integers. */
export type MapRef = ExprNode & { readonly __t: 'map' }
export type Coll = ListRef<any> | RingRef
/** What a loop body receives for each item: a record's fields, or the ring's integer. */
export type ItemOf<L> =
  L extends ListRef<infer R> ? { readonly [K in keyof R]: Expr<R[K] & ExprType> } : Expr<'int'>

let depth = 0
/** Calls `fn` with the item and index readers of a new innermost loop; nesting gives each loop its depth. */
export function withLoop<T>(of: ExprNode, fn: (item: any, index: Expr<'int'>, depth: number) => T): T {
  depth++
  const d = depth
  try {
    const item =
      of.k === 'param'
        ? new Proxy(
            {},
            {
              get: (_t, f) =>
                typeof f === 'string' ? ({ k: 'item', depth: d, field: f } as ExprNode) : undefined,
            },
          )
        : ({ k: 'item', depth: d } as ExprNode)
    return fn(item, { k: 'index', depth: d } as Expr<'int'>, d)
  } finally {
    depth--
  }
}

const agg = (fn: AggFn, of: Coll, body: (item: any, index: Expr<'int'>) => unknown): ExprNode =>
  withLoop(of, (item, index, d) => ({ k: 'agg', fn, of, body: lit(body(item, index) as IntLike), depth: d }))

/** Number of items of a list param or ring buffer. */
export const len = (of: Coll) => ({ k: 'len', of }) as Expr<'int'>

/** Item `index` (0 = first; for a ring, the oldest) of a ring, or one field of a list param's item. */
export function at<I extends IntLike>(of: RingRef, index: I): Expr<'int', EvOf<I>>
export function at<R, K extends keyof R & string, I extends IntLike>(
  of: ListRef<R>,
  index: I,
  field: K,
): Expr<R[K] & ExprType, EvOf<I>>
export function at(of: ExprNode, index: IntLike, field?: string): ExprNode {
  return field === undefined ? { k: 'at', of, index: lit(index) } : { k: 'at', of, index: lit(index), field }
}

/** Sum of a per-item integer over a list (0 when empty). */
export const sum = <L extends Coll, B extends IntLike>(
  of: L,
  fn: (item: ItemOf<L>, index: Expr<'int'>) => B,
) => agg('sum', of, fn) as Expr<'int', EvOf<B>>

/** Number of items for which the per-item condition holds. */
export const count = <L extends Coll, B extends BoolLike>(
  of: L,
  fn: (item: ItemOf<L>, index: Expr<'int'>) => B,
) => agg('count', of, fn) as Expr<'int', EvOf<B>>

/** The smaller of two integers, or the least per-item integer over a list (an empty list is an error). */
export function min<A extends IntLike, B extends IntLike>(a: A, b: B): Expr<'int', EvOf<A | B>>
export function min<L extends Coll, B extends IntLike>(
  of: L,
  fn: (item: ItemOf<L>, index: Expr<'int'>) => B,
): Expr<'int', EvOf<B>>
export function min(a: any, b: any): ExprNode {
  return typeof b === 'function' ? agg('min', a, b) : min2(a, b)
}

/** The larger of two integers, or the greatest per-item integer over a list (an empty list is an error). */
export function max<A extends IntLike, B extends IntLike>(a: A, b: B): Expr<'int', EvOf<A | B>>
export function max<L extends Coll, B extends IntLike>(
  of: L,
  fn: (item: ItemOf<L>, index: Expr<'int'>) => B,
): Expr<'int', EvOf<B>>
export function max(a: any, b: any): ExprNode {
  return typeof b === 'function' ? agg('max', a, b) : max2(a, b)
}

/** The integer stored under `key` in a context map (0 when absent). */
export const get = <K extends StrLike>(of: MapRef, key: K) =>
  ({ k: 'get', of, key: lit(key) }) as Expr<'int', EvOf<K>>

const op1 = (op: 'isqrt' | 'abs', x: IntLike): ExprNode => ({ k: 'op', op, args: [lit(x)] })
/** Floor square root of a non-negative integer. */
export const isqrt = <A extends IntLike>(x: A) => op1('isqrt', x) as Expr<'int', EvOf<A>>
/** Absolute value. */
export const abs = <A extends IntLike>(x: A) => op1('abs', x) as Expr<'int', EvOf<A>>
/** `x` limited to [lo, hi] (lo > hi is an error). */
export const clamp = <A extends IntLike, B extends IntLike, C extends IntLike>(x: A, lo: B, hi: C) =>
  ({ k: 'op', op: 'clamp', args: [lit(x), lit(lo), lit(hi)] }) as Expr<'int', EvOf<A | B | C>>
