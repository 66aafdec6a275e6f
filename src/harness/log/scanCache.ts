import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RecordScan } from './scanLog.ts'

/** Bump when what a scan computes changes: old entries are then never read. */
const SCAN_CACHE_VERSION = 1

/** Where scan results are kept: `AFK_CACHE_DIR`, else `<tmp>/afk-cache`; `AFK_CACHE=off` disables the cache. */
export function scanCacheDir(): string | null {
  if (process.env.AFK_CACHE === 'off') return null
  return process.env.AFK_CACHE_DIR ?? join(tmpdir(), 'afk-cache')
}

/**
 * The result of `scanRecords` for a log, keyed by the sha256 of its bytes (computed anyway for the report) and the
 * event limit: a log that was read and validated once is not parsed a second time before each replay (a sweep
 * replays one log many times; bias checks three times). The replay itself still validates every record it reads.
 * A missing, unreadable or malformed entry just means scanning again; failing to write one is not an error.
 */
export async function cachedScan(
  sha256: string,
  maxEvents: number | undefined,
  scan: () => Promise<RecordScan>,
): Promise<RecordScan> {
  const dir = scanCacheDir()
  if (!dir) return scan()
  const file = join(dir, `scan-v${SCAN_CACHE_VERSION}-${sha256}-${maxEvents ?? 'all'}.json`)
  try {
    const v = JSON.parse(readFileSync(file, 'utf8'))
    if (isScan(v)) return v
  } catch {
    // no usable entry: scan
  }
  const result = await scan()
  try {
    mkdirSync(dir, { recursive: true })
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
    writeFileSync(tmp, JSON.stringify(result))
    renameSync(tmp, file)
  } catch {
    // a read-only or full temp dir only costs the next run a scan
  }
  return result
}

function isScan(v: unknown): v is RecordScan {
  if (!v || typeof v !== 'object') return false
  const o = v as Record<string, unknown>
  const optInt = (x: unknown) => x === undefined || Number.isSafeInteger(x)
  return Number.isSafeInteger(o.events) && optInt(o.firstTimestamp) && optInt(o.lastTimestamp)
}
