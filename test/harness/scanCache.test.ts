import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openLog } from '../../src/harness/log/openLog.ts'
import { cachedScan } from '../../src/harness/log/scanCache.ts'
import { hashFile, scanRecords } from '../../src/harness/log/scanLog.ts'

const DEMO_LOG = 'samples/botega-demo.ndjson'
const saved = { dir: process.env.AFK_CACHE_DIR, off: process.env.AFK_CACHE }
afterEach(() => {
  process.env.AFK_CACHE_DIR = saved.dir
  process.env.AFK_CACHE = saved.off
  if (saved.dir === undefined) delete process.env.AFK_CACHE_DIR
  if (saved.off === undefined) delete process.env.AFK_CACHE
})

describe('scan cache (a log is parsed once before its replays, keyed by its bytes)', () => {
  it('returns the full scan on the first call, the cached one after, per event limit', async () => {
    process.env.AFK_CACHE_DIR = mkdtempSync(join(tmpdir(), 'afk-scan-cache-'))
    const { sha256 } = await hashFile(DEMO_LOG)
    let scans = 0
    const scan = (max?: number) => async () => {
      scans++
      return scanRecords(await openLog(DEMO_LOG), { maxEvents: max })
    }
    const full = await cachedScan(sha256, undefined, scan())
    expect(full.events).toBe(1500)
    expect(await cachedScan(sha256, undefined, scan())).toEqual(full)
    expect(scans).toBe(1)
    const short = await cachedScan(sha256, 200, scan(200))
    expect(short.events).toBe(200)
    expect(short.lastTimestamp).toBeLessThan(full.lastTimestamp as number)
    expect(scans).toBe(2)
    // a damaged entry is ignored and rewritten
    const dir = process.env.AFK_CACHE_DIR as string
    for (const f of readdirSync(dir)) writeFileSync(join(dir, f), '{"events":"many"}')
    expect(await cachedScan(sha256, undefined, scan())).toEqual(full)
    expect(scans).toBe(3)
    // planted drift: another log's bytes (another hash) never see this entry
    expect((await cachedScan('0'.repeat(64), undefined, async () => ({ events: 7 }))).events).toBe(7)
  })

  it('AFK_CACHE=off scans every time', async () => {
    process.env.AFK_CACHE = 'off'
    let scans = 0
    const scan = async () => {
      scans++
      return { events: 1 }
    }
    await cachedScan('a'.repeat(64), undefined, scan)
    await cachedScan('a'.repeat(64), undefined, scan)
    expect(scans).toBe(2)
  })
})
