import { createHash } from 'node:crypto'
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deserialize, serialize } from 'node:v8'
import { RecordCacheError } from '../../errors/harness.ts'
import type { LogRecord } from './openLog.ts'
import {
  type CachedRecord,
  type CompactRecord,
  encodeRecordFrame,
  openRecordFrame,
  type RecordFrame,
} from './recordFrame.ts'
import type { RecordScan } from './scanLog.ts'
import { statMemo } from './statMemo.ts'

export type { CachedRecord, CompactRecord }

/** Bump when the layout or what a record holds changes: older files are then rebuilt, never read. */
const RECORD_CACHE_VERSION = 5
const MAGIC = Buffer.from(`AFKREC${RECORD_CACHE_VERSION}\n`)
const FRAME_RECORDS = 1
const FRAME_END = 2
/** records with every string stored once per frame and the fast path's columns (`recordFrame.ts`); FRAME_RECORDS only when that refuses */
const FRAME_COLUMNS = 4
/**
 * records per frame: enough that a frame's shared strings (tag names, token and pool ids) are decoded once for many
 * records, few enough that what a frame's records make dies in the young generation
 */
const PER_FRAME = 128
const DIGEST = 32
/** frame buffers used in turn (`records`): a record is used again at most a frame or two after its read */
const RING = 4
/** a frame buffer's size unless a frame needs more (frames of 128 records are some 90 KB) */
const FRAME_BUFFER = 256 * 1024

/**
 * A pre-parsed copy of a log for the replay fast path: the records after validation (shape, nonces, hash chain) as
 * frames (`recordFrame.ts`; v8-serialized only where that refuses a record), keyed by the sha256 of the log's
 * bytes. Layout: magic line, frames `[u32 length][u8 kind]
 * [payload]` (records, then one end frame with the log's hash and scan), then the sha256 of everything before it.
 * The file is written under a temporary name and renamed. Before a file is used its whole digest, its version and
 * the log hash in its end frame are checked: a stale, truncated or corrupt file is rebuilt from the log, never used.
 */
export class RecordCache {
  private openFd: number | undefined
  private disposed = false
  private constructor(
    readonly file: string,
    readonly scan: RecordScan,
    /** true when this call built the file (the log was parsed), false when a valid file was found */
    readonly built: boolean,
    private readonly temporary?: string,
  ) {}

  /** Where cache files go: `AFK_CACHE_DIR`, else `<tmp>/afk-cache`. `AFK_CACHE=off`: a private directory per run. */
  static dir(): { dir: string; temporary: boolean } {
    if (process.env.AFK_CACHE === 'off')
      return { dir: mkdtempSync(join(tmpdir(), 'afk-rec-')), temporary: true }
    return { dir: process.env.AFK_CACHE_DIR ?? join(tmpdir(), 'afk-cache'), temporary: false }
  }

  static fileFor(dir: string, sha256: string): string {
    return join(dir, `records-v${RECORD_CACHE_VERSION}-${sha256}.bin`)
  }

  /**
   * The cache of the log whose bytes hash to `sha256`: a valid existing file, else one built now by streaming
   * `records()` once (every record validated by the reader, as in a full run). Errors of the log propagate.
   */
  static async open(sha256: string, records: () => AsyncGenerator<LogRecord>): Promise<RecordCache> {
    const { dir, temporary } = RecordCache.dir()
    const file = RecordCache.fileFor(dir, sha256)
    // a file verified before and not changed since (same stat, not racy: `statMemo`) is not hashed again
    const scan = existsSync(file)
      ? (
          await statMemo(
            file,
            'record-cache',
            () => ({ sha256, scan: verify(file, sha256) ?? null }),
            (v): v is { sha256: string; scan: RecordScan | null } =>
              !!v &&
              (v as { sha256?: unknown }).sha256 === sha256 &&
              Number.isSafeInteger((v as { scan?: RecordScan }).scan?.events),
          )
        ).scan
      : undefined
    if (scan) return new RecordCache(file, scan, false, temporary ? dir : undefined)
    onDisk(dir, () => mkdirSync(dir, { recursive: true }))
    const built = await build(file, sha256, records())
    return new RecordCache(file, built, true, temporary ? dir : undefined)
  }

  /**
   * The records in log order (the spawn item included), one frame in memory at a time; synchronous reads. Messages
   * stay unbuilt (`CachedMessage`) until someone needs them.
   *
   * Frames are read into a few buffers used in turn, never into fresh memory per frame: a 1M-event log is a gigabyte
   * of frames, and fresh pages for each (faulted in, then freed by the GC) cost more than decoding them. A frame
   * whose buffer is taken for a later one is evicted: a record of it used after that (long after its read, which a
   * replay never does but nothing forbids) reads the frame again from this file, through the same open file.
   */
  *records(): Generator<CachedRecord> {
    const ring: { buf: Buffer; frame?: RecordFrame }[] = []
    let turn = 0
    let pos = MAGIC.length
    const head = Buffer.alloc(5)
    for (;;) {
      // the descriptor asked for at every frame: after dispose() it is refused, never read as some later file's
      const fd = this.fd()
      readExactly(fd, head, pos)
      const len = head.readUInt32LE(0)
      const kind = head[4]
      if (kind === FRAME_END) return
      const at = pos + 5
      pos = at + len
      if (kind === FRAME_COLUMNS) {
        ring[turn] ??= { buf: Buffer.allocUnsafeSlow(Math.max(len, FRAME_BUFFER)) }
        const slot = ring[turn]
        turn = (turn + 1) % RING
        slot.frame?.evict()
        if (slot.buf.length < len) slot.buf = Buffer.allocUnsafeSlow(len)
        // offset 0 of a buffer of its own: the frame's arrays are aligned views of it
        const body = slot.buf.subarray(0, len)
        readExactly(fd, body, at)
        const frame = openRecordFrame(body, () => this.reread(at, len))
        slot.frame = frame
        for (let i = 0; i < frame.length; i++) yield frame.at(i)
      } else {
        const body = Buffer.allocUnsafe(len)
        readExactly(fd, body, at)
        for (const r of deserialize(body) as CompactRecord[]) yield r
      }
    }
  }

