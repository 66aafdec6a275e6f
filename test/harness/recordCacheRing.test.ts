import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { isUnbuilt, type UnbuiltMessage } from '../../src/ao/directApply.ts'
import type { AoMessage } from '../../src/ao/message.ts'
import type { LogRecord } from '../../src/harness/log/openLog.ts'
import { RecordCache } from '../../src/harness/log/recordCache.ts'

// The record cache reads frames into a few buffers used in turn. A record kept past the reuse of its frame's buffer
// must read the frame again from the cache file and give what the log gave; never another frame's bytes.
const A = 'A'.repeat(43)
const P = 'P'.repeat(43)
const N = 1000 // frames of 128: 8 frames, twice the ring
const NAMES = ['Action', 'Quantity', 'Sender']

const message = (i: number): AoMessage => ({
  Id: `${String(i).padStart(6, '0')}${'I'.repeat(37)}`,
  Owner: A,
  From: A,
  Target: P,
  Data: '',
  Tags: [
    { name: 'Action', value: 'Credit-Notice' },
    { name: 'Sender', value: `${String(i % 97).padStart(3, '0')}${'S'.repeat(40)}` },
    { name: 'Quantity', value: String(1000 + i) },
    { name: 'X-Action', value: 'Swap' },
    { name: 'Note', value: `ünïcode ${i}` },
  ],
  Timestamp: 1_735_689_832_476 + i * 1000,
  'Block-Height': 1_580_001 + i,
  Cron: false,
})

async function* records(): AsyncGenerator<LogRecord> {
  for (let i = 0; i < N; i++)
    yield {
      spawn: false,
      message: message(i),
      location: { file: 'ring.ndjson', line: i + 2, offset: i * 100 },
    } as unknown as LogRecord
}

const sha = 'a'.repeat(64)
let opened: RecordCache | undefined
afterEach(() => opened?.dispose())

async function cache(): Promise<RecordCache> {
  process.env.AFK_CACHE_DIR = mkdtempSync(join(tmpdir(), 'afk-ring-'))
  opened = await RecordCache.open(sha, records)
  return opened
}

/** reads all records, keeping the messages at `keep` (unbuilt) */
function readKeeping(c: RecordCache, keep: number[]): Map<number, UnbuiltMessage> {
  const kept = new Map<number, UnbuiltMessage>()
  let i = 0
  for (const r of c.records()) {
    if (keep.includes(i) && isUnbuilt(r.message)) kept.set(i, r.message)
    i++
  }
  expect(i).toBe(N)
  return kept
}

const evicted = (m: UnbuiltMessage) => (m as unknown as { frame: { d: unknown } }).frame.d === undefined

describe('record cache frame buffers', () => {
  it('a record used after its buffer was reused reads its frame again and equals what the log gave', async () => {
    const c = await cache()
    const kept = readKeeping(c, [3, 200, 700, 999])
    expect([...kept.keys()]).toEqual([3, 200, 700, 999])
    // the first two frames' buffers went to later frames; the last ones still hold theirs
    expect([3, 200, 700, 999].map((i) => evicted(kept.get(i) as UnbuiltMessage))).toEqual([
      true,
      true,
      false,
      false,
    ])
    for (const [i, m] of kept) {
      expect(m.rootTags(NAMES)).toEqual(['Credit-Notice', String(1000 + i), message(i).Tags[1].value])
      expect(m.Id).toBe(message(i).Id)
      expect(m.build()).toEqual(message(i))
    }
  })

  it('planted drift: a changed cache file under an evicted record is what it reads (it does read again)', async () => {
    const c = await cache()
    const kept = readKeeping(c, [5])
    const m = kept.get(5) as UnbuiltMessage
    expect(evicted(m)).toBe(true)
    // rewrite the same file (same inode, the open descriptor sees it) with record 5's quantity changed
    const file = RecordCache.fileFor(process.env.AFK_CACHE_DIR as string, sha)
    const bytes = readFileSync(file)
    const at = bytes.indexOf(Buffer.from('1005'))
    expect(at).toBeGreaterThan(0)
    bytes.write('1006', at)
    writeFileSync(file, bytes)
    expect(m.rootTags(NAMES)[1]).toBe('1006')
  })

  it('refuses to read an evicted frame after dispose()', async () => {
    const c = await cache()
    const m = readKeeping(c, [5]).get(5) as UnbuiltMessage
    c.dispose()
    expect(() => m.build()).toThrow(/read after dispose/)
  })
})
