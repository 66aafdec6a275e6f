import type { ActionPrimitive } from '../../../engine/runtime/types.ts'

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
  run(rt, args) {
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
  },
}
