import { isCollection, type TypeTag } from '../strategy/collections.ts'
import { type ExprNode, type ExprType, isExpr, OPS } from '../strategy/expr.ts'
import type { Diagnostics } from './diagnostics.ts'

export { isCollection, type TypeTag } from '../strategy/collections.ts'

export interface TypeScope {
  params: Record<string, TypeTag>
  context: Record<string, TypeTag>
  /** fields of the event in scope; `null` where no event is in scope (entry/exit actions) */
  event: Record<string, ExprType> | null
  tokens: string[]
  /** item fields of each list param */
  lists?: Record<string, Record<string, ExprType>>
  /** enclosing loops, by depth - 1: a list param's item fields, or `int` for a ring's items */
  loops?: Array<Record<string, ExprType> | 'int'>
}

/** What a loop over `of` binds as its item, or undefined (reported) when `of` cannot be iterated. */
export function loopItem(
  of: unknown,
  scope: TypeScope,
  d: Diagnostics,
  path: string[],
): Record<string, ExprType> | 'int' | undefined {
  const t = typeOf(of, scope, d, path)
  if (t === undefined) return undefined
  if (t === 'ring') return 'int'
  if (t === 'list') return scope.lists?.[(of as { name: string }).name]
  if (t === 'map')
    d.error(
      'unbounded-iteration',
      path,
      'a map has no size known at compile time and cannot be iterated',
      'loop over a list param and read the map with get(map, item.key)',
    )
  else d.error('type-mismatch', path, `expected a list param or ring buffer, got ${t}`)
  return undefined
}

/** Infers an expression's type, reporting every problem; returns `undefined` when it cannot be typed. */
export function typeOf(e: unknown, scope: TypeScope, d: Diagnostics, path: string[]): TypeTag | undefined {
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
    case 'len':
      return loopItem(n.of, scope, d, [...path, 'len']) === undefined ? undefined : 'int'
    case 'at': {
      const item = loopItem(n.of, scope, d, [...path, 'at'])
      const it = typeOf(n.index, scope, d, [...path, 'index'])
      if (it !== undefined && it !== 'int')
        d.error('type-mismatch', [...path, 'index'], `an index is an int, got ${it}`)
      if (item === undefined) return undefined
      return itemField(item, n.field, d, path)
    }
    case 'agg': {
      const item = loopItem(n.of, scope, d, [...path, n.fn])
      if (item === undefined) return undefined
      const loops = [...(scope.loops ?? []).slice(0, n.depth - 1)]
      loops[n.depth - 1] = item
      const bt = typeOf(n.body, { ...scope, loops }, d, [...path, n.fn, 'body'])
      const want = n.fn === 'count' ? 'bool' : 'int'
      if (bt !== undefined && bt !== want)
        d.error('type-mismatch', [...path, n.fn, 'body'], `${n.fn}() needs a per-item ${want}, got ${bt}`)
      return 'int'
    }
    case 'env':
      d.error('invalid-expression', path, 'the env node is made by the compiler for forEach only')
      return undefined
    case 'item':
    case 'index': {
      const item = scope.loops?.[n.depth - 1]
      if (item === undefined) {
        d.error(
          'invalid-expression',
          path,
          'a loop item or index is read outside its loop',
          'use the item and index only inside the forEach/sum/min/max/count callback that provides them',
        )
        return undefined
      }
      return n.k === 'index' ? 'int' : itemField(item, n.field, d, path)
    }
    case 'get': {
      const mt = typeOf(n.of, scope, d, [...path, 'get'])
      const kt = typeOf(n.key, scope, d, [...path, 'key'])
      if (mt !== undefined && mt !== 'map')
        d.error('type-mismatch', [...path, 'get'], `get() reads a context map, got ${mt}`)
      if (kt !== undefined && kt !== 'str')
        d.error('type-mismatch', [...path, 'key'], `a map key is a str, got ${kt}`)
      return 'int'
    }
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
  if (types.some(isCollection)) {
    d.error(
      'type-mismatch',
      path,
      `${n.op}(${types.join(', ')}): a collection is not a value`,
      'read it with len(), at(), get() or an aggregate such as sum()',
    )
    return undefined
  }
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
      if (any === undefined) any = types[i] as ExprType
      else if (any !== types[i]) return mismatch('both sides of the same type')
    } else if (want !== types[i]) return mismatch(spec.args.join(', '))
  }
  return spec.result === 'branch' ? any : (spec.result as ExprType)
}

function itemField(
  item: Record<string, ExprType> | 'int',
  field: string | undefined,
  d: Diagnostics,
  path: string[],
): ExprType | undefined {
  if (item === 'int') {
    if (field === undefined) return 'int'
    d.error('invalid-expression', path, `a ring buffer holds integers, which have no field '${field}'`)
    return undefined
  }
  const t = field === undefined ? undefined : item[field]
  if (!t)
    d.error(
      'invalid-expression',
      path,
      field === undefined
        ? 'a list item is a record: read one of its fields'
        : `list items have no field '${field}'`,
      `fields: ${Object.keys(item).join(', ')}`,
    )
  return t
}
