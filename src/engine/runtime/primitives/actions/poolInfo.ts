import { AgentRuntimeError } from '../../../../errors/agent.ts'
import { infoTimer, MAX_INFO_TIMEOUT_MS } from '../../../../strategy/primitives/actions/poolInfo.ts'
import type { ActionRun, AgentEvent, Rt } from '../../types.ts'
import { openPoolRead } from './openPoolRead.ts'

/**
 * `poolInfo` in the TS engine
 * (definition: src/strategy/primitives/actions/poolInfo.ts; twin: lua/agent/actions/pool_info.lua).
 */
export const runPoolInfo: ActionRun = (rt, args) => {
  const pool = String(args.pool)
  const timeout = args.timeoutMs as bigint
  if (timeout <= 0n || timeout > MAX_INFO_TIMEOUT_MS)
    throw new AgentRuntimeError('INVALID_QUANTITY', 'poolInfo timeout must be 1 ms to a day')
  openPoolRead(rt, { kind: 'info', pool, action: 'Info', timeout, timer: infoTimer })
}

/** A due `info.<order>` timer: the pending read gives up, its late reply will be ignored. Twin of pool_info.lua's. */
export function poolInfoTimeout(rt: Rt, timer: string): AgentEvent | null {
  const oid = timer.slice(infoTimer('').length)
  const o = rt.S.orders[oid]
  if (o === undefined || o.kind !== 'info') return null
  delete rt.S.orders[oid]
  return { type: 'info.timeout', f: { order: oid, pool: o.pool } }
}
