import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, type Stats, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { scanCacheDir } from './scanCache.ts'

/** Bump when what a memo entry holds changes: older entries are then never read. */
const STAT_MEMO_VERSION = 1

/**
 * A file modified this close to (or after) the moment its memo was written is "racy", as git's index calls it: a
 * later write within the file system's timestamp granularity could leave the same size and times, so its memo is
 * never trusted and the file is read again (which then writes a memo that is not racy).
 */
export const RACY_NS = 2_000_000_000n

/** What identifies one version of a file without reading it (all from `stat`, nanosecond times). */
interface FileStamp {
  dev: string
  ino: string
  size: string
  mtimeNs: string
  ctimeNs: string
}

interface MemoEntry<T> {
  version: number
  kind: string
  path: string
  stamp: FileStamp
  /** wall-clock time the entry was written, ns since the epoch */
  writtenNs: string
  value: T
}

function stampOf(s: Stats & { mtimeNs?: bigint }): FileStamp {
  const b = s as unknown as { dev: bigint; ino: bigint; size: bigint; mtimeNs: bigint; ctimeNs: bigint }
  return {
    dev: String(b.dev),
    ino: String(b.ino),
    size: String(b.size),
    mtimeNs: String(b.mtimeNs),
    ctimeNs: String(b.ctimeNs),
  }
}

function statStamp(file: string): FileStamp | undefined {
  try {
    return stampOf(statSync(file, { bigint: true }) as unknown as Stats)
  } catch {
    return undefined
  }
}

const sameStamp = (a: FileStamp, b: FileStamp) =>
  a.dev === b.dev &&
  a.ino === b.ino &&
  a.size === b.size &&
  a.mtimeNs === b.mtimeNs &&
  a.ctimeNs === b.ctimeNs

export interface StatMemoOptions {
  /** where memos go (default: the scan cache's directory; null: no memo, always compute) */
  dir?: string | null
  /** the wall clock in ns since the epoch (tests) */
  nowNs?: () => bigint
}

const wallNs = () => BigInt(Date.now()) * 1_000_000n

/**
 * `compute(file)` (e.g. the sha256 of its bytes), remembered per file and keyed by its stat (device, inode, size,
 * mtime and ctime in ns): an unchanged file is not read again. A file whose stat differs in anything, or that is
 * racy (changed within `RACY_NS` of when the memo was written), is always computed again. ctime cannot be set back
 * by a user, so a file rewritten with its old size and mtime still differs. `valid` checks an entry's value shape.
 * A missing or unreadable memo just means computing; failing to write one is not an error.
 */
export async function statMemo<T>(
  file: string,
  kind: string,
  compute: () => Promise<T> | T,
  valid: (v: unknown) => v is T,
  o: StatMemoOptions = {},
): Promise<T> {
  const dir = o.dir === undefined ? scanCacheDir() : o.dir
  if (!dir) return compute()
  const now = o.nowNs ?? wallNs
  const path = resolve(file)
  const memo = join(
    dir,
    `memo-v${STAT_MEMO_VERSION}-${kind}-${createHash('sha256').update(path).digest('hex').slice(0, 32)}.json`,
  )
  const before = statStamp(path)
  if (before) {
    try {
      const e = JSON.parse(readFileSync(memo, 'utf8')) as MemoEntry<T>
      if (
        e.version === STAT_MEMO_VERSION &&
        e.kind === kind &&
        e.path === path &&
        sameStamp(e.stamp, before) &&
        BigInt(e.writtenNs) - maxBig(BigInt(before.mtimeNs), BigInt(before.ctimeNs)) >= RACY_NS &&
        valid(e.value)
      )
        return e.value
    } catch {
      // no usable memo: compute
    }
  }
  const value = await compute()
  const after = statStamp(path)
  // a file that changed while it was read gets no memo (the value may mix two versions of it)
  if (before && after && sameStamp(before, after)) {
    try {
      mkdirSync(dir, { recursive: true })
      const entry: MemoEntry<T> = {
        version: STAT_MEMO_VERSION,
        kind,
        path,
        stamp: before,
        writtenNs: String(now()),
        value,
      }
      const tmp = `${memo}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
      writeFileSync(tmp, JSON.stringify(entry))
      renameSync(tmp, memo)
    } catch {
      // a read-only or full directory only costs the next run a read
    }
  }
  return value
}

const maxBig = (a: bigint, b: bigint) => (a > b ? a : b)
