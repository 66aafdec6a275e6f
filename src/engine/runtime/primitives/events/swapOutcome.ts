import type { Value } from '../../../../strategy/expr.ts'
import { orderIndex, resolveBatchOrder } from '../../batch.ts'
import { own } from '../../own.ts'
import { creditOf, settle, startSync } from '../../sync.ts'
import type { EventMatch } from '../../types.ts'

/**
 * `swap_outcome` in the TS engine
 * (definition: src/strategy/primitives/events/swapOutcome.ts; twin: lua/agent/events/swap_outcome.lua).
 */
export const matchSwapOutcome: EventMatch = (rt, msg) => {
  if (msg.Action !== 'Credit-Notice') return null
  const S = rt.S
  const name = rt.tokenParam(msg.From)
  if (name === undefined) return null
  const oid = msg['X-Afk-Order']
  const o = own(S.orders, oid)
  if (o?.kind !== 'swap' || msg.Sender !== o.pool) return null
  const f: Record<string, Value> = {
    order: oid as string,
    pool: o.pool,
    tokenIn: o.tokenIn,
    tokenOut: o.tokenOut,
    amountIn: BigInt(o.amountIn),
    minOut: BigInt(o.minOut),
    index: orderIndex(o),
  }
  const fill = msg.From === o.tokenOut && msg['X-Action'] === 'Swap-Output'
  const refund =
    msg.From === o.tokenIn && (msg['X-Refund-Reason'] !== undefined || msg['X-Refunded-Order'] !== undefined)
  if (!fill && !refund) return null
  delete S.orders[oid as string]
  settle(S, oid as string)
  resolveBatchOrder(S, o, fill ? 'filled' : 'refunded')
  // an amount the agent cannot book: the order is settled and the token resynced instead
  const c = creditOf(S.balances[name], msg.Quantity)
  if (c === undefined) {
    startSync(rt, name)
    return 'handled'
  }
  S.balances[name] = c.balance
  const q = c.q
  if (fill) {
    f.amountOut = q
    return { type: 'swap.filled', f }
  }
  f.refunded = q
  f.reason = String(msg['X-Refund-Reason'] ?? '')
  return { type: 'swap.refunded', f }
}
