import type { ActionPrimitive } from '../ActionPrimitive.ts'

/**
 * reserves: Get-Reserves to a Botega pool (a read, no funds move); the reply becomes a `reserves` event with the
 * reserves of `tokenIn` and `tokenOut`. A new read of the same pool replaces an unanswered one. Twin of reserves.lua.
 */
export const reservesAction: ActionPrimitive = {
  name: 'reserves',
  lua: 'actions/reserves.lua',
  replies: ['reserves'],
  halts: true,
  args: { pool: 'str', tokenIn: 'str', tokenOut: 'str' },
}
