import type { ActionPrimitive } from '../ActionPrimitive.ts'

/**
 * payOwner: pays the agent's whole booked balance of a configured token to the owner, booked exactly like the owner's
 * `Withdraw` of everything; nothing at a zero balance. Its only recipient is the owner, so it is not skipped while
 * halted (a halt stops new orders, never the owner's money: `Withdraw` works while halted too). Strategies call it
 * where a liquidation the owner started ends.
 */
export const payOwnerAction: ActionPrimitive = {
  name: 'payOwner',
  lua: 'actions/pay_owner.lua',
  args: { token: 'str' },
}
