import type { EventPrimitive } from '../../runtime/types.ts'

/** Cron tick: only the CU's boolean `Cron` counts; a sender's `Cron` tag is a string and is ignored. */
export const tickEvent: EventPrimitive = {
  name: 'tick',
  lua: 'events/tick.lua',
  events: { tick: {} },
  match(rt, msg) {
    if (msg.Cron !== true) return null
    rt.S.lastTick = rt.now
    if (rt.S.paused) return 'handled'
    return { type: 'tick', f: {} }
  },
}