  /** The cache file, open for reading until `dispose()`: every read of it, a frame read again included, sees the same file. */
  private fd(): number {
    if (this.disposed) throw new Error(`record cache ${this.file}: read after dispose()`)
    this.openFd ??= openSync(this.file, 'r')
    return this.openFd
  }

  /** An evicted frame's bytes, read again (a buffer of its own). */
  private reread(at: number, len: number): Buffer {
    const body = Buffer.allocUnsafeSlow(len)
    readExactly(this.fd(), body, at)
    return body
  }

  /** Closes the file; removes a per-run directory (`AFK_CACHE=off`); shared cache files stay for the next run. */
  dispose(): void {
    this.disposed = true
    if (this.openFd !== undefined) closeSync(this.openFd)
    this.openFd = undefined
    if (this.temporary) rmSync(this.temporary, { recursive: true, force: true })
  }
}

function readExactly(fd: number, buf: Buffer, pos: number): void {
  let done = 0
  while (done < buf.length) {
    const n = readSync(fd, buf, done, buf.length - done, pos + done)
    if (n === 0) throw new Error('record cache ended early')
    done += n
  }
}

/** A file system step of writing the cache: its failure (no such directory, read-only, full disk) is the user's to fix. */
function onDisk<T>(where: string, step: () => T): T {
  try {
    return step()
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (typeof code !== 'string') throw e
    // `EEXIST: file already exists, mkdir '/x'`: the path is named by the error already
    throw new RecordCacheError(where, (e as Error).message.split(',')[0])
  }
}

async function build(file: string, sha256: string, it: AsyncGenerator<LogRecord>): Promise<RecordScan> {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  const fd = onDisk(tmp, () => openSync(tmp, 'w'))
  const h = createHash('sha256')
  const put = (b: Buffer) => {
    h.update(b)
    onDisk(tmp, () => writeSync(fd, b))
  }
  const frame = (kind: number, body: Buffer) => {
    const head = Buffer.alloc(5)
    head.writeUInt32LE(body.length, 0)
    head[4] = kind
    put(head)
    put(body)
  }
  const putBatch = (batch: CompactRecord[]) => {
    const columns = encodeRecordFrame(batch)
    if (columns) frame(FRAME_COLUMNS, columns)
    else frame(FRAME_RECORDS, serialize(batch))
  }
  let ok = false
  try {
    put(MAGIC)
    const scan: RecordScan = { events: 0 }
    let batch: CompactRecord[] = []
    for await (const r of it) {
      batch.push({ spawn: r.spawn, message: r.message, location: r.location })
      if (!r.spawn) {
        scan.events++
        scan.firstTimestamp ??= r.message.Timestamp
        scan.lastTimestamp = r.message.Timestamp
      }
      if (batch.length === PER_FRAME) {
        putBatch(batch)
        batch = []
      }
    }
    if (batch.length) putBatch(batch)
    frame(FRAME_END, Buffer.from(JSON.stringify({ sha256, scan })))
    onDisk(tmp, () => writeSync(fd, h.digest()))
    closeSync(fd)
    onDisk(file, () => renameSync(tmp, file))
    ok = true
    return scan
  } finally {
    if (!ok) {
      try {
        closeSync(fd)
      } catch {
        // already closed
      }
      rmSync(tmp, { force: true })
    }
  }
}

/** The scan stored in a cache file when the file is whole, of this version and of this log; else undefined. */
function verify(file: string, sha256: string): RecordScan | undefined {
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch {
    return undefined
  }
  try {
    const h = createHash('sha256')
    const buf = Buffer.allocUnsafe(1 << 20)
    const tail = Buffer.alloc(DIGEST)
    let tailLen = 0
    let pos = 0
    let lastFrameStart = -1
    // hash everything but the last 32 bytes, which hold the digest
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, pos)
      if (n === 0) break
      pos += n
      const all = tailLen
        ? Buffer.concat([tail.subarray(0, tailLen), buf.subarray(0, n)])
        : buf.subarray(0, n)
      const keep = Math.min(DIGEST, all.length)
      h.update(all.subarray(0, all.length - keep))
      all.copy(tail, 0, all.length - keep)
      tailLen = keep
    }
    if (tailLen < DIGEST || pos < MAGIC.length + DIGEST) return undefined
    if (!h.digest().equals(tail)) return undefined
    const magic = Buffer.alloc(MAGIC.length)
    readExactly(fd, magic, 0)
    if (!magic.equals(MAGIC)) return undefined
    // walk the frame headers to the end frame
    const head = Buffer.alloc(5)
    let at = MAGIC.length
    while (at + 5 <= pos - DIGEST) {
      readExactly(fd, head, at)
      if (head[4] === FRAME_END) {
        lastFrameStart = at
        break
      }
      at += 5 + head.readUInt32LE(0)
    }
    if (lastFrameStart < 0) return undefined
    const body = Buffer.alloc(head.readUInt32LE(0))
    readExactly(fd, body, lastFrameStart + 5)
    const end = JSON.parse(body.toString('utf8')) as { sha256?: unknown; scan?: RecordScan }
    if (end.sha256 !== sha256 || !end.scan || !Number.isSafeInteger(end.scan.events)) return undefined
    return end.scan
  } catch {
    return undefined
  } finally {
    closeSync(fd)
  }
}
