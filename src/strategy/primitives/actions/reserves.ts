import type { ActionPrimitive } from '../ActionPrimitive.ts'

/** How long a reserves read waits for its reply when the strategy names no `timeoutMs`: a minute. */
export const DEFAULT_RESERVES_TIMEOUT_MS = 60_000n
/** Longest a reserves read may wait: a day, as for poolInfo() and ask() (orders expire after a week anyway). */
export const MAX_RESERVES_TIMEOUT_MS = 86_400_000n
/** The prefix of a pending read's timer (a dot keeps it apart from scheduleTimeout names, which have none). */
export const RESERVES_TIMER_PREFIX = 'reserves'
/** The timer of pending read `order`. */
export const reservesTimer = (order: string) => `${RESERVES_TIMER_PREFIX}.${order}`

/**
 * reserves: Get-Reserves to a Botega pool (a read, no funds move); the reply becomes a `reserves` event with the
 * reserves of `tokenIn` and `tokenOut`, or `reserves.timeout` after `timeoutMs` (default a minute) drops the read, so
 * a pool that never answers does not hold an order open (which would block Update-Params of process params). A new
 * read of the same pool replaces an unanswered one. Runs while halted. Twin of reserves.lua.
 */
export const reservesAction: ActionPrimitive = {
  name: 'reserves',
  lua: 'actions/reserves.lua',
  replies: ['reserves', 'reserves.timeout'],
  // not skipped while halted, as poolInfo: it moves nothing and times out by itself, so a waiting state moves on
  args: { pool: 'str', tokenIn: 'str', tokenOut: 'str', timeoutMs: 'int?' },
}
