import type { ActionRun } from '../../types.ts'

/**
 * `assign` in the TS engine
 * (definition: src/strategy/primitives/actions/assign.ts; twin: lua/agent/actions/assign.lua).
 */
export const runAssign: ActionRun = (rt, args, action) => {
  for (const [k] of action.args) rt.S.context[k] = args[k]
}
