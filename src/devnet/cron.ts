import type { Tag } from '../ao/message.ts'
import { InvalidCronError } from '../errors/devnet.ts'

/** One `Cron-Interval` declaration with the `Cron-Tag-*` tags that follow it (prefix stripped). */
export interface CronSpec {
  intervalMs: number
  /** The declaration as written, e.g. `5-minutes`; identifies the cron for de-duplication. */
  key: string
  tags: Tag[]
}

const UNIT_MS: Record<string, number> = {
  millisecond: 1,
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
  year: 31_557_600_000,
}

/**
 * Reads the spawn tags the way the legacy CU does (`loadMessages.js parseCrons`): each `Cron-Interval` opens a group,
 * each following `Cron-Tag-<Name>` belongs to it. Time crons below one second are rejected, as on the CU.
 */
export function parseCrons(tags: readonly Tag[], processId: string): CronSpec[] {
  const out: CronSpec[] = []
  for (const t of tags) {
    if (t.name === 'Cron-Interval') {
      const m = /^\s*(\d+)\s*-\s*([a-zA-Z]+?)s?\s*$/.exec(t.value)
      if (!m) throw new InvalidCronError(`Cron-Interval "${t.value}" is not "<n>-<unit>"`, { processId })
      const unit = m[2].toLowerCase()
      if (unit === 'block')
        throw new InvalidCronError(
          `block crons ("${t.value}") are not supported on the devnet; use a time unit`,
          { processId },
        )
      const ms = UNIT_MS[unit]
      if (ms === undefined)
        throw new InvalidCronError(`unknown unit "${m[2]}" in Cron-Interval "${t.value}"`, { processId })
      const intervalMs = Number(m[1]) * ms
      if (intervalMs < 1000)
        throw new InvalidCronError(`Cron-Interval "${t.value}" is below one second`, { processId })
      out.push({ intervalMs, key: t.value, tags: [] })
    } else if (t.name.startsWith('Cron-Tag-')) {
      const last = out[out.length - 1]
      if (!last) throw new InvalidCronError(`${t.name} comes before any Cron-Interval`, { processId })
      last.tags.push({ name: t.name.slice('Cron-Tag-'.length), value: t.value })
    }
  }
  return out
}

/**
 * Cron firings in `(fromMs, toMs]`, in the CU's order: ascending time, then ascending interval. A cron fires at every
 * whole second `t` with `(t − spawnSecond) mod intervalSeconds == 0`, never at the spawn second itself.
 */
export function cronFirings(
  crons: readonly CronSpec[],
  spawnMs: number,
  fromMs: number,
  toMs: number,
): { timestamp: number; cron: CronSpec }[] {
  const spawnSec = Math.floor(spawnMs / 1000)
  const fires: { timestamp: number; cron: CronSpec }[] = []
  for (const cron of crons) {
    const step = Math.max(1, Math.round(cron.intervalMs / 1000))
    // first k ≥ 1 with (spawnSec + k·step)·1000 > fromMs
    const fromSec = Math.floor(fromMs / 1000)
    let k = Math.max(1, Math.floor((fromSec - spawnSec) / step) + 1)
    for (; ; k++) {
      const ts = (spawnSec + k * step) * 1000
      if (ts <= fromMs) continue
      if (ts > toMs) break
      fires.push({ timestamp: ts, cron })
    }
  }
  fires.sort((a, b) => a.timestamp - b.timestamp || a.cron.intervalMs - b.cron.intervalMs)
  return fires
}
