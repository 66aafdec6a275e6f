import type { Value } from '../../expr.ts'
import type { ActionPrimitive } from '../../runtime/types.ts'

/** push: appends to a context ring buffer, dropping the oldest item when it holds `capacity`; twin of push.lua. */
export const pushAction: ActionPrimitive = {
  name: 'push',
  lua: 'actions/push.lua',
  args: { value: 'int' },
  statics: ['ring', 'capacity'],
  run(rt, args, action) {
    // a new array: the strategy's initial context is shared by every run and must never change
    const ring = rt.S.context[action.static!.ring] as Value[]
    const keep = ring.length >= Number(action.static!.capacity) ? ring.slice(1) : ring.slice()
    rt.S.context[action.static!.ring] = [...keep, args.value]
  },
}
