import { parseAmount } from '../../../../strategy/int.ts'
import { startSync, tryAdd, wasSettled } from '../../sync.ts'
import type { EventMatch } from '../../types.ts'

/**
 * `credit` in the TS engine
 * (definition: src/strategy/primitives/events/credit.ts; twin: lua/agent/events/credit.lua).
 */
export const matchCredit: EventMatch = (rt, msg) => {
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
}
