import type { EventPrimitive } from '../EventPrimitive.ts'

/**
 * Reply to our Get-Swap-Output: from the order's pool, echoing our Reference, for our amount, under the params the
 * quote was built from. Error replies never cancel a quote (anyone can provoke them); Output = 0 is quote.failed.
 * Twin of quote_reply.lua.
 */
export const quoteReplyEvent: EventPrimitive = {
  name: 'quote_reply',
  lua: 'events/quote_reply.lua',
  events: {
    quote: { order: 'str', pool: 'str', tokenIn: 'str', amountIn: 'int', output: 'int', fee: 'int' },
    'quote.failed': { order: 'str', pool: 'str', tokenIn: 'str', amountIn: 'int', reason: 'str' },
    // raised by the gather of a quoteAll once complete (runtime/batch.ts)
    quotes: { total: 'int', answered: 'int', failed: 'int' },
  },
}
