import { KEEPER_PARAM, KEEPER_TICK_ACTION, tickSlotMs } from '../../../../strategy/primitives/events/tick.ts'
import type { EventMatch } from '../../types.ts'

/**
 * `tick` in the TS engine
 * (definition: src/strategy/primitives/events/tick.ts; twin: lua/agent/events/tick.lua).
 */
export const matchTick: EventMatch = (rt, msg) => {
  const S = rt.S
  const every = tickSlotMs(rt.ir)
  if (msg.Cron === true) {
    if (every !== undefined && S.keeperSlot !== undefined && S.keeperSlot === rt.now / every) return 'handled'
  } else {
    const keeper = S.params[KEEPER_PARAM]
    if (msg.Action !== KEEPER_TICK_ACTION || every === undefined) return null
    if (typeof keeper !== 'string' || keeper === '' || msg.From !== keeper) return null
    const slot = rt.now / every
    if (S.lastTick !== null && S.lastTick / every === slot) return 'handled'
    S.keeperSlot = slot
  }
  S.lastTick = rt.now
  if (S.paused || S.halted) return 'handled'
  return { type: 'tick', f: {} }
}
