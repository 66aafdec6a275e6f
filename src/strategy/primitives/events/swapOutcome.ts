import { orderIndex, resolveBatchOrder } from '../../../engine/runtime/batch.ts'
import { own } from '../../../engine/runtime/own.ts'
import { settle, startSync, tryAdd } from '../../../engine/runtime/sync.ts'
import type { EventPrimitive } from '../../../engine/runtime/types.ts'
import type { Value } from '../../expr.ts'
import { parseAmount } from '../../int.ts'

/** Botega fill or refund of one of our swap orders; twin of lua/agent/events/swap_outcome.lua. */
export const swapOutcomeEvent: EventPrimitive = {
  name: 'swap_outcome',
  lua: 'events/swap_outcome.lua',
  events: {
    'swap.filled': {
      order: 'str',
      pool: 'str',
      tokenIn: 'str',
      tokenOut: 'str',
      amountIn: 'int',
      minOut: 'int',
      amountOut: 'int',
      index: 'int',
    },
    'swap.refunded': {
      order: 'str',
      pool: 'str',
      tokenIn: 'str',
      tokenOut: 'str',
      amountIn: 'int',
      minOut: 'int',
      refunded: 'int',
      reason: 'str',
      index: 'int',
    },
    // raised by a swapAll batch once every order resolved or its timeout passed (runtime/batch.ts)
    'swaps.done': { total: 'int', filled: 'int', refunded: 'int', failed: 'int', pending: 'int' },
  },
  match(rt, msg) {
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
      msg.From === o.tokenIn &&
      (msg['X-Refund-Reason'] !== undefined || msg['X-Refunded-Order'] !== undefined)
    if (!fill && !refund) return null
    delete S.orders[oid as string]
    settle(S, oid as string)
    resolveBatchOrder(S, o, fill ? 'filled' : 'refunded')
    // an amount the agent cannot book: the order is settled and the token resynced instead
    let q: bigint | undefined
    try {
      q = parseAmount(msg.Quantity, 'Quantity')
    } catch {
      q = undefined
    }
    const b = q === undefined ? undefined : tryAdd(S.balances[name], q)
    if (q === undefined || b === undefined) {
      startSync(rt, name)
      return 'handled'
    }
    S.balances[name] = b
    if (fill) {
      f.amountOut = q
      return { type: 'swap.filled', f }
    }
    f.refunded = q
    f.reason = String(msg['X-Refund-Reason'] ?? '')
    return { type: 'swap.refunded', f }
  },
}
