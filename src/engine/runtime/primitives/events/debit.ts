import { parseAmount } from '../../../../strategy/int.ts'
import { own } from '../../own.ts'
import { startSync } from '../../sync.ts'
import type { EventMatch } from '../../types.ts'

/**
 * `debit` in the TS engine
 * (definition: src/strategy/primitives/events/debit.ts; twin: lua/agent/events/debit.lua).
 */
export const matchDebit: EventMatch = (rt, msg) => {
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
}
