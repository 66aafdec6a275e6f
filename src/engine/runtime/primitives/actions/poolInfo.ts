import { AgentRuntimeError } from '../../../../errors/agent.ts'
import { checkInt } from '../../../../strategy/int.ts'
import { infoTimer, MAX_INFO_TIMEOUT_MS } from '../../../../strategy/primitives/actions/poolInfo.ts'
import type { ActionRun, AgentEvent, Rt } from '../../types.ts'

/**
 * `poolInfo` in the TS engine
 * (definition: src/strategy/primitives/actions/poolInfo.ts; twin: lua/agent/actions/pool_info.lua).
 */
export const runPoolInfo: ActionRun = (rt, args) => {
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
}

/** A due `info.<order>` timer: the pending read gives up, its late reply will be ignored. Twin of pool_info.lua's. */
export function poolInfoTimeout(rt: Rt, timer: string): AgentEvent | null {
  const oid = timer.slice(infoTimer('').length)
  const o = rt.S.orders[oid]
  if (o === undefined || o.kind !== 'info') return null
  delete rt.S.orders[oid]
  return { type: 'info.timeout', f: { order: oid, pool: o.pool } }
}
