import type { ActionPrimitive } from '../ActionPrimitive.ts'

/**
 * swap (Botega dialect): Transfer to the pool with X-Action=Swap, X-Expected-Min-Output and our X-Afk-Order tag,
 * which the token and pool echo on the fill or refund. `quoted` (the quote minOut was derived from) feeds the
 * strategy's slippage budget; every swap passes the risk controls (runtime/risk.ts) first.
 */
export const swapAction: ActionPrimitive = {
  name: 'swap',
  lua: 'actions/swap.lua',
  replies: ['swap.filled', 'swap.refunded', 'swap.failed'],
  halts: true,
  args: {
    pool: 'str',
    tokenIn: 'str',
    tokenOut: 'str',
    amountIn: 'int',
    minOut: 'int',
    quoted: 'int?',
    index: 'int?',
  },
}
