import type { ActionPrimitive } from '../ActionPrimitive.ts'

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
}
