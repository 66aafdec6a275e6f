import { startSync, tryAdd, wasSettled } from '../../../engine/runtime/sync.ts'
import type { EventPrimitive } from '../../../engine/runtime/types.ts'
import { parseAmount } from '../../int.ts'

/**
 * A Credit-Notice counts only when msg.From is a configured token process; the agent's own sync self-transfer arms
 * the sync, and a notice it cannot book or naming a settled order resyncs instead. Twin of credit.lua.
 */
export const creditEvent: EventPrimitive = {
  name: 'credit',
  lua: 'events/credit.lua',
  events: { credit: { token: 'str', tokenParam: 'str', quantity: 'int', sender: 'str' } },
  match(rt, msg) {
    if (msg.Action !== 'Credit-Notice') return null
    const S = rt.S
    const name = rt.tokenParam(msg.From)
    if (name === undefined) return null
    if (msg.Sender === rt.selfId) {
      const s = S.syncs[name]
      if (s !== undefined && msg['X-Afk-Sync'] === s.id) {
        s.armed = 'true'
        delete s.failed
      }
      return 'handled'
    }
    let q: bigint | undefined
    try {
      q = parseAmount(msg.Quantity, 'Quantity')
    } catch {
      q = undefined
    }
    const b = q === undefined ? undefined : tryAdd(S.balances[name], q)
    if (b === undefined || q === undefined || wasSettled(S, msg['X-Afk-Order'])) {
      startSync(rt, name)
      return 'handled'
    }
    S.balances[name] = b
    return {
      type: 'credit',
      f: { token: msg.From as string, tokenParam: name, quantity: q, sender: String(msg.Sender ?? '') },
    }
  },
}
