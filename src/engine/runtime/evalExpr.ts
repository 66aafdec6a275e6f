import { AgentRuntimeError } from '../../errors/agent.ts'
import type { ExprNode, Value } from '../../strategy/expr.ts'
import { ceilDiv, checkInt, floorDiv, isqrt, mulDiv as mulDivInt } from '../../strategy/int.ts'

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
