/**
 * Legacy-CU cron rules (ao-protocol.md §2), shared by the devnet CU and the harness World.
 *
 * Source: ao `servers/cu/src/domain/lib/loadMessages.js` (`parseCrons`, `isTimestampOnCron`, `isBlockOnCron`,
 * `cronMessagesBetweenWith`):
 * - `Cron-Interval = "<n>-<unit>"` opens a group, the following `Cron-Tag-<Name>` tags belong to it.
 * - The CU splits the value on `-` and trims both parts. Unit exactly `block`/`blocks` → block cron of
 *   `parseInt(n)` blocks. Anything else goes through the `ms` library (`ms("<n> <unit>")`, case-insensitive, decimals
 *   allowed) and is **floored** to whole seconds; a result ≤ 0 is rejected. So `1500-milliseconds` = every 1 s,
 *   `1.5-minutes` = every 90 s, `30-s` = every 30 s, `500-milliseconds` is rejected.
 * - Where the CU would silently accept a cron that never fires (`ms` does not know the unit, e.g. `2-months` or
 *   `5-Blocks`, giving NaN; `0-blocks`), we reject it instead: the process would never tick on the network.
 * - A time cron fires at every whole second `t > spawnSecond` with `(t − spawnSecond) mod n == 0`; a block cron at
 *   every height `h > spawnHeight` with `(h − spawnHeight) mod n == 0`. At one instant block crons come first, then time
 *   crons by increasing interval (stable for equal intervals).
 */
import type { AoMessage, Tag } from './message.ts'

/** One `Cron-Interval` group: a time cron in whole seconds or a block cron in blocks. */
export interface Cron {
  unit: 'seconds' | 'blocks'
  /** whole seconds (`unit = 'seconds'`) or blocks, always ≥ 1 */
  value: number
  /** the declaration as written, e.g. `1-minute` */
  interval: string
  /** `Cron-Tag-*` tags with the prefix stripped */
  tags: Tag[]
}

/** Builds the caller's typed error for an invalid cron tag. */
export type CronErrorFactory = (p: { processId: string; tag: string; reason: string }) => Error

/** Milliseconds per unit, as the `ms` library (v2) spells them (matched case-insensitively). */
const MS_UNITS: Record<string, number> = {}
for (const [ms, names] of [
  [1, 'milliseconds millisecond msecs msec ms'],
  [1000, 'seconds second secs sec s'],
  [60_000, 'minutes minute mins min m'],
  [3_600_000, 'hours hour hrs hr h'],
  [86_400_000, 'days day d'],
  [604_800_000, 'weeks week w'],
  [31_557_600_000, 'years year yrs yr y'],
] as const)
  for (const n of names.split(' ')) MS_UNITS[n] = ms

/**
 * Interprets one `Cron-Interval` value the CU way. Returns the cron's unit and value, or a reason it is invalid.
 */
export function parseCronInterval(
  value: string,
): { unit: 'seconds' | 'blocks'; value: number } | { reason: string } {
  const [n = '', rawUnit = ''] = value.split('-').map((s) => s.trim())
  if (rawUnit === 'block' || rawUnit === 'blocks') {
    const v = Number.parseInt(n, 10)
    if (!(v >= 1)) return { reason: 'block interval must be a whole number of at least 1, e.g. "10-blocks"' }
    return { unit: 'blocks', value: v }
  }
  if (/^blocks?$/i.test(rawUnit))
    return { reason: `the CU only knows lower-case "block"/"blocks"; "${rawUnit}" would never fire` }
  // `ms` accepts "<number> <unit>" with an optional unit (milliseconds when omitted)
  if (!/^\d*\.?\d+$/.test(n))
    return { reason: 'expected "<number>-<unit>", e.g. "5-minutes", "1.5-hours" or "10-blocks"' }
  const per = rawUnit === '' ? 1 : MS_UNITS[rawUnit.toLowerCase()]
  if (per === undefined)
    return {
      reason: `unknown unit "${rawUnit}" (the CU understands milliseconds, seconds, minutes, hours, days, weeks, years and blocks; a cron with any other unit never fires)`,
    }
  const seconds = Math.floor((Number(n) * per) / 1000)
  if (seconds <= 0) return { reason: 'time-based cron cannot be less than 1 second' }
  return { unit: 'seconds', value: seconds }
}

