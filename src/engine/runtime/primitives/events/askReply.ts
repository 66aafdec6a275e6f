import { askTimer } from '../../../../strategy/primitives/actions/ask.ts'
import { checkReply } from '../../checkReply.ts'
import type { AgentEvent, EventMatch } from '../../types.ts'

/**
 * `ask_reply` in the TS engine
 * (definition: src/strategy/primitives/events/askReply.ts; twin: lua/agent/events/ask_reply.lua).
 */
export const matchAskReply: EventMatch = (rt, msg): AgentEvent | 'handled' | null => {
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
}
