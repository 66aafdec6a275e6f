import type { Value } from '../../strategy/expr.ts'
import { clonePlain } from './clonePlain.ts'
import type { AgentState, Order } from './types.ts'

/**
 * Tests set AFK_CHECK_SHARED=1 (vitest.config.ts): then every value a copy shares is deep-frozen, so code that changes
 * one in place throws a TypeError instead of silently corrupting a rollback, and the state's shape is checked against
 * what this copy assumes (see `checkShape`). Not on by default: V8 copies frozen arrays several times slower (a ring
 * push on a frozen ring costs ~10×), and the invariant is the code's, not the data's.
 */
const CHECK_SHARED = typeof process !== 'undefined' && process.env?.AFK_CHECK_SHARED === '1'

/**
 * The runtime's per-message rollback copy of the state. `context` holds values that are replaced, never changed in
 * place (push builds a new ring, set a new map), and `params` and `settled` are themselves replaced (Update-Params
 * builds a new params object, a settle a new list); they are most of a strategy's state (DCA: six rings and a map):
 * their values are shared, not copied. Everything else (orders,
 * syncs, batches, risk books: changed in place) is deep-copied, by the shape each field has (a record of flat
 * records, a flat record, a list of strings) rather than by a generic walk: this runs on every message.
 */
export function copyState(S: AgentState, checkShared = CHECK_SHARED): AgentState {
  if (checkShared) checkShape(S)
  // the top level: primitives copied, containers replaced below (a spread of a plain object is V8's fast clone)
  const out = { ...S }
  out.context = shared(S.context, checkShared)
  // params is never changed in place at all (Update-Params builds a new object): the copy shares the object itself
  if (checkShared && !Object.isFrozen(S.params)) deepFreeze(S.params)
  out.orders = copyRecords(S.orders)
  out.syncs = copyRecords(S.syncs)
  out.timers = { ...S.timers }
  out.balances = { ...S.balances }
  // replaced, never changed in place (sync.ts `settle`): shared like params
  if (checkShared && !Object.isFrozen(S.settled)) Object.freeze(S.settled)
  if (S.risk !== undefined) out.risk = clonePlain(S.risk)
  if (S.gather !== undefined) out.gather = clonePlain(S.gather)
  if (S.batch !== undefined) out.batch = clonePlain(S.batch)
  return out
}

/**
 * A record of orders, each a flat record of strings: one spread per order. The record is a dictionary-mode object
 * when it has keys (see `dictionary`): they are order ids, a new one every few messages.
 */
function copyRecords(r: Record<string, Order>): Record<string, Order> {
  let out: Record<string, Order> | undefined
  for (const k in r) {
    if (!Object.hasOwn(r, k)) continue
    out ??= dictionary<Order>()
    const o = { ...r[k] }
    // an own "__proto__" key (a name from a message) must stay data, never become the prototype
    if (k === '__proto__')
      Object.defineProperty(out, k, { value: o, enumerable: true, writable: true, configurable: true })
    else out[k] = o
  }
  return out ?? {}
}

/**
 * An empty plain object in V8's dictionary mode (deleting a property that is not the last one puts it there). In the
 * default mode each distinct set of keys is a hidden class of its own: keyed by order ids (`afk-1`, `afk-2`, …), every
 * new id made a new class (for the live record and for each copy), and adding one among the thousands of transitions
 * a long replay leaves cost microseconds. Only a performance hint: the object behaves exactly like `{}`.
 */
export function dictionary<T>(): Record<string, T> {
  const o: Record<string, unknown> = { a: 0, b: 0 }
  delete o.a
  delete o.b
  return o as Record<string, T>
}

/** The fields `copyState` deep-copies by a rule of its own; every other field must hold a primitive. */
const COPIED = new Set([
  'context',
  'params',
  'orders',
  'syncs',
  'timers',
  'balances',
  'settled',
  'risk',
  'gather',
  'batch',
])

/**
 * When checking: the state has the shape `copyState` relies on (a new field holding an object, an order or sync
 * holding a nested value, a timer or balance that is not a bigint would be shared by the copy and fails here).
 */
function checkShape(S: AgentState): void {
  const fail = (what: string) => {
    throw new Error(`copyState: ${what} (the rollback copy would share it; teach copyState.ts its shape)`)
  }
  for (const k in S) {
    const v = (S as unknown as Record<string, unknown>)[k]
    if (!COPIED.has(k) && typeof v === 'object' && v !== null) fail(`state field "${k}" holds an object`)
  }
  for (const [name, r] of [
    ['orders', S.orders],
    ['syncs', S.syncs],
  ] as const)
    for (const id in r)
      for (const f in r[id])
        if (typeof r[id][f] === 'object' && r[id][f] !== null) fail(`${name}.${id}.${f} holds an object`)
  for (const [name, r] of [
    ['timers', S.timers],
    ['balances', S.balances],
  ] as const)
    for (const k in r) if (typeof r[k] !== 'bigint') fail(`${name}.${k} is not an integer`)
  if (!Array.isArray(S.settled) || S.settled.some((x) => typeof x !== 'string'))
    fail('settled is not a list of ids')
}

/** A shallow copy of a record whose values are immutable by convention (frozen when checking). */
function shared(r: Record<string, Value>, check: boolean): Record<string, Value> {
  // spread defines own data properties: an own "__proto__" key (a name from a message) stays data
  const out = { ...r }
  if (check)
    for (const k in out) {
      const v = out[k]
      if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) deepFreeze(v)
    }
  return out
}

function deepFreeze(v: object): void {
  Object.freeze(v)
  for (const x of Object.values(v))
    if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) deepFreeze(x)
}
