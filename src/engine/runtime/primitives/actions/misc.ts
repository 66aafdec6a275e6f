import { AgentRuntimeError } from '../../../../errors/agent.ts'
import { byteOrder, stableJson } from '../../../../protocols/stableJson.ts'
import { checkInt } from '../../../../strategy/int.ts'
import type { IrAction } from '../../../../strategy/ir.ts'
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
  const f = logFormat(action)
  let line = f.head
  let first = true
  for (let i = 0; i < f.keys.length; i++) {
    const v = args[f.keys[i]]
    // stableJson leaves out a key whose value is undefined
    if (v === undefined) continue
    line += `${first ? '' : ','}${f.quoted[i]}:${typeof v === 'bigint' ? `"${v}"` : stableJson(v)}`
    first = false
  }
  rt.logs.push(`${line}}}`)
}

/**
 * A log action's line, `afk:log ` + stableJson({ event, fields }), in parts made once per action: the text up to the
 * fields' first key, and the fields' keys in stableJson's (byte) order, quoted. A line is then one pass over the
 * values; a bigint (most values) is its decimal digits in quotes, as stableJson writes it.
 */
const LOG_FORMATS = new WeakMap<IrAction, { head: string; keys: string[]; quoted: string[] }>()
function logFormat(action: IrAction): { head: string; keys: string[]; quoted: string[] } {
  let f = LOG_FORMATS.get(action)
  if (f === undefined) {
    const empty = stableJson({ event: action.static!.event, fields: {} })
    // `{..."fields":{}}`: the fields object is the last key ("event" < "fields"), so its text ends the document
    if (!empty.endsWith('"fields":{}}')) throw new Error('afk: unexpected log line shape')
    // `fields.__proto__ = v` never makes an own key, so stableJson never wrote one
    const keys = [...new Set(action.args.map(([k]) => k))].filter((k) => k !== '__proto__').sort(byteOrder)
    f = { head: `afk:log ${empty.slice(0, -2)}`, keys, quoted: keys.map((k) => stableJson(k)) }
    LOG_FORMATS.set(action, f)
  }
  return f
}
