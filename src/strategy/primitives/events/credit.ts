import type { EventPrimitive } from '../EventPrimitive.ts'

/**
 * A Credit-Notice counts only when msg.From is a configured token process; the agent's own sync self-transfer arms
 * the sync, and a notice it cannot book or naming a settled order resyncs instead. Twin of credit.lua.
 */
export const creditEvent: EventPrimitive = {
  name: 'credit',
  lua: 'events/credit.lua',
  events: { credit: { token: 'str', tokenParam: 'str', quantity: 'int', sender: 'str' } },
}
