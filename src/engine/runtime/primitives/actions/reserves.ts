import { AgentRuntimeError } from '../../../../errors/agent.ts'
import {
  DEFAULT_RESERVES_TIMEOUT_MS,
  MAX_RESERVES_TIMEOUT_MS,
  reservesTimer,
} from '../../../../strategy/primitives/actions/reserves.ts'
import type { ActionRun, AgentEvent, Rt } from '../../types.ts'
import { openPoolRead } from './openPoolRead.ts'

/**
 * `reserves` in the TS engine
 * (definition: src/strategy/primitives/actions/reserves.ts; twin: lua/agent/actions/reserves.lua).
 */
export const runReserves: ActionRun = (rt, args) => {
  const pool = String(args.pool)
  const timeout = (args.timeoutMs as bigint | undefined) ?? DEFAULT_RESERVES_TIMEOUT_MS
  if (timeout <= 0n || timeout > MAX_RESERVES_TIMEOUT_MS)
    throw new AgentRuntimeError('INVALID_QUANTITY', 'reserves timeout must be 1 ms to a day')
  openPoolRead(
    rt,
    { kind: 'reserves', pool, action: 'Get-Reserves', timeout, timer: reservesTimer },
    { tokenIn: String(args.tokenIn), tokenOut: String(args.tokenOut) },
  )
}

/** A due `reserves.<order>` timer: the pending read gives up, its late reply will be ignored. Twin of reserves.lua's. */
export function reservesTimeout(rt: Rt, timer: string): AgentEvent | null {
  const oid = timer.slice(reservesTimer('').length)
  const o = rt.S.orders[oid]
  if (o === undefined || o.kind !== 'reserves') return null
  delete rt.S.orders[oid]
  return {
    type: 'reserves.timeout',
    f: { order: oid, pool: o.pool, tokenIn: o.tokenIn, tokenOut: o.tokenOut },
  }
}
