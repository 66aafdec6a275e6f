import type { ActionRun } from '../../types.ts'

/**
 * `reserves` in the TS engine
 * (definition: src/strategy/primitives/actions/reserves.ts; twin: lua/agent/actions/reserves.lua).
 */
export const runReserves: ActionRun = (rt, args) => {
  const pool = String(args.pool)
  for (const [oid, o] of Object.entries(rt.S.orders))
    if (o.kind === 'reserves' && o.pool === pool) delete rt.S.orders[oid]
  const id = rt.nextOrderId()
  const ref = rt.send(pool, [{ name: 'Action', value: 'Get-Reserves' }])
  rt.S.orders[id] = {
    id,
    kind: 'reserves',
    target: pool,
    pool,
    tokenIn: String(args.tokenIn),
    tokenOut: String(args.tokenOut),
    sentAt: rt.now.toString(),
    ref,
  }
}
