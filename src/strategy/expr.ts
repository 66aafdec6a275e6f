import { checkInt, type Rounding } from './int.ts'

/**
 * The typed expression DSL. Expressions are plain JSON-able data (so they hash and compile deterministically); the
 * same node evaluates in TS (`evalExpr`, src/engine/runtime/evalExpr.ts) and compiles to Lua (`src/compiler/emitExpr.ts`) through the op table below.
 */
export type ExprType = 'int' | 'bool' | 'str'

export type ExprNode =
  | { k: 'lit'; t: ExprType; v: string | boolean }
  | { k: 'param'; name: string }
  | { k: 'ctx'; name: string }
  | { k: 'ev'; name: string }
  | { k: 'now' }
  | { k: 'self' }
  | { k: 'owner' }
  | { k: 'bal'; token: string }
  | { k: 'op'; op: OpName; args: ExprNode[]; round?: Rounding }
  // collections (src/strategy/collections.ts): a list param or ring buffer, its length, an element, an aggregate
  // over its items with the item and index bound at loop `depth`, a map entry
  | { k: 'len'; of: ExprNode }
  | { k: 'at'; of: ExprNode; index: ExprNode; field?: string }
  | { k: 'agg'; fn: AggFn; of: ExprNode; body: ExprNode; depth: number }
  | { k: 'item'; depth: number; field?: string }
  | { k: 'index'; depth: number }
  | { k: 'get'; of: ExprNode; key: ExprNode }
  // gathered quotes (src/engine/runtime/batch.ts): one item's field by list index or by token; a token's balance by its id
  | { k: 'quoted'; by: 'index' | 'token'; key: ExprNode; field: QuoteField }
  | { k: 'balOf'; token: ExprNode }
  // the env itself: forEach takes it as an argument to evaluate its body with the item bound (compiler-made only)
  | { k: 'env' }

export type AggFn = 'sum' | 'min' | 'max' | 'count'

/** What a gathered quote item holds (quoteAll), with its expression type. */
export const QUOTE_FIELDS = {
  output: 'int',
  fee: 'int',
  amountIn: 'int',
  ok: 'bool',
  reason: 'str',
  token: 'str',
  pool: 'str',
} as const satisfies Record<string, ExprType>
export type QuoteField = keyof typeof QUOTE_FIELDS

/**
 * A typed handle on an expression node. `T` (its type) and `F` (the event fields it reads) only exist at compile
 * time: a transition accepts an expression only when its event has every field in `F`.
 */
export type Expr<T extends ExprType = ExprType, F extends string = never> = ExprNode & {
  readonly __t?: T
  readonly __ev?: F
}
export type IntLike = Expr<'int', string> | bigint | number
export type BoolLike = Expr<'bool', string> | boolean
export type StrLike = Expr<'str', string> | string
export type AnyLike = IntLike | BoolLike | StrLike
/** A value of expression type `T`, reading any event field. */
export type Like<T extends ExprType> = T extends 'int' ? IntLike : T extends 'bool' ? BoolLike : StrLike

/** The event fields an expression (or a literal) reads. */
export type EvOf<X> = X extends { readonly __ev?: infer F } ? (F extends string ? F : never) : never
/** The expression type of a value: `Expr<T>`, bigint/number → int, string → str, boolean → bool. */
export type TypeOf<X> = X extends bigint | number
  ? 'int'
  : X extends string
    ? 'str'
    : X extends boolean
      ? 'bool'
      : X extends { readonly __t?: infer T }
        ? T extends ExprType
          ? T
          : never
        : never

/** A run-time value: a scalar, a list param or ring buffer (array), a list item or a map (record). */
export type Value = bigint | boolean | string | Value[] | { [k: string]: Value }

export function isExpr(x: unknown): x is ExprNode {
  return typeof x === 'object' && x !== null && typeof (x as { k?: unknown }).k === 'string'
}

