import { AgentRuntimeError } from '../../../../errors/agent.ts'
import { addGatherItem } from '../../batch.ts'
import type { ActionRun, Order } from '../../types.ts'

/**
 * `quote` in the TS engine
 * (definition: src/strategy/primitives/actions/quote.ts; twin: lua/agent/actions/quote.lua).
 */
export const runQuote: ActionRun = (rt, args) => {
  const amountIn = args.amountIn as bigint
  if (amountIn <= 0n) throw new AgentRuntimeError('INVALID_QUANTITY', 'quote amount must be positive')
  // a new quote to the same pool supersedes an unanswered one, so they never pile up
  for (const [oid, o] of Object.entries(rt.S.orders))
    if (
      args.index === undefined &&
      o.kind === 'quote' &&
      o.pool === String(args.pool) &&
      o.batch === undefined
    )
      delete rt.S.orders[oid]
  const id = rt.nextOrderId()
  const ref = rt.send(String(args.pool), [
    { name: 'Action', value: 'Get-Swap-Output' },
    { name: 'Token', value: String(args.tokenIn) },
    { name: 'Quantity', value: amountIn.toString() },
    { name: 'Swapper', value: rt.selfId },
  ])
  const o: Order = {
    id,
    kind: 'quote',
    target: String(args.pool),
    pool: String(args.pool),
    tokenIn: String(args.tokenIn),
    amountIn: amountIn.toString(),
    sentAt: rt.now.toString(),
    ref,
    paramsRev: rt.S.paramsRev.toString(),
  }
  // inside quoteAll: one gathered item
  if (args.index !== undefined) addGatherItem(rt, args.index as bigint, o)
  rt.S.orders[id] = o
}
