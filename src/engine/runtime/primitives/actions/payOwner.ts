import { AgentRuntimeError } from '../../../../errors/agent.ts'
import { payOwner } from '../../payOwner.ts'
import type { ActionRun } from '../../types.ts'

/**
 * `payOwner` in the TS engine
 * (definition: src/strategy/primitives/actions/payOwner.ts; twin: lua/agent/actions/pay_owner.lua).
 */
export const runPayOwner: ActionRun = (rt, args) => {
  const name = rt.tokenParam(args.token)
  if (name === undefined)
    throw new AgentRuntimeError('UNKNOWN_TOKEN', `payOwner of an unconfigured token ${String(args.token)}`)
  const q = rt.S.balances[name]
  if (q > 0n) payOwner(rt, name, q)
}