export function lit(v: AnyLike): ExprNode {
  if (isExpr(v)) return v
  if (typeof v === 'bigint') return { k: 'lit', t: 'int', v: checkInt(v).toString() }
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new TypeError(`afk expressions take integers only, got ${v}`)
    return { k: 'lit', t: 'int', v: String(v) }
  }
  if (typeof v === 'boolean') return { k: 'lit', t: 'bool', v }
  if (typeof v === 'string') return { k: 'lit', t: 'str', v }
  throw new TypeError(`not an afk expression: ${typeof v}`)
}

const op = (o: OpName, args: AnyLike[], round?: Rounding): ExprNode =>
  round ? { k: 'op', op: o, args: args.map(lit), round } : { k: 'op', op: o, args: args.map(lit) }

type I = IntLike
type B = BoolLike
type Int<F> = Expr<'int', F & string>
type Bool<F> = Expr<'bool', F & string>

// Integer arithmetic (overflow past 256 bits is refused, never wrapped)
export const add = <A extends I, B extends I>(a: A, b: B) => op('add', [a, b]) as Int<EvOf<A | B>>
export const sub = <A extends I, B extends I>(a: A, b: B) => op('sub', [a, b]) as Int<EvOf<A | B>>
export const mul = <A extends I, B extends I>(a: A, b: B) => op('mul', [a, b]) as Int<EvOf<A | B>>
export const div = <A extends I, B extends I>(a: A, b: B, round: Rounding = 'floor') =>
  op('div', [a, b], round) as Int<EvOf<A | B>>
/** a * b / c, exact product, explicit rounding. */
export const mulDiv = <A extends I, B extends I, C extends I>(a: A, b: B, c: C, round: Rounding = 'floor') =>
  op('muldiv', [a, b, c], round) as Int<EvOf<A | B | C>>
export const min = <A extends I, B extends I>(a: A, b: B) => op('min', [a, b]) as Int<EvOf<A | B>>
export const max = <A extends I, B extends I>(a: A, b: B) => op('max', [a, b]) as Int<EvOf<A | B>>
// Basis points
/** x * bps / 10_000 */
export const bps = <A extends I, B extends I>(x: A, b: B, round: Rounding = 'floor') =>
  mulDiv(x, b, 10_000, round) as Int<EvOf<A | B>>
/** x reduced by `b` basis points, rounded down (a safe min-output). */
export const minusBps = <A extends I, B extends I>(x: A, b: B) =>
  mulDiv(x, sub(10_000, b), 10_000, 'floor') as Int<EvOf<A | B>>
/** x increased by `b` basis points, rounded up (a safe max-input). */
export const plusBps = <A extends I, B extends I>(x: A, b: B) =>
  mulDiv(x, add(10_000, b), 10_000, 'ceil') as Int<EvOf<A | B>>
// Comparisons and logic
export const eq = <A extends AnyLike, B extends Like<TypeOf<A>>>(a: A, b: B) =>
  op('eq', [a, b]) as Bool<EvOf<A | B>>
export const ne = <A extends AnyLike, B extends Like<TypeOf<A>>>(a: A, b: B) =>
  op('ne', [a, b]) as Bool<EvOf<A | B>>
export const lt = <A extends I, B extends I>(a: A, b: B) => op('lt', [a, b]) as Bool<EvOf<A | B>>
export const le = <A extends I, B extends I>(a: A, b: B) => op('le', [a, b]) as Bool<EvOf<A | B>>
export const gt = <A extends I, B extends I>(a: A, b: B) => op('gt', [a, b]) as Bool<EvOf<A | B>>
export const ge = <A extends I, B extends I>(a: A, b: B) => op('ge', [a, b]) as Bool<EvOf<A | B>>
export const and = <X extends B[]>(...xs: X) => op('and', xs) as Bool<EvOf<X[number]>>
export const or = <X extends B[]>(...xs: X) => op('or', xs) as Bool<EvOf<X[number]>>
export const not = <A extends B>(a: A) => op('not', [a]) as Bool<EvOf<A>>
export const ifElse = <C extends B, A extends AnyLike, X extends Like<TypeOf<A>>>(c: C, a: A, b: X) =>
  op('if', [c, a, b]) as Expr<TypeOf<A>, EvOf<C | A | X>>
