import { AgentRuntimeError } from '../../../../errors/agent.ts'
import type { ActionRun } from '../../types.ts'

/**
 * `transfer` in the TS engine
 * (definition: src/strategy/primitives/actions/transfer.ts; twin: lua/agent/actions/transfer.lua).
 */
export const runTransfer: ActionRun = (rt, args) => {
  const S = rt.S
  const name = rt.tokenParam(args.token)
  if (name === undefined)
    throw new AgentRuntimeError('UNKNOWN_TOKEN', `transfer of an unconfigured token ${String(args.token)}`)
  const q = args.quantity as bigint
  if (q <= 0n) throw new AgentRuntimeError('INVALID_QUANTITY', 'transfer quantity must be positive')
  if (q > S.balances[name])
    throw new AgentRuntimeError('INSUFFICIENT_FUNDS', 'transfer exceeds the available balance')
  S.balances[name] -= q
  const id = rt.nextOrderId()
  const ref = rt.send(String(args.token), [
    { name: 'Action', value: 'Transfer' },
    { name: 'Recipient', value: String(args.recipient) },
    { name: 'Quantity', value: q.toString() },
    { name: 'X-Afk-Order', value: id },
  ])
  S.orders[id] = {
    id,
    kind: 'transfer',
    target: String(args.token),
    tokenParam: name,
    amount: q.toString(),
    recipient: String(args.recipient),
    sentAt: rt.now.toString(),
    ref,
  }
}
