import type { Value } from '../../../../strategy/expr.ts'
import type { ActionRun } from '../../types.ts'

/**
 * `push` in the TS engine
 * (definition: src/strategy/primitives/actions/push.ts; twin: lua/agent/actions/push.lua).
 */
export const runPush: ActionRun = (rt, args, action) => {
  // a new array: the strategy's initial context is shared by every run and must never change
  const ring = rt.S.context[action.static!.ring] as Value[]
  const keep = ring.length >= Number(action.static!.capacity) ? ring.slice(1) : ring.slice()
  rt.S.context[action.static!.ring] = [...keep, args.value]
}
