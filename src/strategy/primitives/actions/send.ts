import type { ActionPrimitive } from '../../runtime/types.ts'

/** send: a message with an Action and custom tags (args `tag:<Name>`, sorted by name). */
export const sendAction: ActionPrimitive = {
  name: 'send',
  lua: 'actions/send.lua',
  args: 'dynamic',
  run(rt, args, action) {
    const tags = [{ name: 'Action', value: String(args.action) }]
    for (const [k] of action.args) {
      const m = /^tag:(.+)$/.exec(k)
      if (m) tags.push({ name: m[1], value: String(args[k]) })
    }
    rt.send(String(args.target), tags, args.data !== undefined ? String(args.data) : '')
  },
}
