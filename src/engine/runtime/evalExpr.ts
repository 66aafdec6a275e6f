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

/** An expression compiled to a closure: the same reads, checks and errors, in the same order, as walking the node. */
export type CompiledExpr = (env: ExprEnv) => Value

/** one closure per IR node (IR nodes are never changed, so a node's closure stays right) */
const COMPILED = new WeakMap<ExprNode, CompiledExpr>()

/** TS semantics of the DSL; `lua/agent/q.lua` and the emitted Lua must agree with it on every input. */
export function evalExpr(e: ExprNode, env: ExprEnv): Value {
  return compileExpr(e)(env)
}

/**
 * The closure of a node, built on first use and cached: walking the tree per evaluation (a switch per node, the
 * op's switch, the argument array) was most of an expression's cost. Children are compiled with their parent, but
 * nothing is evaluated before the closure runs (an int literal is parsed on its first evaluation, as before).
 */
export function compileExpr(e: ExprNode): CompiledExpr {
  if (typeof e !== 'object' || e === null) return missing(e)
  let f = COMPILED.get(e)
  if (f === undefined) {
    f = build(e)
    COMPILED.set(e, f)
  }
  return f
}

/** a malformed node (not an object) acts when evaluated, as in the tree walk: a TypeError for a missing one */
const missing =
  (e: ExprNode): CompiledExpr =>
  () =>
    (e as { k: never }).k

function build(e: ExprNode): CompiledExpr {
  switch (e.k) {
    case 'lit': {
      if (e.t !== 'int') {
        const v = e.v
        return () => v
      }
      // parsing a decimal string to a bigint costs more than the rest of a small expression: once per literal
      let n: bigint | undefined
      return () => {
        if (n === undefined) n = BigInt(e.v as string)
        return n
      }
    }
    case 'param': {
      const name = e.name
      return (env) => must(env.params[name], 'param', name)
    }
    case 'ctx': {
      const name = e.name
      return (env) => must(env.context[name], 'context', name)
    }
    case 'ev': {
      const name = e.name
      return (env) => must(env.event[name], 'event field', name)
    }
    case 'now':
      return (env) => env.now
    case 'self':
      return (env) => env.self
    case 'owner':
      return (env) => env.owner
    case 'bal': {
      const token = e.token
      return (env) => env.balances[token] ?? 0n
    }
    case 'op':
      return buildOp(e)
    case 'len': {
      const of = compileExpr(e.of)
      return (env) => BigInt(asList(of(env)).length)
    }
    case 'at': {
      const of = compileExpr(e.of)
      const index = compileExpr(e.index)
      const field = e.field
      return (env) => {
        const v = elementAt(asList(of(env)), asInt(index(env)))
        return field === undefined ? v : (v as Record<string, Value>)[field]
      }
    }
    case 'agg':
      return buildAggregate(e)
    case 'item': {
      const { depth, field } = e
      return (env) => {
        const v = loop(env, depth).item
        return field === undefined ? v : (v as Record<string, Value>)[field]
      }
    }
    case 'index': {
      const depth = e.depth
      return (env) => loop(env, depth).index
    }
    case 'env':
      return (env) => env as unknown as Value
    case 'quoted': {
      const key = compileExpr(e.key)
      const { by, field } = e
      return (env) => quotedItem(by, key, env)[field]
    }
    case 'balOf': {
      const token = compileExpr(e.token)
      return (env) => {
        const id = token(env) as string
        const name = env.tokenName?.(id)
        if (name === undefined) throw new AgentRuntimeError('UNKNOWN_TOKEN', `unconfigured token ${id}`)
        return env.balances[name]
      }
    }
    case 'get': {
      const of = compileExpr(e.of)
      const key = compileExpr(e.key)
      return (env) => {
        const m = of(env) as Record<string, Value>
        const k = key(env) as string
        return Object.hasOwn(m, k) ? m[k] : 0n
      }
    }
  }
  // an unknown kind evaluates to undefined, as the tree walk's switch did
  return () => undefined as unknown as Value
}

