import type { EventPrimitive } from '../EventPrimitive.ts'

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
}
