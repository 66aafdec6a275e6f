import { type ExprNode, OPS } from '../strategy/expr.ts'
import { luaString } from './luaLiteral.ts'

/** Integer comparisons and the Q function that computes each (lua/agent/q.lua). */
const COMPARE: Partial<Record<string, string>> = { lt: 'lt', le: 'le', gt: 'gt', ge: 'ge' }

/**
 * Emits expressions as small Lua functions of the env `E` (E.p params, E.c context, E.ev event, E.now, E.self,
 * E.owner, E.bal balances). Integer literals are hoisted into the constant table `K`.
 */
export class ExprEmitter {
  readonly fns: string[] = []
  readonly consts: string[] = []
  private readonly constIndex = new Map<string, number>()
  private readonly fnIndex = new Map<string, number>()
  /** set when an expression needs the collection helpers (`C`, lua/agent/coll.lua) */
  usesColl = false

  /** Returns the Lua name of a function computing `e` (deduplicated by expression). */
  fn(e: ExprNode): string {
    return this.branch(this.expr(e))
  }

  /** A function of E returning an already emitted expression (deduplicated with the others). */
  private branch(body: string): string {
    let i = this.fnIndex.get(body)
    if (i === undefined) {
      this.fns.push(`function(E) return ${body} end`)
      i = this.fns.length
      this.fnIndex.set(body, i)
    }
    return `F[${i}]`
  }

  private int(v: string): string {
    let i = this.constIndex.get(v)
    if (i === undefined) {
      this.consts.push(`Q.new("${v}")`)
      i = this.consts.length
      this.constIndex.set(v, i)
    }
    return `K[${i}]`
  }

  expr(e: ExprNode): string {
    switch (e.k) {
      case 'lit':
        return e.t === 'int'
          ? this.int(e.v as string)
          : e.t === 'bool'
            ? String(e.v)
            : luaString(e.v as string)
      case 'param':
        return `E.p[${luaString(e.name)}]`
      case 'ctx':
        return `E.c[${luaString(e.name)}]`
      case 'ev':
        return `E.ev[${luaString(e.name)}]`
      case 'now':
        return 'E.now'
      case 'self':
        return 'E.self'
      case 'owner':
        return 'E.owner'
      case 'bal':
        return `(E.bal[${luaString(e.token)}] or ${this.int('0')})`
      case 'op': {
        if (e.op === 'isqrt' || e.op === 'abs' || e.op === 'clamp') this.usesColl = true
        // the hot forms, emitted here rather than from OPS: `if` calls a branch function of E (no closure made
        // per evaluation) and an integer comparison runs Q's word-level compare; both evaluate their operands left to
        // right, as the operator forms do
        if (e.op === 'if') {
          const [c, a, b] = e.args.map((x) => this.expr(x))
          return `Q.pick(${c}, ${this.branch(a)}, ${this.branch(b)}, E)`
        }
        const cmp = COMPARE[e.op]
        if (cmp) return `Q.${cmp}(${e.args.map((x) => this.expr(x)).join(', ')})`
        return OPS[e.op].lua(
          e.args.map((a) => this.expr(a)),
          e.round,
        )
      }
      // collections: plain loops in lua/agent/coll.lua; loop items live in E.L[depth]
      case 'len':
        this.usesColl = true
        return `C.len(${this.expr(e.of)})`
      case 'at':
        this.usesColl = true
        return `C.at(${this.expr(e.of)}, ${this.expr(e.index)})${e.field === undefined ? '' : `[${luaString(e.field)}]`}`
      case 'agg':
        this.usesColl = true
        return `C.${e.fn}(E, ${this.expr(e.of)}, ${e.depth}, function(E) return ${this.expr(e.body)} end)`
      case 'env':
        return 'E'
      case 'item':
        return `E.L[${e.depth}].v${e.field === undefined ? '' : `[${luaString(e.field)}]`}`
      case 'index':
        return `E.L[${e.depth}].i`
      case 'quoted':
        this.usesColl = true
        return `C.quoted(E, ${luaString(e.by)}, ${this.expr(e.key)})[${luaString(e.field)}]`
      case 'balOf':
        this.usesColl = true
        return `C.bal_of(E, ${this.expr(e.token)})`
      case 'get':
        this.usesColl = true
        return `C.get(${this.expr(e.of)}, ${this.expr(e.key)})`
    }
  }
}
