import { byteOrder } from '../../../../protocols/stableJson.ts'
import { checkInt, parseAmount } from '../../../../strategy/int.ts'
import { orderSeq, settle, startSync } from '../../sync.ts'
import type { EventMatch } from '../../types.ts'

/**
 * `balance_reply` in the TS engine
 * (definition: src/strategy/primitives/events/balanceReply.ts; twin: lua/agent/events/balance_reply.lua).
 */
export const matchBalanceReply: EventMatch = (rt, msg) => {
  if (msg.Balance === undefined || msg.Account !== rt.selfId) return null
  const S = rt.S
  const name = rt.tokenParam(msg.From)
  if (name === undefined) return null
  const s = S.syncs[name]
  if (s === undefined || s.armed !== 'true' || msg['X-Reference'] !== s.balRef) return 'handled'
  let v: bigint
  try {
    v = parseAmount(msg.Balance, 'Balance')
  } catch {
    return 'handled'
  }
  const since = orderSeq(s.id)
  const ids = Object.keys(S.orders)
    .filter((id) => S.orders[id].kind !== 'quote' && S.orders[id].tokenParam === name)
    .sort(byteOrder)
  let inflight = 0n
  for (const id of ids) {
    const o = S.orders[id]
    if (orderSeq(id) > since) inflight = checkInt(inflight + BigInt(o.amount ?? o.amountIn))
    else if (o.kind === 'swap' && o.errored === undefined) o.debited = 'true'
    else {
      delete S.orders[id]
      settle(S, id)
    }
  }
  let b = checkInt(v - inflight)
  if (b < 0n) b = 0n
  S.balances[name] = b
  delete S.syncs[name]
  if (s.again === 'true') startSync(rt, name)
  return { type: 'balance', f: { token: msg.From as string, tokenParam: name, balance: b } }
}
