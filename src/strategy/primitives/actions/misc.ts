import type { ActionPrimitive } from '../ActionPrimitive.ts'

/** refreshBalance: resyncs a configured token (sync.ts); the reply that completes it is a `balance` event. */
export const refreshBalanceAction: ActionPrimitive = {
  name: 'refreshBalance',
  lua: 'actions/refresh_balance.lua',
  replies: ['balance'],
  args: { token: 'str' },
}

/** notify: Action=Afk-Notice to the current owner with a topic and a text body. */
export const notifyAction: ActionPrimitive = {
  name: 'notify',
  lua: 'actions/notify.lua',
  args: { topic: 'str', message: 'str' },
}

/** scheduleTimeout: fires `timeout.<name>` on the first message at or after now + after. */
export const scheduleTimeoutAction: ActionPrimitive = {
  name: 'scheduleTimeout',
  lua: 'actions/schedule_timeout.lua',
  args: { after: 'int' },
  statics: ['name'],
  timer: (a) => a.static!.name,
}

export const cancelTimeoutAction: ActionPrimitive = {
  name: 'cancelTimeout',
  lua: 'actions/cancel_timeout.lua',
  args: {},
  statics: ['name'],
}

/** log: a structured `afk:log {json}` line in the message output. */
export const logAction: ActionPrimitive = {
  name: 'log',
  lua: 'actions/log.lua',
  args: 'dynamic',
  statics: ['event'],
}
