import { normalizeTagName } from '../../../../ao/normalize.ts'
import { parseAmount } from '../../../../strategy/int.ts'
import { reservesTimer } from '../../../../strategy/primitives/actions/reserves.ts'
import type { EventMatch } from '../../types.ts'

/**
 * `reserves_reply` in the TS engine
 * (definition: src/strategy/primitives/events/reservesReply.ts; twin: lua/agent/events/reserves_reply.lua).
 */
export const matchReservesReply: EventMatch = (rt, msg) => {
  if (msg.Action !== 'Get-Reserves-Response') return null
  const S = rt.S
  const oid = Object.keys(S.orders).find((id) => {
    const o = S.orders[id]
    return o.kind === 'reserves' && o.pool === msg.From && o.ref === msg['X-Reference']
  })
  if (oid === undefined) return null
  const o = S.orders[oid]
  // past the deadline the read has timed out (reserves.timeout): the late reply is consumed, never read
  if (o.deadline !== undefined && rt.now >= BigInt(o.deadline)) return 'handled'
  const [kIn, kOut] = [normalizeTagName(o.tokenIn), normalizeTagName(o.tokenOut)]
  if (kIn === kOut || typeof msg[kIn] !== 'string' || typeof msg[kOut] !== 'string') return null
  const reserveIn = parseAmount(msg[kIn], 'reserve')
  const reserveOut = parseAmount(msg[kOut], 'reserve')
  delete S.orders[oid]
  delete S.timers[reservesTimer(oid)]
  return {
    type: 'reserves',
    f: { order: oid, pool: o.pool, tokenIn: o.tokenIn, tokenOut: o.tokenOut, reserveIn, reserveOut },
  }
}
