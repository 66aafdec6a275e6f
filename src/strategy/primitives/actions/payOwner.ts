import { AgentRuntimeError } from '../../int.ts'
import { payOwner } from '../../runtime/payOwner.ts'
import type { ActionPrimitive } from '../../runtime/types.ts'

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
  run(rt, args) {
    const name = rt.tokenParam(args.token)
    if (name === undefined)
      throw new AgentRuntimeError('UNKNOWN_TOKEN', `payOwner of an unconfigured token ${String(args.token)}`)
    const q = rt.S.balances[name]
    if (q > 0n) payOwner(rt, name, q)
  },
}
