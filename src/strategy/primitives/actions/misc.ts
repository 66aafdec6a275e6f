import { startSync } from '../../../engine/runtime/sync.ts'
import type { ActionPrimitive } from '../../../engine/runtime/types.ts'
import { stableJson } from '../../../protocols/stableJson.ts'
import type { Value } from '../../expr.ts'
import { AgentRuntimeError, checkInt } from '../../int.ts'

/** refreshBalance: resyncs a configured token (sync.ts); the reply that completes it is a `balance` event. */
export const refreshBalanceAction: ActionPrimitive = {
  name: 'refreshBalance',
  lua: 'actions/refresh_balance.lua',
  replies: ['balance'],
  args: { token: 'str' },
  run(rt, args) {
    const name = rt.tokenParam(args.token)
    if (name === undefined)
      throw new AgentRuntimeError('UNKNOWN_TOKEN', `unconfigured token ${String(args.token)}`)
    startSync(rt, name)
  },
}

/** notify: Action=Afk-Notice to the current owner with a topic and a text body. */
export const notifyAction: ActionPrimitive = {
  name: 'notify',
  lua: 'actions/notify.lua',
  args: { topic: 'str', message: 'str' },
  run(rt, args) {
    rt.send(
      rt.S.owner,
      [
        { name: 'Action', value: 'Afk-Notice' },
        { name: 'Topic', value: String(args.topic) },
      ],
      String(args.message),
    )
  },
}

/** scheduleTimeout: fires `timeout.<name>` on the first message at or after now + after. */
export const scheduleTimeoutAction: ActionPrimitive = {
  name: 'scheduleTimeout',
  lua: 'actions/schedule_timeout.lua',
  args: { after: 'int' },
  statics: ['name'],
  timer: (a) => a.static!.name,
  run(rt, args, action) {
    const after = args.after as bigint
    if (after < 0n) throw new AgentRuntimeError('INVALID_QUANTITY', 'timeout delay must not be negative')
    rt.S.timers[action.static!.name] = checkInt(rt.now + after)
  },
}

export const cancelTimeoutAction: ActionPrimitive = {
  name: 'cancelTimeout',
  lua: 'actions/cancel_timeout.lua',
  args: {},
  statics: ['name'],
  run(rt, _args, action) {
    delete rt.S.timers[action.static!.name]
  },
}

/** log: a structured `afk:log {json}` line in the message output. */
export const logAction: ActionPrimitive = {
  name: 'log',
  lua: 'actions/log.lua',
  args: 'dynamic',
  statics: ['event'],
  run(rt, args, action) {
    const fields: Record<string, Value> = {}
    for (const [k] of action.args) fields[k] = args[k]
    rt.logs.push(`afk:log ${stableJson({ event: action.static!.event, fields })}`)
  },
}