/**
 * Parses spawn tags into crons, in the CU's firing order at one instant: block crons first (declaration order), then
 * time crons by increasing interval. Throws `fail(...)` for an invalid declaration.
 */
export function parseCrons(tags: readonly Tag[], processId: string, fail: CronErrorFactory): Cron[] {
  const crons: Cron[] = []
  for (const t of tags) {
    if (t.name === 'Cron-Interval') {
      const p = parseCronInterval(t.value)
      if ('reason' in p) throw fail({ processId, tag: `Cron-Interval=${t.value}`, reason: p.reason })
      crons.push({ unit: p.unit, value: p.value, interval: t.value, tags: [] })
    } else if (t.name.startsWith('Cron-Tag-') && t.name.length > 'Cron-Tag-'.length) {
      const last = crons[crons.length - 1]
      if (!last) throw fail({ processId, tag: t.name, reason: 'Cron-Tag-* with no preceding Cron-Interval' })
      last.tags.push({ name: t.name.slice('Cron-Tag-'.length), value: t.value })
    }
  }
  const blocks = crons.filter((c) => c.unit === 'blocks')
  const times = crons.filter((c) => c.unit === 'seconds').sort((a, b) => a.value - b.value)
  return [...blocks, ...times]
}

/** Next firing (ms) strictly after `afterMs` of a time cron: whole seconds t > spawn second, (t − spawn) mod value = 0. */
export function nextTimeFiring(cron: Cron, spawnMs: number, afterMs: number): number {
  const origin = Math.floor(spawnMs / 1000)
  const afterSec = Math.floor(afterMs / 1000)
  const k = Math.max(1, Math.floor((afterSec - origin) / cron.value) + 1)
  return (origin + k * cron.value) * 1000
}

/** Next block height strictly above `afterHeight` with (h − spawnHeight) mod value = 0. */
export function nextBlockFiring(cron: Cron, spawnHeight: number, afterHeight: number): number {
  const k = Math.max(1, Math.floor((afterHeight - spawnHeight) / cron.value) + 1)
  return spawnHeight + k * cron.value
}

/**
 * Time-cron firings in `(fromMs, toMs]`, in the CU's order: ascending time, then the `crons` order (parseCrons order:
 * increasing interval). Block crons are ignored.
 */
export function timeFirings(
  crons: readonly Cron[],
  spawnMs: number,
  fromMs: number,
  toMs: number,
): { timestamp: number; cron: Cron }[] {
  const fires: { timestamp: number; cron: Cron; order: number }[] = []
  crons.forEach((cron, order) => {
    if (cron.unit !== 'seconds') return
    for (let ts = nextTimeFiring(cron, spawnMs, fromMs); ts <= toMs; ts += cron.value * 1000)
      fires.push({ timestamp: ts, cron, order })
  })
  fires.sort((a, b) => a.timestamp - b.timestamp || a.order - b.order)
  return fires.map(({ timestamp, cron }) => ({ timestamp, cron }))
}

/** The message the CU evaluates for a cron tick: `Cron=true`, From = Owner = process owner, no Id/Nonce/Data. */
export function cronMessage(
  cron: Cron,
  p: { processId: string; owner: string; timestamp: number; blockHeight: number },
): AoMessage {
  return {
    Owner: p.owner,
    From: p.owner,
    Target: p.processId,
    Data: '',
    Tags: cron.tags.map((t) => ({ ...t })),
    Timestamp: p.timestamp,
    'Block-Height': p.blockHeight,
    Cron: true,
  }
}
