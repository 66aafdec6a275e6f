import { checkReply } from '../../../engine/runtime/checkReply.ts'
import type { AgentEvent, EventPrimitive } from '../../../engine/runtime/types.ts'
import { askTimer } from '../actions/ask.ts'

/**
 * The reply to a pending ask: from the asked process, naming the request's Reference in X-Reference, echoing the
 * request tags the ask pinned, and before the deadline. Anything else is not a reply (a forged one from another
 * process, a replay of a consumed one, a late one: ignored). A reply at or past the deadline is consumed and the
 * timeout is raised instead. Its events are per strategy (`reply.<name>`, `.invalid`, `.timeout`), so `events`
 * lists none. Twin of events/ask_reply.lua.
 */
export const askReplyEvent: EventPrimitive = {
  name: 'ask_reply',
  lua: 'events/ask_reply.lua',
  events: {},
  linkedWith: 'ask',
  match(rt, msg): AgentEvent | 'handled' | null {
    const S = rt.S
    const ref = msg['X-Reference']
    if (typeof ref !== 'string') return null
    const oid = Object.keys(S.orders).find((id) => {
      const o = S.orders[id]
      return o.kind === 'ask' && o.target === msg.From && o.ref === ref
    })
    if (oid === undefined) return null
    const o = S.orders[oid]
    for (const k of Object.keys(o)) if (k.startsWith('echo:') && msg[k.slice(5)] !== o[k]) return 'handled'
    if (rt.now >= BigInt(o.deadline)) return 'handled'
    delete S.orders[oid]
    delete S.timers[askTimer(o.reply)]
    const r = checkReply(rt.ir.replies?.[o.reply] ?? [], msg)
    if (typeof r === 'string')
      return { type: `reply.${o.reply}.invalid`, f: { order: oid, from: o.target, reason: r } }
    return { type: `reply.${o.reply}`, f: { ...r, order: oid, from: o.target } }
  },
}
