import { normalizeTagName } from '../../../ao/normalize.ts'
import type { ActionPrimitive } from '../ActionPrimitive.ts'

/** send: a message with an Action and custom tags (args `tag:<Name>`, sorted by name). */
export const sendAction: ActionPrimitive = {
  name: 'send',
  lua: 'actions/send.lua',
  halts: true,
  args: 'dynamic',
  check(c) {
    for (const n of c.supplied) {
      const ty = c.types[n]
      if (ty === undefined) continue
      if ((n === 'target' || n === 'action' || n === 'data') && ty !== 'str')
        c.error('type-mismatch', [...c.at, n], `${n} must be a string`)
      const tag = /^tag:(.+)$/.exec(n)?.[1]
      if (tag && normalizeTagName(tag) !== tag)
        c.warn(
          'tag-name-normalized',
          [...c.at, n],
          `the receiving aos module renames tag '${tag}' to '${normalizeTagName(tag)}'`,
          `name it '${normalizeTagName(tag)}'`,
        )
    }
    for (const n of ['target', 'action'])
      if (!c.supplied.includes(n)) c.error('invalid-action-args', c.at, `send() needs '${n}'`)
    return undefined
  },
}
