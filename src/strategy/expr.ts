import {
  AgentRuntimeError,
  ceilDiv,
  checkInt,
  floorDiv,
  isqrt,
  mulDiv as mulDivInt,
  type Rounding,
} from './int.ts'

/**
 * The typed expression DSL. Expressions are plain JSON-able data (so they hash and compile deterministically); the
 * same node evaluates in TS (`evalExpr`) and compiles to Lua (`src/compiler/emitExpr.ts`) through the op table below.
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

/** Everything an expression can read while a message is handled. */
export interface ExprEnv {
  params: Record<string, Value>
  context: Record<string, Value>
  event: Record<string, Value>
  now: bigint
  self: string
  owner: string
  balances: Record<string, bigint>
  /** the last quoteAll's gathered quotes */
  gather?: { items: Array<Record<string, Value>> }
  /** the token name (balance key) of a token process id */
  tokenName?: (id: string) => string | undefined
  /** the item and index of each enclosing loop (forEach, sum, …), by depth - 1 */
  loops?: Array<{ item: Value; index: bigint }>
}

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

function asInt(v: Value): bigint {
  if (typeof v !== 'bigint')
    throw new AgentRuntimeError('INVALID_QUANTITY', `expected an integer, got ${typeof v}`)
  return v
}

/** int literals, parsed (IR nodes are never changed, so the key's value stays right) */
const LIT_INT = new WeakMap<ExprNode, bigint>()

/** TS semantics of the DSL; `lua/agent/q.lua` and the emitted Lua must agree with it on every input. */
export function evalExpr(e: ExprNode, env: ExprEnv): Value {
  switch (e.k) {
    case 'lit': {
      if (e.t !== 'int') return e.v
      // parsing a decimal string to a bigint costs more than the rest of a small expression: once per literal
      let n = LIT_INT.get(e)
      if (n === undefined) {
        n = BigInt(e.v as string)
        LIT_INT.set(e, n)
      }
      return n
    }
    case 'param':
      return must(env.params[e.name], 'param', e.name)
    case 'ctx':
      return must(env.context[e.name], 'context', e.name)
    case 'ev':
      return must(env.event[e.name], 'event field', e.name)
    case 'now':
      return env.now
    case 'self':
      return env.self
    case 'owner':
      return env.owner
    case 'bal':
      return env.balances[e.token] ?? 0n
    case 'op':
      return evalOp(e, env)
    case 'len':
      return BigInt(asList(evalExpr(e.of, env)).length)
    case 'at': {
      const v = elementAt(asList(evalExpr(e.of, env)), asInt(evalExpr(e.index, env)))
      return e.field === undefined ? v : (v as Record<string, Value>)[e.field]
    }
    case 'agg':
      return aggregate(e, env)
    case 'item': {
      const v = loop(env, e.depth).item
      return e.field === undefined ? v : (v as Record<string, Value>)[e.field]
    }
    case 'index':
      return loop(env, e.depth).index
    case 'env':
      return env as unknown as Value
    case 'quoted':
      return quotedItem(e, env)[e.field]
    case 'balOf': {
      const id = evalExpr(e.token, env) as string
      const name = env.tokenName?.(id)
      if (name === undefined) throw new AgentRuntimeError('UNKNOWN_TOKEN', `unconfigured token ${id}`)
      return env.balances[name]
    }
    case 'get': {
      const m = evalExpr(e.of, env) as Record<string, Value>
      const k = evalExpr(e.key, env) as string
      return Object.hasOwn(m, k) ? m[k] : 0n
    }
  }
}

/** The gathered quote of a list index or a token; twin of C.quoted in lua/agent/coll.lua. */
function quotedItem(e: Extract<ExprNode, { k: 'quoted' }>, env: ExprEnv): Record<string, Value> {
  const items = env.gather?.items
  if (items === undefined) throw new AgentRuntimeError('OUT_OF_RANGE', 'no quotes gathered yet')
  const key = evalExpr(e.key, env)
  if (e.by === 'index') return elementAt(items, asInt(key)) as Record<string, Value>
  const it = items.find((x) => x.token === key)
  if (it === undefined)
    throw new AgentRuntimeError('OUT_OF_RANGE', `no gathered quote for token ${String(key)}`)
  return it
}

function asList(v: Value): Value[] {
  if (!Array.isArray(v)) throw new AgentRuntimeError('INVALID_COMMAND', 'expected a list')
  return v
}

function elementAt(list: Value[], i: bigint): Value {
  if (i < 0n || i >= BigInt(list.length))
    throw new AgentRuntimeError('OUT_OF_RANGE', `index ${i} is out of range (length ${list.length})`)
  return list[Number(i)]
}

