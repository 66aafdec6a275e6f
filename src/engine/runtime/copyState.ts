import type { Value } from '../../strategy/expr.ts'
import { clonePlain } from './clonePlain.ts'
import type { AgentState } from './types.ts'

/**
 * Tests set AFK_CHECK_SHARED=1 (vitest.config.ts): then every value a copy shares is deep-frozen, so code that changes
 * one in place throws a TypeError instead of silently corrupting a rollback. Not on by default: V8 copies frozen
 * arrays several times slower (a ring push on a frozen ring costs ~10×), and the invariant is the code's, not the
 * data's.
 */
const CHECK_SHARED = typeof process !== 'undefined' && process.env?.AFK_CHECK_SHARED === '1'

/**
 * The runtime's per-message rollback copy of the state. `context` and `params` hold values that are replaced, never
 * changed in place (push builds a new ring, set a new map, Update-Params a new params object), and they are most of
 * a strategy's state (DCA: six rings and a map): their values are shared, not copied. Everything else (orders,
 * syncs, batches, risk books: changed in place) is deep-copied.
 */
export function copyState(S: AgentState, checkShared = CHECK_SHARED): AgentState {
  const out: Record<string, unknown> = {}
  for (const k in S) {
    if (!Object.hasOwn(S, k)) continue
    const v = (S as unknown as Record<string, unknown>)[k]
    out[k] =
      k === 'context' || k === 'params' ? shared(v as Record<string, Value>, checkShared) : clonePlain(v)
  }
  return out as unknown as AgentState
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
