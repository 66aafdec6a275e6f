import { AgentRuntimeError } from '../../errors/agent.ts'
import { WIRE_ERRORS, type WireErrorKey, wireText } from '../../protocols/agentWire.ts'
import { byteOrder } from '../../protocols/stableJson.ts'
import type { Value } from '../../strategy/expr.ts'
import type { ParamKind } from '../../strategy/params.ts'
import { orderSeq } from './sync.ts'
import type { AgentState } from './types.ts'

const fail = (key: WireErrorKey, vars: Record<string, string> = {}): never => {
  throw new AgentRuntimeError(WIRE_ERRORS[key].code, wireText(key, vars))
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * A list value as aos's json module leaves it in Lua: an array, or an empty object (Lua cannot tell `{}` from
 * `[]`); trailing nulls vanish (they never reach Lua). Anything else is not a list.
 */
function asList(v: unknown): unknown[] | undefined {
  if (isRecord(v)) return Object.values(v).every((x) => x === null) ? [] : undefined
  if (!Array.isArray(v)) return undefined
  let n = v.length
  while (n > 0 && (v[n - 1] === null || v[n - 1] === undefined)) n--
  return v.slice(0, n)
}

/**
 * Validates an Update-Params value for a list param, as at spawn: a JSON array of min–max records holding exactly the
 * list's fields, each checked like a scalar param (`key[i].field`); twin of check_list in events/command.lua.
 */
export function checkListParam(
  spec: Extract<ParamKind, { kind: 'list' }>,
  key: string,
  v: unknown,
  checkScalar: (spec: ParamKind, key: string, v: unknown) => Value,
): Value {
  if (spec.fixed) fail('listParamFixed', { key })
  const list = asList(v)
  if (list === undefined) return fail('paramNotList', { key })
  if (list.length < spec.min || list.length > spec.max)
    fail('paramLength', { key, min: String(spec.min), max: String(spec.max) })
  const fields = Object.keys(spec.fields).sort(byteOrder)
  return list.map((item, i) => {
    const at = `${key}[${i}]`
    // an empty array is an empty table in Lua, hence a record missing its fields
    const rec = Array.isArray(item) && asList(item)?.length === 0 ? {} : item
    if (!isRecord(rec)) return fail('paramNotRecord', { key: at })
    for (const f of Object.keys(rec).sort(byteOrder))
      if (!fields.includes(f) && rec[f] !== null) fail('unknownParam', { key: `${at}.${f}` })
    const out: Record<string, Value> = {}
    for (const f of fields) {
      // a null field vanishes in Lua: it is missing
      if (rec[f] === undefined || rec[f] === null) fail('paramMissing', { key: `${at}.${f}` })
      out[f] = checkScalar(spec.fields[f], `${at}.${f}`, rec[f])
    }
    return out
  }) as Value
}

/** Whether changing param `key` from `a` to `b` changes a process id (a pool, a token, an asset's process). */
export function identityChanged(spec: ParamKind, a: Value | undefined, b: Value | undefined): boolean {
  if (spec.kind === 'processId') return a !== b
  if (spec.kind !== 'list') return false
  const ids = Object.keys(spec.fields)
    .filter((f) => spec.fields[f].kind === 'processId')
    .sort(byteOrder)
  if (ids.length === 0) return false
  const la = (a ?? []) as Array<Record<string, Value>>
  const lb = (b ?? []) as Array<Record<string, Value>>
  if (la.length !== lb.length) return true
  return la.some((item, i) => ids.some((f) => item[f] !== lb[i][f]))
}

/**
 * The oldest order an identity change would strand (any order but a quote: a quote asked under older params is
 * failed and asked again); undefined when none is in flight.
 */
export function orderInFlight(S: AgentState): string | undefined {
  let best: string | undefined
  for (const [id, o] of Object.entries(S.orders))
    if (o.kind !== 'quote' && (best === undefined || orderSeq(id) < orderSeq(best))) best = id
  return best
}
