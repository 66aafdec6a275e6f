import type { Value } from '../../../../strategy/expr.ts'
import type { ActionRun } from '../../types.ts'

/**
 * `set` in the TS engine
 * (definition: src/strategy/primitives/actions/set.ts; twin: lua/agent/actions/map_set.lua).
 */
export const runSet: ActionRun = (rt, args, action) => {
  // a new record (the initial context is shared by every run), with an own data property even for keys such as
  // `__proto__`: Lua tables have no prototype either
  const m = { ...(rt.S.context[action.static!.map] as Record<string, Value>) }
  rt.S.context[action.static!.map] = m
  Object.defineProperty(m, args.key as string, {
    value: args.value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
}
