import { isCollection } from '../../collections.ts'
import type { ActionPrimitive } from '../ActionPrimitive.ts'

/** assign: all values are evaluated against the old context, then written (as xstate's assign). */
export const assignAction: ActionPrimitive = {
  name: 'assign',
  lua: 'actions/assign.lua',
  args: 'dynamic',
  check(c) {
    for (const n of c.supplied) {
      const ty = c.types[n]
      if (ty === undefined) continue
      const want = c.context[n]
      if (!want)
        c.error(
          'unknown-context',
          [...c.at, n],
          `assign to undeclared context field '${n}'`,
          'declare it in `context`',
        )
      else if (isCollection(want))
        c.error(
          'type-mismatch',
          [...c.at, n],
          `context '${n}' is a ${want}: assign cannot replace it`,
          want === 'ring' ? 'add items with push()' : 'write entries with set()',
        )
      else if (want !== ty)
        c.error('type-mismatch', [...c.at, n], `context '${n}' is ${want}, assigned ${ty}`)
    }
    return undefined
  },
}
