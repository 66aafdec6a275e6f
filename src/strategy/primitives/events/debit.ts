import { own } from '../../../engine/runtime/own.ts'
import { startSync } from '../../../engine/runtime/sync.ts'
import type { EventPrimitive } from '../../../engine/runtime/types.ts'
import { parseAmount } from '../../int.ts'

/**
 * Debit-Notice from a configured token: never moves the books (anyone can provoke one); a matching notice marks
 * the order debited and a withdraw or transfer is closed by a resync. Twin of debit.lua.
 */
export const debitEvent: EventPrimitive = {
  name: 'debit',
  lua: 'events/debit.lua',
  events: { debit: { token: 'str', tokenParam: 'str', quantity: 'int', recipient: 'str' } },
  match(rt, msg) {
    if (msg.Action !== 'Debit-Notice') return null
    const S = rt.S
    const name = rt.tokenParam(msg.From)
    if (name === undefined) return null
    let q: bigint
    try {
      q = parseAmount(msg.Quantity, 'Quantity')
    } catch {
      return 'handled'
    }
    const o = own(S.orders, msg['X-Afk-Order'])
    if (
      o !== undefined &&
      o.kind !== 'quote' &&
      o.debited === undefined &&
      o.target === msg.From &&
      o.ref === msg['X-Reference'] &&
      BigInt(o.amount ?? o.amountIn) === q &&
      msg.Recipient === (o.recipient ?? o.pool)
    ) {
      o.debited = 'true'
      if (o.kind !== 'swap') startSync(rt, name)
    }
    return {
      type: 'debit',
      f: { token: msg.From as string, tokenParam: name, quantity: q, recipient: String(msg.Recipient ?? '') },
    }
  },
}
