import type { EventPrimitive } from '../EventPrimitive.ts'

/**
 * Transfer-Error correlated to our order by X-Reference. Anyone can provoke one, so nothing is credited back: the
 * order is marked errored and the token resynced. Twin of lua/agent/events/transfer_error.lua.
 */
export const transferErrorEvent: EventPrimitive = {
  name: 'transfer_error',
  lua: 'events/transfer_error.lua',
  events: {
    'transfer.error': { token: 'str', tokenParam: 'str', reason: 'str' },
    'swap.failed': {
      order: 'str',
      pool: 'str',
      tokenIn: 'str',
      tokenOut: 'str',
      amountIn: 'int',
      reason: 'str',
      index: 'int',
    },
    'transfer.failed': { order: 'str', token: 'str', quantity: 'int', reason: 'str' },
  },
}
