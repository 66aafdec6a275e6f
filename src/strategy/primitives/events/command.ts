import type { EventPrimitive } from '../EventPrimitive.ts'

/** Owner commands (Status is public); twin of lua/agent/events/command.lua. */
export const commandEvent: EventPrimitive = {
  name: 'command',
  lua: 'events/command.lua',
  events: {
    'owner.pause': {},
    'owner.halt': {},
    'owner.resume': {},
    'owner.liquidate': {},
    'owner.transfer-ownership': { owner: 'str' },
    'owner.update-params': {},
    'owner.withdraw': { token: 'str', quantity: 'int' },
  },
}
