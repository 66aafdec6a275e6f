import { parseCronInterval } from '../../../ao/cron.ts'
import type { StrategyIR } from '../../ir.ts'
import type { EventPrimitive } from '../EventPrimitive.ts'

/** The param that names the wallet allowed to send keeper ticks (empty or absent: no keeper). */
export const KEEPER_PARAM = 'keeper'
/** The Action of a keeper tick (`afk keeper` sends it where the network produces no crons). */
export const KEEPER_TICK_ACTION = 'Tick'

/** Length (ms) of one tick slot: the strategy's time cron interval; undefined for no cron or a block cron. */
export function tickSlotMs(ir: Pick<StrategyIR, 'cron'>): bigint | undefined {
  if (!ir.cron) return undefined
  const interval = ir.cron.interval
  // every tick asks: parse each interval once (a strategy has one)
  if (SLOT_MS.has(interval)) return SLOT_MS.get(interval)
  const p = parseCronInterval(interval)
  const ms = 'unit' in p && p.unit === 'seconds' ? BigInt(p.value) * 1000n : undefined
  if (SLOT_MS.size >= 256) SLOT_MS.clear()
  SLOT_MS.set(interval, ms)
  return ms
}
const SLOT_MS = new Map<string, bigint | undefined>()

/**
 * Cron tick (only the CU's boolean `Cron` counts; a sender's `Cron` tag is a string and is ignored), or a keeper tick:
 * `Action=Tick` from the wallet in the `keeper` param. Time is cut into slots of one cron interval
 * (slot = now // interval); a keeper tick acts only in a slot no tick has acted in, and a cron tick in a slot a keeper
 * tick already used is dropped, so no slot acts twice. Without a keeper nothing changes for cron ticks.
 * Twin of lua/agent/events/tick.lua.
 */
export const tickEvent: EventPrimitive = {
  name: 'tick',
  lua: 'events/tick.lua',
  events: { tick: {} },
}
