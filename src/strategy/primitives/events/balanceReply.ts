import { parseAmount } from '../../int.ts'
import type { EventPrimitive } from '../../runtime/types.ts'

/** Balance reply about this agent; resets the available balance only when nothing is in flight on that token. */
export const balanceReplyEvent: EventPrimitive = {
  name: 'balance_reply',
  lua: 'events/balance_reply.lua',
  events: { balance: { token: 'str', tokenParam: 'str', balance: 'int' } },
  match(rt, msg) {
    if (msg.Balance === undefined || msg.Account !== rt.selfId) return null
    const S = rt.S
    const name = rt.tokenParam(msg.From)
    if (name === undefined) return null
    const b = parseAmount(msg.Balance, 'Balance')
    const busy = Object.values(S.orders).some((o) => o.kind !== 'quote' && o.tokenParam === name)
    if (!busy) S.balances[name] = b
    return { type: 'balance', f: { token: msg.From as string, tokenParam: name, balance: b } }
  },
}
