import type { ActionPrimitive } from '../../runtime/types.ts'

/** assign: all values are evaluated against the old context, then written (as xstate's assign). */
export const assignAction: ActionPrimitive = {
  name: 'assign',
  lua: 'actions/assign.lua',
  args: 'dynamic',
  run(rt, args, action) {
    for (const [k] of action.args) rt.S.context[k] = args[k]
  },
}
