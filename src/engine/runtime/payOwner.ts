import { tokenId } from './tokens.ts'
import type { Rt } from './types.ts'

/**
 * Pays `quantity` of the token booked under `name` to the owner: taken off the books when sent, tracked as a
 * `withdraw` order that its Debit-Notice (or a Transfer-Error) closes through a resync. The owner's `Withdraw` and the
 * `payOwner` action both book through here, so a payout can never raise the books above the ledger. Twin of
 * R.pay_owner in lua/agent/runtime.lua.
 */
export function payOwner(rt: Rt, name: string, quantity: bigint): string {
  const S = rt.S
  S.balances[name] -= quantity
  const id = rt.nextOrderId()
  const target = tokenId(rt.ir, S.params, name)
  const ref = rt.send(target, [
    { name: 'Action', value: 'Transfer' },
    { name: 'Recipient', value: S.owner },
    { name: 'Quantity', value: quantity.toString() },
    { name: 'X-Afk-Order', value: id },
  ])
  S.orders[id] = {
    id,
    kind: 'withdraw',
    target,
    tokenParam: name,
    amount: quantity.toString(),
    recipient: S.owner,
    sentAt: rt.now.toString(),
    ref,
  }
  return target
}
