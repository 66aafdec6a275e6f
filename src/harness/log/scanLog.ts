import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { fileError } from '../../errors/file.ts'
import type { LogRecord } from './openLog.ts'
import { type StatMemoOptions, statMemo } from './statMemo.ts'

/** sha256, line and byte count of a file in one streaming pass (constant memory). */
export async function hashFile(file: string): Promise<{ sha256: string; lines: number; bytes: number }> {
  const h = createHash('sha256')
  let lines = 0
  let bytes = 0
  try {
    for await (const chunk of createReadStream(file)) {
      const b = chunk as Buffer
      h.update(b)
      bytes += b.length
      for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) lines++
    }
  } catch (e) {
    throw fileError(e, file, 'read log')
  }
  return { sha256: h.digest('hex'), lines, bytes }
}

/**
 * `hashFile`, remembered by the file's stat (`statMemo`): a log read before and not changed since is not hashed
 * again (a sweep or a repeat run of a 1M-event log would otherwise read it all once more). A changed or racy file is.
 */
export function hashFileMemo(
  file: string,
  o?: StatMemoOptions,
): Promise<{ sha256: string; lines: number; bytes: number }> {
  return statMemo(file, 'sha256', () => hashFile(file), isFileHash, o)
}

function isFileHash(v: unknown): v is { sha256: string; lines: number; bytes: number } {
  const o = v as { sha256?: unknown; lines?: unknown; bytes?: unknown } | null
  return (
    !!o &&
    typeof o.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(o.sha256) &&
    Number.isSafeInteger(o.lines) &&
    Number.isSafeInteger(o.bytes)
  )
}

/** What a scan reads of a record. */
type ScannedRecord = { spawn: boolean; message: Pick<LogRecord['message'], 'Timestamp'> }

/** What a full pass over a log's records found: messages after the spawn item and the last one's `Timestamp`. */
export interface RecordScan {
  events: number
  firstTimestamp?: number
  lastTimestamp?: number
}

/**
 * Streams every record of an opened log once (NDJSON, SU pages or GraphQL alike: the same reader the replay uses,
 * so validation errors surface here first) and counts the messages after the spawn item, up to `maxEvents`.
 * Constant memory.
 */
export async function scanRecords(
  log: {
    records(): AsyncGenerator<ScannedRecord> | Generator<ScannedRecord>
  },
  o: { maxEvents?: number } = {},
): Promise<RecordScan> {
  let events = 0
  let firstTimestamp: number | undefined
  let lastTimestamp: number | undefined
  for await (const r of log.records()) {
    if (r.spawn) continue
    // a run limited to `maxEvents` neither reads nor validates the rest of the log
    if (o.maxEvents !== undefined && events >= o.maxEvents) break
    events++
    firstTimestamp ??= r.message.Timestamp
    lastTimestamp = r.message.Timestamp
  }
  return { events, firstTimestamp, lastTimestamp }
}