function loop(env: ExprEnv, depth: number) {
  const b = env.loops?.[depth - 1]
  if (!b) throw new AgentRuntimeError('INVALID_COMMAND', 'loop item read outside its loop')
  return b
}

/** The env inside loop `depth` at `item`/`index` (twin of C.bind in lua/agent/coll.lua). */
export function bindLoop(env: ExprEnv, depth: number, item: Value, index: number): ExprEnv {
  const loops = (env.loops ?? []).slice(0, depth - 1)
  loops[depth - 1] = { item, index: BigInt(index) }
  return { ...env, loops }
}

/** sum/min/max/count over a list, items in order; twin of C.agg in lua/agent/coll.lua. */
function aggregate(e: Extract<ExprNode, { k: 'agg' }>, env: ExprEnv): Value {
  const items = asList(evalExpr(e.of, env))
  let acc: bigint | undefined = e.fn === 'sum' || e.fn === 'count' ? 0n : undefined
  items.forEach((item, i) => {
    const v = evalExpr(e.body, bindLoop(env, e.depth, item, i))
    if (e.fn === 'count') acc = v === true ? (acc as bigint) + 1n : acc
    else if (e.fn === 'sum') acc = checkInt((acc as bigint) + asInt(v))
    else if (acc === undefined || (e.fn === 'min' ? asInt(v) < acc : asInt(v) > acc)) acc = asInt(v)
  })
  if (acc === undefined) throw new AgentRuntimeError('OUT_OF_RANGE', `${e.fn} of an empty list`)
  return acc
}

function must(v: Value | undefined, what: string, name: string): Value {
  if (v === undefined) throw new AgentRuntimeError('INVALID_COMMAND', `missing ${what} '${name}'`)
  return v
}

/** The i-th argument as an integer (a module function, not a closure per call: evalOp is the hot path). */
function intArg(a: ExprNode[], i: number, env: ExprEnv): bigint {
  return asInt(evalExpr(a[i], env))
}

function evalOp(e: Extract<ExprNode, { k: 'op' }>, env: ExprEnv): Value {
  const a = e.args
  switch (e.op) {
    case 'add':
      return checkInt(intArg(a, 0, env) + intArg(a, 1, env))
    case 'sub':
      return checkInt(intArg(a, 0, env) - intArg(a, 1, env))
    case 'mul':
      return checkInt(intArg(a, 0, env) * intArg(a, 1, env))
    case 'div':
      return checkInt(
        e.round === 'ceil'
          ? ceilDiv(intArg(a, 0, env), intArg(a, 1, env))
          : floorDiv(intArg(a, 0, env), intArg(a, 1, env)),
      )
    case 'muldiv':
      return mulDivInt(intArg(a, 0, env), intArg(a, 1, env), intArg(a, 2, env), e.round ?? 'floor')
    case 'min': {
      const x = intArg(a, 0, env)
      const y = intArg(a, 1, env)
      return x < y ? x : y
    }
    case 'max': {
      const x = intArg(a, 0, env)
      const y = intArg(a, 1, env)
      return x > y ? x : y
    }
    case 'eq':
      return evalExpr(a[0], env) === evalExpr(a[1], env)
    case 'ne':
      return evalExpr(a[0], env) !== evalExpr(a[1], env)
    case 'lt':
      return intArg(a, 0, env) < intArg(a, 1, env)
    case 'le':
      return intArg(a, 0, env) <= intArg(a, 1, env)
    case 'gt':
      return intArg(a, 0, env) > intArg(a, 1, env)
    case 'ge':
      return intArg(a, 0, env) >= intArg(a, 1, env)
    case 'and':
      for (const x of a) if (evalExpr(x, env) !== true) return false
      return true
    case 'or':
      for (const x of a) if (evalExpr(x, env) === true) return true
      return false
    case 'not':
      return evalExpr(a[0], env) !== true
    case 'if':
      return evalExpr(a[0], env) === true ? evalExpr(a[1], env) : evalExpr(a[2], env)
    case 'concat': {
      let out = ''
      for (const x of a) out += String(evalExpr(x, env))
      return out
    }
    case 'isqrt':
      return isqrt(intArg(a, 0, env)) // the Lua twin (C.isqrt) starts at n; the floor root is unique, so both agree
    case 'abs': {
      const x = intArg(a, 0, env)
      return x < 0n ? -x : x
    }
    case 'clamp': {
      const [x, lo, hi] = [intArg(a, 0, env), intArg(a, 1, env), intArg(a, 2, env)]
      if (lo > hi) throw new AgentRuntimeError('OUT_OF_RANGE', 'clamp bounds are reversed')
      return x < lo ? lo : x > hi ? hi : x
    }
  }
}
