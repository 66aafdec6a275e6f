import { type ExprNode, type ExprType, isExpr, OPS } from '../strategy/expr.ts'
import type { Diagnostics } from './diagnostics.ts'

export interface TypeScope {
  params: Record<string, ExprType>
  context: Record<string, ExprType>
  /** fields of the event in scope; `null` where no event is in scope (entry/exit actions) */
  event: Record<string, ExprType> | null
  tokens: string[]
}

/** Infers an expression's type, reporting every problem; returns `undefined` when it cannot be typed. */
export function typeOf(e: unknown, scope: TypeScope, d: Diagnostics, path: string[]): ExprType | undefined {
  if (typeof e === 'function') {
    d.error(
      'invalid-expression',
      path,
      'inline JS functions cannot be compiled to Lua',
      'write the value with the afk expression DSL (add, mulDiv, ge, …)',
    )
    return undefined
  }
  if (!isExpr(e)) {
    d.error('invalid-expression', path, `not an afk expression: ${JSON.stringify(e)?.slice(0, 60)}`)
    return undefined
  }
  const n = e as ExprNode
  switch (n.k) {
    case 'lit':
      return n.t
    case 'now':
      return 'int'
    case 'self':
    case 'owner':
      return 'str'
    case 'bal':
      if (!scope.tokens.includes(n.token)) {
        d.error(
          'unknown-param',
          path,
          `bal('${n.token}') does not name a token param`,
          `token params: ${scope.tokens.join(', ')}`,
        )
        return undefined
      }
      return 'int'
    case 'param': {
      const t = scope.params[n.name]
      if (!t)
        d.error(
          'unknown-param',
          path,
          `unknown param '${n.name}'`,
          `params: ${Object.keys(scope.params).join(', ')}`,
        )
      return t
    }
    case 'ctx': {
      const t = scope.context[n.name]
      if (!t)
        d.error(
          'unknown-context',
          path,
          `unknown context field '${n.name}'`,
          'declare it in `context` with its initial value',
        )
      return t
    }
    case 'ev': {
      if (!scope.event) {
        d.error(
          'unknown-event-field',
          path,
          `ev.${n.name} is read where no event is in scope`,
          'event fields are available in transition guards and actions, not in entry/exit actions',
        )
        return undefined
      }
      const t = scope.event[n.name]
      if (!t)
        d.error(
          'unknown-event-field',
          path,
          `this event has no field '${n.name}'`,
          `fields: ${Object.keys(scope.event).join(', ') || '(none)'}`,
        )
      return t
    }
    case 'op':
      return typeOfOp(n, scope, d, path)
  }
  d.error('invalid-expression', path, `unknown expression node`)
  return undefined
}

function typeOfOp(
  n: Extract<ExprNode, { k: 'op' }>,
  scope: TypeScope,
  d: Diagnostics,
  path: string[],
): ExprType | undefined {
  const spec = OPS[n.op] as (typeof OPS)[keyof typeof OPS] | undefined
  if (!spec) {
    d.error('invalid-expression', path, `unknown operator '${n.op}'`)
    return undefined
  }
  const types = n.args.map((a, i) => typeOf(a, scope, d, [...path, `${n.op}[${i}]`]))
  if (types.some((t) => t === undefined)) return undefined
  const mismatch = (want: string): undefined => {
    d.error('type-mismatch', path, `${n.op}(${types.join(', ')}): expected ${want}`)
    return undefined
  }
  if (spec.args === 'variadic-bool') {
    if (types.length === 0 || types.some((t) => t !== 'bool')) return mismatch('booleans')
    return 'bool'
  }
  if (spec.args === 'variadic-any') return 'str'
  if (types.length !== spec.args.length) return mismatch(`${spec.args.length} arguments`)
  let any: ExprType | undefined
  for (let i = 0; i < types.length; i++) {
    const want = spec.args[i]
    if (want === 'any') {
      if (any === undefined) any = types[i]
      else if (any !== types[i]) return mismatch('both sides of the same type')
    } else if (want !== types[i]) return mismatch(spec.args.join(', '))
  }
  return spec.result === 'branch' ? any : (spec.result as ExprType)
}