/** The gathered quote of a list index or a token; twin of C.quoted in lua/agent/coll.lua. */
function quotedItem(by: 'index' | 'token', keyOf: CompiledExpr, env: ExprEnv): Record<string, Value> {
  const items = env.gather?.items
  if (items === undefined) throw new AgentRuntimeError('OUT_OF_RANGE', 'no quotes gathered yet')
  const key = keyOf(env)
  if (by === 'index') return elementAt(items, asInt(key)) as Record<string, Value>
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
function buildAggregate(e: Extract<ExprNode, { k: 'agg' }>): CompiledExpr {
  const of = compileExpr(e.of)
  const body = compileExpr(e.body)
  const { fn, depth } = e
  return (env) => {
    const items = asList(of(env))
    let acc: bigint | undefined = fn === 'sum' || fn === 'count' ? 0n : undefined
    items.forEach((item, i) => {
      const v = body(bindLoop(env, depth, item, i))
      if (fn === 'count') acc = v === true ? (acc as bigint) + 1n : acc
      else if (fn === 'sum') acc = checkInt((acc as bigint) + asInt(v))
      else if (acc === undefined || (fn === 'min' ? asInt(v) < acc : asInt(v) > acc)) acc = asInt(v)
    })
    if (acc === undefined) throw new AgentRuntimeError('OUT_OF_RANGE', `${fn} of an empty list`)
    return acc
  }
}

function must(v: Value | undefined, what: string, name: string): Value {
  if (v === undefined) throw new AgentRuntimeError('INVALID_COMMAND', `missing ${what} '${name}'`)
  return v
}

/** An op's closure: arguments evaluated left to right, each checked before the next is evaluated (as before). */
function buildOp(e: Extract<ExprNode, { k: 'op' }>): CompiledExpr {
  // malformed IR (no argument list, too few arguments) fails when evaluated, with the tree walk's TypeError
  if (!Array.isArray(e.args)) return () => (e.args as unknown as Value[])[0]
  const a = e.args.map(compileExpr)
  const f0 = a[0] ?? missing(e.args[0])
  const f1 = a[1] ?? missing(e.args[1])
  const f2 = a[2] ?? missing(e.args[2])
  switch (e.op) {
    case 'add':
      return (env) => {
        const x = asInt(f0(env))
        return checkInt(x + asInt(f1(env)))
      }
    case 'sub':
      return (env) => {
        const x = asInt(f0(env))
        return checkInt(x - asInt(f1(env)))
      }
    case 'mul':
      return (env) => {
        const x = asInt(f0(env))
        return checkInt(x * asInt(f1(env)))
      }
    case 'div':
      return e.round === 'ceil'
        ? (env) => {
            const x = asInt(f0(env))
            return checkInt(ceilDiv(x, asInt(f1(env))))
          }
        : (env) => {
            const x = asInt(f0(env))
            return checkInt(floorDiv(x, asInt(f1(env))))
          }
    case 'muldiv': {
      const round = e.round ?? 'floor'
      return (env) => {
        const x = asInt(f0(env))
        const y = asInt(f1(env))
        return mulDivInt(x, y, asInt(f2(env)), round)
      }
    }
    case 'min':
      return (env) => {
        const x = asInt(f0(env))
        const y = asInt(f1(env))
        return x < y ? x : y
      }
    case 'max':
      return (env) => {
        const x = asInt(f0(env))
        const y = asInt(f1(env))
        return x > y ? x : y
      }
    case 'eq':
      return (env) => f0(env) === f1(env)
    case 'ne':
      return (env) => f0(env) !== f1(env)
    case 'lt':
      return (env) => {
        const x = asInt(f0(env))
        return x < asInt(f1(env))
      }
    case 'le':
      return (env) => {
        const x = asInt(f0(env))
        return x <= asInt(f1(env))
      }
    case 'gt':
      return (env) => {
        const x = asInt(f0(env))
        return x > asInt(f1(env))
      }
    case 'ge':
      return (env) => {
        const x = asInt(f0(env))
        return x >= asInt(f1(env))
      }
    case 'and':
      return (env) => {
        for (let i = 0; i < a.length; i++) if (a[i](env) !== true) return false
        return true
      }
    case 'or':
      return (env) => {
        for (let i = 0; i < a.length; i++) if (a[i](env) === true) return true
        return false
      }
    case 'not':
      return (env) => f0(env) !== true
    case 'if':
      return (env) => (f0(env) === true ? f1(env) : f2(env))
    case 'concat':
      return (env) => {
        let out = ''
        for (let i = 0; i < a.length; i++) out += String(a[i](env))
        return out
      }
    case 'isqrt':
      return (env) => isqrt(asInt(f0(env))) // the Lua twin (C.isqrt) starts at n; the floor root is unique, so both agree
    case 'abs':
      return (env) => {
        const x = asInt(f0(env))
        return x < 0n ? -x : x
      }
    case 'clamp':
      return (env) => {
        const x = asInt(f0(env))
        const lo = asInt(f1(env))
        const hi = asInt(f2(env))
        if (lo > hi) throw new AgentRuntimeError('OUT_OF_RANGE', 'clamp bounds are reversed')
        return x < lo ? lo : x > hi ? hi : x
      }
  }
  // an unknown op evaluates to undefined, as the tree walk's switch did
  return () => undefined as unknown as Value
}
