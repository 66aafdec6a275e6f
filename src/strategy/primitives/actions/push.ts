import type { ActionPrimitive } from '../../../engine/runtime/types.ts'
import type { Value } from '../../expr.ts'

/** push: appends to a context ring buffer, dropping the oldest item when it holds `capacity`; twin of push.lua. */
export const pushAction: ActionPrimitive = {
  name: 'push',
  lua: 'actions/push.lua',
  args: { value: 'int' },
  luaDeps: ['coll.lua'],
  check(c) {
    const field = c.static?.ring ?? ''
    if (c.context[field] !== 'ring') {
      c.error(
        'type-mismatch',
        [...c.at, 'ring'],
        `push() needs a context ring buffer${field ? `, '${field}' is not one` : ''}`,
        'declare it as ring(n) in `context`',
      )
      return null
    }
    return { capacity: String(c.ringCapacity(field)), ring: field }
  },
  statics: ['ring', 'capacity'],
  run(rt, args, action) {
    // a new array: the strategy's initial context is shared by every run and must never change
    const ring = rt.S.context[action.static!.ring] as Value[]
    const keep = ring.length >= Number(action.static!.capacity) ? ring.slice(1) : ring.slice()
    rt.S.context[action.static!.ring] = [...keep, args.value]
  },
}
