import type { ActionPrimitive } from '../ActionPrimitive.ts'

/** Longest a poolInfo read may wait for its reply: a day, as for ask() (orders expire after a week anyway). */
export const MAX_INFO_TIMEOUT_MS = 86_400_000n
/** The prefix of a pending read's timer (a dot keeps it apart from scheduleTimeout names, which have none). */
export const INFO_TIMER_PREFIX = 'info'
/** The timer of pending read `order`. */
export const infoTimer = (order: string) => `${INFO_TIMER_PREFIX}.${order}`

/**
 * poolInfo: `Info` to a Botega pool (a read, no funds move); its reply raises `info` (the pair, the fee, the LP
 * supply), `info.failed` (the pool answered something unusable) or `info.timeout` after `timeoutMs`. A new read of
 * the same pool replaces an unanswered one. Not skipped while halted: it moves nothing and carries its own timeout,
 * so a halted agent never waits for an event that cannot come. Twin of actions/pool_info.lua.
 */
export const poolInfoAction: ActionPrimitive = {
  name: 'poolInfo',
  lua: 'actions/pool_info.lua',
  replies: ['info', 'info.failed', 'info.timeout'],
  args: { pool: 'str', timeoutMs: 'int' },
}
