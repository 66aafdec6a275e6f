import {
  type Cron,
  cronMessage,
  nextBlockFiring,
  nextTimeFiring,
  parseCrons as parseCronTags,
} from '../../ao/cron.ts'
import type { Tag } from '../../ao/message.ts'
import { CronSpecError } from '../../errors/harness.ts'
import type { BlockClock } from './BlockClock.ts'

// The cron rules live in src/ao/cron.ts (shared with the devnet CU); re-exported for harness callers.
export { type Cron, cronMessage, nextBlockFiring, nextTimeFiring }

/** `parseCrons` of src/ao/cron.ts throwing `CronSpecError`. */
export function parseCrons(tags: readonly Tag[], processId: string): Cron[] {
  return parseCronTags(
    tags,
    processId,
    ({ processId: process, tag, reason }) => new CronSpecError({ process, tag, reason }),
  )
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
