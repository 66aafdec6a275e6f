import { creditOf, startSync, wasSettled } from '../../sync.ts'
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
  const c = creditOf(S.balances[name], msg.Quantity)
  if (c === undefined || wasSettled(S, msg['X-Afk-Order'])) {
    startSync(rt, name)
    return 'handled'
  }
  S.balances[name] = c.balance
  return {
    type: 'credit',
    f: { token: msg.From as string, tokenParam: name, quantity: c.q, sender: String(msg.Sender ?? '') },
  }
}
