import { AgentRuntimeError } from '../../../../errors/agent.ts'
import { addBatchOrder } from '../../batch.ts'
import { admitOrder } from '../../risk.ts'
import type { ActionRun, Order } from '../../types.ts'

/**
 * `swap` in the TS engine
 * (definition: src/strategy/primitives/actions/swap.ts; twin: lua/agent/actions/swap.lua).
 */
export const runSwap: ActionRun = (rt, args) => {
  const S = rt.S
  const name = rt.tokenParam(args.tokenIn)
  if (name === undefined || rt.tokenParam(args.tokenOut) === undefined)
    throw new AgentRuntimeError('UNKNOWN_TOKEN', 'swap tokens must be configured token params')
  const amountIn = args.amountIn as bigint
  const minOut = args.minOut as bigint
  // inside swapAll, an item with nothing to trade is skipped
  if (args.index !== undefined && amountIn === 0n) return
  if (amountIn <= 0n) throw new AgentRuntimeError('INVALID_QUANTITY', 'swap amount must be positive')
  if (minOut <= 0n) throw new AgentRuntimeError('INVALID_QUANTITY', 'swap min output must be positive')
  if (amountIn > S.balances[name])
    throw new AgentRuntimeError('INSUFFICIENT_FUNDS', 'swap exceeds the available balance')
  const admitted = admitOrder(rt, {
    kind: 'swap',
    tokenParam: name,
    token: String(args.tokenIn),
    tokenOut: String(args.tokenOut),
    amount: amountIn,
    minOut,
    ...(args.quoted !== undefined ? { quoted: args.quoted as bigint } : {}),
  })
  if (!admitted) return
  S.balances[name] -= amountIn
  const id = rt.nextOrderId()
  const ref = rt.send(String(args.tokenIn), [
    { name: 'Action', value: 'Transfer' },
    { name: 'Recipient', value: String(args.pool) },
    { name: 'Quantity', value: amountIn.toString() },
    { name: 'X-Action', value: 'Swap' },
    { name: 'X-Expected-Min-Output', value: minOut.toString() },
    { name: 'X-Afk-Order', value: id },
  ])
  const o: Order = {
    id,
    kind: 'swap',
    target: String(args.tokenIn),
    pool: String(args.pool),
    tokenIn: String(args.tokenIn),
    tokenOut: String(args.tokenOut),
    tokenParam: name,
    amountIn: amountIn.toString(),
    minOut: minOut.toString(),
    sentAt: rt.now.toString(),
    ref,
  }
  if (args.index !== undefined) addBatchOrder(rt, args.index as bigint, o)
  S.orders[id] = o
}
