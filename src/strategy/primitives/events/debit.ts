import { checkInt, parseAmount } from '../../int.ts'
import type { AgentState, EventPrimitive } from '../../runtime/types.ts'

function ours(S: AgentState, oid: unknown): boolean {
  if (typeof oid !== 'string') return false
  const m = /^afk-([0-9]+)$/.exec(oid)
  return m !== null && m[1].length < 70 && BigInt(m[1]) <= S.seq
}

/** Debit-Notice from a configured token; our own transfers were already taken off when sent. */
export const debitEvent: EventPrimitive = {
  name: 'debit',
  lua: 'events/debit.lua',
  events: { debit: { token: 'str', tokenParam: 'str', quantity: 'int', recipient: 'str' } },
  match(rt, msg) {
    if (msg.Action !== 'Debit-Notice') return null
    const S = rt.S
    const name = rt.tokenParam(msg.From)
    if (name === undefined) return null
    const q = parseAmount(msg.Quantity, 'Quantity')
    const oid = msg['X-Afk-Order']
    if (ours(S, oid)) {
      const o = S.orders[oid as string]
      if (o && (o.kind === 'transfer' || o.kind === 'withdraw')) delete S.orders[oid as string]
    } else {
      S.balances[name] = checkInt(S.balances[name] - q)
    }
    return {
      type: 'debit',
      f: { token: msg.From as string, tokenParam: name, quantity: q, recipient: String(msg.Recipient ?? '') },
    }
  },
}
