import { AgentRuntimeError } from '../../../../errors/agent.ts'
import { stableJson } from '../../../../protocols/stableJson.ts'
import type { Value } from '../../../../strategy/expr.ts'
import { checkInt } from '../../../../strategy/int.ts'
import { startSync } from '../../sync.ts'
import type { ActionRun } from '../../types.ts'

/**
 * `refreshBalance` in the TS engine
 * (definition: src/strategy/primitives/actions/misc.ts; twin: lua/agent/actions/refresh_balance.lua).
 */
export const runRefreshBalance: ActionRun = (rt, args) => {
  const name = rt.tokenParam(args.token)
  if (name === undefined)
    throw new AgentRuntimeError('UNKNOWN_TOKEN', `unconfigured token ${String(args.token)}`)
  startSync(rt, name)
}

/**
 * `notify` in the TS engine
 * (definition: src/strategy/primitives/actions/misc.ts; twin: lua/agent/actions/notify.lua).
 */
export const runNotify: ActionRun = (rt, args) => {
  rt.send(
    rt.S.owner,
    [
      { name: 'Action', value: 'Afk-Notice' },
      { name: 'Topic', value: String(args.topic) },
    ],
    String(args.message),
  )
}

/**
 * `scheduleTimeout` in the TS engine
 * (definition: src/strategy/primitives/actions/misc.ts; twin: lua/agent/actions/schedule_timeout.lua).
 */
export const runScheduleTimeout: ActionRun = (rt, args, action) => {
  const after = args.after as bigint
  if (after < 0n) throw new AgentRuntimeError('INVALID_QUANTITY', 'timeout delay must not be negative')
  rt.S.timers[action.static!.name] = checkInt(rt.now + after)
}

/**
 * `cancelTimeout` in the TS engine
 * (definition: src/strategy/primitives/actions/misc.ts; twin: lua/agent/actions/cancel_timeout.lua).
 */
export const runCancelTimeout: ActionRun = (rt, _args, action) => {
  delete rt.S.timers[action.static!.name]
}

/**
 * `log` in the TS engine
 * (definition: src/strategy/primitives/actions/misc.ts; twin: lua/agent/actions/log.lua).
 */
export const runLog: ActionRun = (rt, args, action) => {
  const fields: Record<string, Value> = {}
  for (const [k] of action.args) fields[k] = args[k]
  rt.logs.push(`afk:log ${stableJson({ event: action.static!.event, fields })}`)
}
