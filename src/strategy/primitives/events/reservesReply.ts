import { normalizeTagName } from '../../../ao/normalize.ts'
import type { EventPrimitive } from '../../../engine/runtime/types.ts'
import { parseAmount } from '../../int.ts'

/**
 * Reply to our Get-Reserves: from the order's pool, echoing our Reference. The real pool names each reserve tag by
 * its token id, and aos normalizes tag names (`_` → `-`, capitalized words), so each is read under its token's
 * normalized id; a reply without both (or where both ids normalize alike) is not ours to read. Reserves are public
 * facts: a stranger who makes the pool answer with our Reference only makes us read them earlier. Twin of
 * reserves_reply.lua.
 */
export const reservesReplyEvent: EventPrimitive = {
  name: 'reserves_reply',
  lua: 'events/reserves_reply.lua',
  events: {
    reserves: {
      order: 'str',
      pool: 'str',
      tokenIn: 'str',
      tokenOut: 'str',
      reserveIn: 'int',
      reserveOut: 'int',
    },
  },
  match(rt, msg) {
    if (msg.Action !== 'Get-Reserves-Response') return null
    const S = rt.S
    const oid = Object.keys(S.orders).find((id) => {
      const o = S.orders[id]
      return o.kind === 'reserves' && o.pool === msg.From && o.ref === msg['X-Reference']
    })
    if (oid === undefined) return null
    const o = S.orders[oid]
    const [kIn, kOut] = [normalizeTagName(o.tokenIn), normalizeTagName(o.tokenOut)]
    if (kIn === kOut || typeof msg[kIn] !== 'string' || typeof msg[kOut] !== 'string') return null
    const reserveIn = parseAmount(msg[kIn], 'reserve')
    const reserveOut = parseAmount(msg[kOut], 'reserve')
    delete S.orders[oid]
    return {
      type: 'reserves',
      f: { order: oid, pool: o.pool, tokenIn: o.tokenIn, tokenOut: o.tokenOut, reserveIn, reserveOut },
    }
  },
}
