import type { EventPrimitive } from '../EventPrimitive.ts'

/**
 * Balance reply that completes a sync (echoes its Balance Reference, after its self-transfer's Credit-Notice):
 * settles orders sent before the sync and subtracts those sent since. Any other Balance reply is dropped. Twin of
 * balance_reply.lua.
 */
export const balanceReplyEvent: EventPrimitive = {
  name: 'balance_reply',
  lua: 'events/balance_reply.lua',
  events: { balance: { token: 'str', tokenParam: 'str', balance: 'int' } },
}
