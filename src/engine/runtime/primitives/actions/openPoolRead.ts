import { checkInt } from '../../../../strategy/int.ts'
import type { Order, Rt } from '../../types.ts'

/**
 * A timed read of a pool (poolInfo, reserves): drops an unanswered read of the same kind and pool with its timer, sends
 * `action`, and books the new read as an order whose `timer(id)` fires at now + timeout. Twin: `R.open_pool_read` in
 * lua/agent/runtime.lua.
 */
export function openPoolRead(
  rt: Rt,
  read: { kind: string; pool: string; action: string; timeout: bigint; timer: (order: string) => string },
  extra: Order = {},
): void {
  const S = rt.S
  for (const [oid, o] of Object.entries(S.orders))
    if (o.kind === read.kind && o.pool === read.pool) {
      delete S.orders[oid]
      delete S.timers[read.timer(oid)]
    }
  const id = rt.nextOrderId()
  const ref = rt.send(read.pool, [{ name: 'Action', value: read.action }])
  const deadline = checkInt(rt.now + read.timeout)
  S.orders[id] = {
    id,
    kind: read.kind,
    target: read.pool,
    pool: read.pool,
    ...extra,
    sentAt: rt.now.toString(),
    ref,
    deadline: deadline.toString(),
  }
  S.timers[read.timer(id)] = deadline
}
