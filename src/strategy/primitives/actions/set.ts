import type { ActionPrimitive } from '../../../engine/runtime/types.ts'
import type { Value } from '../../expr.ts'

/** set: stores an integer under a string key of a context map; twin of map_set.lua. */
export const setAction: ActionPrimitive = {
  name: 'set',
  lua: 'actions/map_set.lua',
  args: { key: 'str', value: 'int' },
  luaDeps: ['coll.lua'],
  check(c) {
    const field = c.static?.map ?? ''
    if (c.context[field] !== 'map') {
      c.error(
        'type-mismatch',
        [...c.at, 'map'],
        `set() needs a context map${field ? `, '${field}' is not one` : ''}`,
        'declare it as map() in `context`',
      )
      return null
    }
    return { map: field }
  },
  statics: ['map'],
  run(rt, args, action) {
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
  },
}
