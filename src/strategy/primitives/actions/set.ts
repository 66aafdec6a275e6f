import type { ActionPrimitive } from '../ActionPrimitive.ts'

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
}
