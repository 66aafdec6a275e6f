import type { EventPrimitive } from '../EventPrimitive.ts'

/**
 * Debit-Notice from a configured token: never moves the books (anyone can provoke one); a matching notice marks
 * the order debited and a withdraw or transfer is closed by a resync. Twin of debit.lua.
 */
export const debitEvent: EventPrimitive = {
  name: 'debit',
  lua: 'events/debit.lua',
  events: { debit: { token: 'str', tokenParam: 'str', quantity: 'int', recipient: 'str' } },
}
