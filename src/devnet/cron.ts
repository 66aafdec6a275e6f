import { type Cron, parseCrons as parseCronTags, timeFirings } from '../ao/cron.ts'
import type { Tag } from '../ao/message.ts'
import { InvalidCronError } from '../errors/devnet.ts'

// The cron rules live in src/ao/cron.ts (shared with the harness World); this module adds the devnet's limits.
export type { Cron }

/**
 * `parseCrons` of src/ao/cron.ts throwing `InvalidCronError`. Block crons are rejected: the devnet has no block
 * schedule to fire them on.
 */
export function parseCrons(tags: readonly Tag[], processId: string): Cron[] {
  const crons = parseCronTags(
    tags,
    processId,
    (p) => new InvalidCronError(`${p.tag}: ${p.reason}`, { processId: p.processId }),
  )
  const block = crons.find((c) => c.unit === 'blocks')
  if (block)
    throw new InvalidCronError(
      `block crons ("${block.interval}") are not supported on the devnet; use a time unit`,
      {
        processId,
      },
    )
  return crons
}

/** Cron firings in `(fromMs, toMs]`, in the CU's order (ascending time, then ascending interval). */
export { timeFirings as cronFirings }
