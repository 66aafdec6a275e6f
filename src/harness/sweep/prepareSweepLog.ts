import { openBacktestMarket } from '../backtest/openBacktestMarket.ts'
import { RecordCache } from '../log/recordCache.ts'
import { scanRecords } from '../log/scanLog.ts'

/** What the parent of a sweep learned from reading the log once. */
export interface PreparedSweepLog {
  /** logged messages each point replays (the log's, or `maxEvents` when smaller) */
  events: number
  /** true when the workers can read the pre-parsed records the parent left in the record cache */
  recordCache: boolean
}

/**
 * Reads, validates and scans the sweep's log once, in the parent, before (and while) the workers start: the result
 * is the record cache of the log (see log/recordCache.ts), so every point reads pre-parsed records instead of
 * parsing the NDJSON again, and the event count for the progress bar. Errors of the log surface here, once, instead
 * of once per point. With `AFK_CACHE=off` or `maxEvents` nothing is shared (each point parses the log, as a single
 * backtest does).
 */
export async function prepareSweepLog(
  log: string | string[],
  o: { maxEvents?: number } = {},
): Promise<PreparedSweepLog> {
  const opened = await openBacktestMarket(log, undefined, {})
  // a run limited to `maxEvents` never reads the rest of the log (which may not even be valid): scan that far only
  if (process.env.AFK_CACHE === 'off' || o.maxEvents !== undefined)
    return { events: (await scanRecords(opened.log, o)).events, recordCache: false }
  const cache = await RecordCache.open(opened.file.sha256, () => opened.log.records())
  cache.dispose()
  return { events: cache.scan.events, recordCache: true }
}
