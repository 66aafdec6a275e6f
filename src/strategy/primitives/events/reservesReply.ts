import type { EventPrimitive } from '../EventPrimitive.ts'

/**
 * Reply to our Get-Reserves: from the order's pool, echoing our Reference. The real pool names each reserve tag by
 * its token id, and aos normalizes tag names (`_` → `-`, capitalized words), so each is read under its token's
 * normalized id; a reply without both (or where both ids normalize alike) is not ours to read, nor one past the
 * read's deadline (consumed: the timeout was raised instead). Reserves are public facts: a stranger who makes the pool answer with our Reference only makes us read them earlier. Twin of
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
    // raised by the read's timer (actions/reserves.ts)
    'reserves.timeout': { order: 'str', pool: 'str', tokenIn: 'str', tokenOut: 'str' },
  },
}
