import { parseAmount } from '../../int.ts'
import { own } from '../../runtime/own.ts'
import type { AgentState, EventPrimitive } from '../../runtime/types.ts'

function ours(S: AgentState, oid: unknown): boolean {
  if (typeof oid !== 'string') return false
  const m = /^afk-([0-9]+)$/.exec(oid)
  return m !== null && m[1].length < 70 && BigInt(m[1]) <= S.seq
}

/** Debit-Notice from a configured token: settles the agent's own transfer (tagged X-Afk-Order, same amount). */
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
    const o = ours(S, oid) ? own(S.orders, oid) : undefined
    // settles our own transfer; untagged or mismatched notices change nothing (see debit.lua)
    if (o && o.target === msg.From && BigInt(o.amount ?? o.amountIn) === q) {
      if (o.kind === 'swap') o.debited = 'true'
      else delete S.orders[oid as string]
    }
    return {
      type: 'debit',
      f: { token: msg.From as string, tokenParam: name, quantity: q, recipient: String(msg.Recipient ?? '') },
    }
  },
}
