import { orderSeq, settle, startSync } from '../../../engine/runtime/sync.ts'
import type { EventPrimitive } from '../../../engine/runtime/types.ts'
import { byteOrder } from '../../../protocols/stableJson.ts'
import { checkInt, parseAmount } from '../../int.ts'

/**
 * Balance reply that completes a sync (echoes its Balance Reference, after its self-transfer's Credit-Notice):
 * settles orders sent before the sync and subtracts those sent since. Any other Balance reply is dropped. Twin of
 * balance_reply.lua.
 */
export const balanceReplyEvent: EventPrimitive = {
  name: 'balance_reply',
  lua: 'events/balance_reply.lua',
  events: { balance: { token: 'str', tokenParam: 'str', balance: 'int' } },
  match(rt, msg) {
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
  },
}