/** String concatenation; integers are printed in decimal. */
export const concat = <X extends AnyLike[]>(...xs: X) => op('concat', xs) as Expr<'str', EvOf<X[number]>>

// Readers
export const now = { k: 'now' } as Expr<'int'>
export const self = { k: 'self' } as Expr<'str'>
export const owner = { k: 'owner' } as Expr<'str'>
/** The runtime's tracked available balance of the token held in param `token`. */
export const bal = (token: string) => ({ k: 'bal', token }) as Expr<'int'>

export type OpName = keyof typeof OPS

interface OpSpec {
  /** argument types; `any` = same type on both sides; a trailing `...` repeats the last */
  args: (ExprType | 'any')[] | 'variadic-bool' | 'variadic-any'
  result: ExprType | 'branch'
  /** Lua: a template over emitted argument strings */
  lua: (a: string[], round?: Rounding) => string
}

export const OPS = {
  add: { args: ['int', 'int'], result: 'int', lua: (a) => `Q.add(${a[0]}, ${a[1]})` },
  sub: { args: ['int', 'int'], result: 'int', lua: (a) => `Q.sub(${a[0]}, ${a[1]})` },
  mul: { args: ['int', 'int'], result: 'int', lua: (a) => `Q.mul(${a[0]}, ${a[1]})` },
  div: { args: ['int', 'int'], result: 'int', lua: (a, r) => `Q.div(${a[0]}, ${a[1]}, "${r ?? 'floor'}")` },
  muldiv: {
    args: ['int', 'int', 'int'],
    result: 'int',
    lua: (a, r) => `Q.muldiv(${a[0]}, ${a[1]}, ${a[2]}, "${r ?? 'floor'}")`,
  },
  min: { args: ['int', 'int'], result: 'int', lua: (a) => `Q.min(${a[0]}, ${a[1]})` },
  max: { args: ['int', 'int'], result: 'int', lua: (a) => `Q.max(${a[0]}, ${a[1]})` },
  eq: { args: ['any', 'any'], result: 'bool', lua: (a) => `(${a[0]} == ${a[1]})` },
  ne: { args: ['any', 'any'], result: 'bool', lua: (a) => `(${a[0]} ~= ${a[1]})` },
  lt: { args: ['int', 'int'], result: 'bool', lua: (a) => `(${a[0]} < ${a[1]})` },
  le: { args: ['int', 'int'], result: 'bool', lua: (a) => `(${a[0]} <= ${a[1]})` },
  gt: { args: ['int', 'int'], result: 'bool', lua: (a) => `(${a[0]} > ${a[1]})` },
  ge: { args: ['int', 'int'], result: 'bool', lua: (a) => `(${a[0]} >= ${a[1]})` },
  and: { args: 'variadic-bool', result: 'bool', lua: (a) => `(${a.join(' and ')})` },
  or: { args: 'variadic-bool', result: 'bool', lua: (a) => `(${a.join(' or ')})` },
  not: { args: ['bool'], result: 'bool', lua: (a) => `(not ${a[0]})` },
  if: {
    args: ['bool', 'any', 'any'],
    result: 'branch',
    lua: (a) => `Q.pick(${a[0]}, function() return ${a[1]} end, function() return ${a[2]} end)`,
  },
  concat: { args: 'variadic-any', result: 'str', lua: (a) => `Q.concat(${a.join(', ')})` },
  isqrt: { args: ['int'], result: 'int', lua: (a) => `C.isqrt(${a[0]})` },
  abs: { args: ['int'], result: 'int', lua: (a) => `C.abs(${a[0]})` },
  clamp: { args: ['int', 'int', 'int'], result: 'int', lua: (a) => `C.clamp(${a[0]}, ${a[1]}, ${a[2]})` },
} satisfies Record<string, OpSpec>
