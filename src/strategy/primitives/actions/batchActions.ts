import type { ActionPrimitive } from '../ActionPrimitive.ts'

/**
 * quoteAll: one Get-Swap-Output per list item, gathered into one `quotes` event when every reply, verified failure
 * or the timeout is in. A halted agent sends nothing: its gather is empty and completes at once.
 */
export const quoteAllAction: ActionPrimitive = {
  name: 'quoteAll',
  lua: 'actions/quote_all.lua',
  args: 'dynamic',
  statics: ['depth'],
  loop: true,
  batchOf: 'quote',
  luaDeps: ['coll.lua'],
  replies: ['quotes'],
}

/**
 * swapAll: one swap per list item (an item whose amount is 0 is skipped), all in flight together; each outcome is a
 * swap.* event carrying the item's index, and `swaps.done` follows once all resolved or the timeout passed. A halted
 * agent sends nothing: its batch is empty and completes at once.
 */
export const swapAllAction: ActionPrimitive = {
  name: 'swapAll',
  lua: 'actions/swap_all.lua',
  args: 'dynamic',
  statics: ['depth'],
  loop: true,
  batchOf: 'swap',
  luaDeps: ['coll.lua'],
  replies: ['swaps.done'],
}
