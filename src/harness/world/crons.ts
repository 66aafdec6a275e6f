import type { AoMessage, Tag } from '../../ao/message.ts'
import { CronSpecError } from '../../errors/harness.ts'
import type { BlockClock } from './BlockClock.ts'

/** One `Cron-Interval` group: a time cron in whole seconds or a block cron in blocks. */
export interface Cron {
  unit: 'seconds' | 'blocks'
  value: number
  /** the declaration as written, e.g. `1-minute` */
  interval: string
  /** `Cron-Tag-*` tags with the prefix stripped */
  tags: Tag[]
}

const TIME_UNITS: Record<string, number> = {
  ms: 1,
  msec: 1,
  msecs: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
  weeks: 604_800_000,
  y: 31_557_600_000,
  yr: 31_557_600_000,
  yrs: 31_557_600_000,
  year: 31_557_600_000,
  years: 31_557_600_000,
}

/**
 * Parses spawn tags as the legacy CU does (`loadMessages.js parseCrons`): each `Cron-Interval = <n>-<unit>` opens a
 * group and the following `Cron-Tag-<Name>` tags belong to it. Units: `block(s)` or a time unit of the `ms` library,
 * floored to whole seconds; time crons under one second are rejected.
 */
export function parseCrons(tags: readonly Tag[], processId: string): Cron[] {
  const crons: Cron[] = []
  for (const t of tags) {
    if (t.name === 'Cron-Interval') {
      const dash = t.value.indexOf('-')
      const n = dash < 0 ? '' : t.value.slice(0, dash).trim()
      const unit =
        dash < 0
          ? ''
          : t.value
              .slice(dash + 1)
              .trim()
              .toLowerCase()
      if (!/^\d+(\.\d+)?$/.test(n))
        throw new CronSpecError({
          process: processId,
          tag: `Cron-Interval=${t.value}`,
          reason: 'expected "<number>-<unit>", e.g. "5-minutes" or "10-blocks"',
        })
      if (unit === 'block' || unit === 'blocks') {
        const v = Number.parseInt(n, 10)
        if (v <= 0)
          throw new CronSpecError({
            process: processId,
            tag: `Cron-Interval=${t.value}`,
            reason: 'block interval must be at least 1',
          })
        crons.push({ unit: 'blocks', value: v, interval: t.value, tags: [] })
        continue
      }
      const per = TIME_UNITS[unit]
      if (per === undefined)
        throw new CronSpecError({
          process: processId,
          tag: `Cron-Interval=${t.value}`,
          reason: `unknown unit "${unit}" (use seconds, minutes, hours, days, weeks, years or blocks)`,
        })
      const seconds = Math.floor((Number(n) * per) / 1000)
      if (seconds <= 0)
        throw new CronSpecError({
          process: processId,
          tag: `Cron-Interval=${t.value}`,
          reason: 'time-based cron cannot be less than 1 second',
        })
      crons.push({ unit: 'seconds', value: seconds, interval: t.value, tags: [] })
    } else if (t.name.startsWith('Cron-Tag-')) {
      const last = crons[crons.length - 1]
      if (!last)
        throw new CronSpecError({
          process: processId,
          tag: t.name,
          reason: 'Cron-Tag-* with no preceding Cron-Interval',
        })
      last.tags.push({ name: t.name.slice('Cron-Tag-'.length), value: t.value })
    }
  }
  // CU order at one tick: block crons first (declaration order), then time crons by increasing interval.
  const blocks = crons.filter((c) => c.unit === 'blocks')
  const times = crons.filter((c) => c.unit === 'seconds').sort((a, b) => a.value - b.value)
  return [...blocks, ...times]
}

/** Next firing strictly after `afterMs` for a time cron: whole seconds with (t − spawnSecond) mod value = 0, t > spawn. */
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

/** Where a process's cron schedule stands: the last instant (ms and height) already generated. */
export interface CronCursor {
  ms: number
  height: number
}

/** The next instant any of `crons` fires after `cursor` (block crons through the clock). */
export function nextCronInstant(
  crons: Cron[],
  spawnMs: number,
  spawnHeight: number,
  cursor: CronCursor,
  clock: BlockClock | null,
): number | undefined {
  let best: number | undefined
  for (const c of crons) {
    const t =
      c.unit === 'seconds'
        ? nextTimeFiring(c, spawnMs, cursor.ms)
        : (clock as BlockClock).timeOf(nextBlockFiring(c, spawnHeight, cursor.height))
    if (best === undefined || t < best) best = t
  }
  return best
}

/** The crons that fire at `at` (height `height`), in the CU's order (the order `parseCrons` returns). */
export function dueCrons(
  crons: Cron[],
  spawnMs: number,
  spawnHeight: number,
  cursor: CronCursor,
  at: number,
  height: number,
): Cron[] {
  return crons.filter((c) =>
    c.unit === 'seconds'
      ? nextTimeFiring(c, spawnMs, cursor.ms) === at
      : nextBlockFiring(c, spawnHeight, cursor.height) <= height,
  )
}
