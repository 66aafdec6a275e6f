import { AgentRuntimeError, checkInt } from '../../int.ts'
import type { ActionPrimitive, AgentEvent, Rt } from '../../runtime/types.ts'

/** Longest a poolInfo read may wait for its reply: a day, as for ask() (orders expire after a week anyway). */
export const MAX_INFO_TIMEOUT_MS = 86_400_000n
/** The timer of pending read `order` (a dot keeps it apart from scheduleTimeout names, which have none). */
export const infoTimer = (order: string) => `info.${order}`

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
  run(rt, args) {
    const pool = String(args.pool)
    const timeout = args.timeoutMs as bigint
    if (timeout <= 0n || timeout > MAX_INFO_TIMEOUT_MS)
      throw new AgentRuntimeError('INVALID_QUANTITY', 'poolInfo timeout must be 1 ms to a day')
    const S = rt.S
    for (const [oid, o] of Object.entries(S.orders))
      if (o.kind === 'info' && o.pool === pool) {
        delete S.orders[oid]
        delete S.timers[infoTimer(oid)]
      }
    const id = rt.nextOrderId()
    const ref = rt.send(pool, [{ name: 'Action', value: 'Info' }])
    const deadline = checkInt(rt.now + timeout)
    S.orders[id] = {
      id,
      kind: 'info',
      target: pool,
      pool,
      sentAt: rt.now.toString(),
      ref,
      deadline: deadline.toString(),
    }
    S.timers[infoTimer(id)] = deadline
  },
}

/** A due `info.<order>` timer: the pending read gives up, its late reply will be ignored. Twin of pool_info.lua's. */
export function poolInfoTimeout(rt: Rt, timer: string): AgentEvent | null {
  const oid = timer.slice('info.'.length)
  const o = rt.S.orders[oid]
  if (o === undefined || o.kind !== 'info') return null
  delete rt.S.orders[oid]
  return { type: 'info.timeout', f: { order: oid, pool: o.pool } }
}
