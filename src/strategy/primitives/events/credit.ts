import { checkInt, parseAmount } from '../../int.ts'
import type { EventPrimitive } from '../../runtime/types.ts'

/** A Credit-Notice counts only when msg.From is a configured token process. */
export const creditEvent: EventPrimitive = {
  name: 'credit',
  lua: 'events/credit.lua',
  events: { credit: { token: 'str', tokenParam: 'str', quantity: 'int', sender: 'str' } },
  match(rt, msg) {
    if (msg.Action !== 'Credit-Notice') return null
    const name = rt.tokenParam(msg.From)
    if (name === undefined) return null
    const q = parseAmount(msg.Quantity, 'Quantity')
    rt.S.balances[name] = checkInt(rt.S.balances[name] + q)
    return {
      type: 'credit',
      f: { token: msg.From as string, tokenParam: name, quantity: q, sender: String(msg.Sender ?? '') },
    }
  },
}
