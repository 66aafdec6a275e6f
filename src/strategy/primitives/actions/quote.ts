import type { ActionPrimitive } from '../ActionPrimitive.ts'

/** quote: Get-Swap-Output from a Botega pool (fees included); the reply becomes a `quote` event. */
export const quoteAction: ActionPrimitive = {
  name: 'quote',
  lua: 'actions/quote.lua',
  replies: ['quote', 'quote.failed'],
  halts: true,
  args: { pool: 'str', tokenIn: 'str', amountIn: 'int', index: 'int?' },
}
