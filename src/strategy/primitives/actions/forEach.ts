import type { ActionPrimitive } from '../ActionPrimitive.ts'

/** forEach: the body's actions for each item of a list (read once, before the first item); twin of for_each.lua. */
export const forEachAction: ActionPrimitive = {
  name: 'forEach',
  lua: 'actions/for_each.lua',
  args: 'dynamic',
  statics: ['depth'],
  loop: true,
  luaDeps: ['coll.lua'],
}
