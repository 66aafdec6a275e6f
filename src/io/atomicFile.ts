import { once } from 'node:events'
import {
  closeSync,
  createWriteStream,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  type WriteStream,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { dirname } from 'node:path'
import { FileAccessError, fileError } from '../errors/file.ts'

/**
 * Every file afk writes goes through here: written under a temporary name in the same directory, then renamed into
 * place, so an interrupted run never leaves a file that looks complete. Temporary files still open when the process
 * is interrupted (SIGINT/SIGTERM/SIGHUP) are removed before the signal takes its usual effect.
 */
const open = new Set<string>()
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

function onSignal(signal: NodeJS.Signals): void {
  for (const t of open) removeTemp(t)
  open.clear()
  for (const s of SIGNALS) process.removeListener(s, onSignal)
  process.removeListener('exit', onExit)
  // With no listener left (and none of the program's own), the signal now does what it would have done.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
}

/** A writer that failed with an exception leaves its temporary file to this: removed when the process exits. */
function onExit(): void {
  for (const t of open) removeTemp(t)
}

function track(tmp: string): void {
  if (open.size === 0) {
    for (const s of SIGNALS) process.on(s, onSignal)
    process.on('exit', onExit)
  }
  open.add(tmp)
}

function untrack(tmp: string): void {
  open.delete(tmp)
  if (open.size === 0) {
    for (const s of SIGNALS) process.removeListener(s, onSignal)
    process.removeListener('exit', onExit)
  }
}

/** The temporary name a file is written under before it is renamed to `path`. */
export const partialName = (path: string) => `${path}.partial-${process.pid}`

/** Creates the parent directories of an output file (mapping user mistakes to `FileAccessError`). */
function ensureParent(path: string, role: string): void {
  try {
    mkdirParents(dirname(path))
  } catch (e) {
    // a regular file in the way shows as EEXIST or ENOTDIR
    if ((e as { code?: string }).code === 'EEXIST')
      throw new FileAccessError(path, role, 'a part of the path is a file, not a directory', 'ENOTDIR')
    throw fileError(e, path, role)
  }
}

/**
 * mkdir -p, one level at a time from the deepest existing ancestor: Node's recursive mkdir never returns on some
 * paths (it loops under /proc), so a mistyped output path could hang the command.
 */
function mkdirParents(dir: string): void {
  const missing: string[] = []
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    missing.push(d)
    if (dirname(d) === d) break
  }
  const existing = missing.length > 0 ? dirname(missing[missing.length - 1]) : dir
  if (!statSync(existing).isDirectory())
    throw Object.assign(new Error(`${existing} is not a directory`), { code: 'ENOTDIR' })
  for (const d of missing.reverse()) mkdirSync(d)
}

/** Best-effort removal of a temporary file: cleanup never hides the error that made it necessary. */
function removeTemp(tmp: string): void {
  try {
    rmSync(tmp, { force: true })
  } catch {
    // nothing was created there (e.g. a file stands where a directory should)
  }
}

/**
 * Checks that `path` can be written before a long run starts: its directory exists or can be created, it is not a
 * directory, and a file can be created next to it. Throws `FileAccessError` naming the path otherwise.
 */
export function assertWritable(path: string, role = 'write'): void {
  ensureParent(path, role)
  let isDir = false
  try {
    isDir = statSync(path).isDirectory()
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw fileError(e, path, role)
  }
  if (isDir) throw new FileAccessError(path, role, 'is a directory, not a file', 'EISDIR')
  const probe = `${path}.probe-${process.pid}`
  try {
    closeSync(openSync(probe, 'wx'))
  } catch (e) {
    throw fileError(e, path, role)
  } finally {
    removeTemp(probe)
  }
}

/** Writes `data` to `path` atomically (temp file + rename), creating parent directories. */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  o: { role?: string; mode?: number; exclusive?: boolean } = {},
): void {
  const role = o.role ?? 'write'
  ensureParent(path, role)
  const tmp = partialName(path)
  track(tmp)
  try {
    writeFileSync(tmp, data, o.mode !== undefined ? { mode: o.mode } : undefined)
    // exclusive: a hard link fails if the file appeared meanwhile, so an existing file is never clobbered
    if (o.exclusive) linkSync(tmp, path)
    else renameSync(tmp, path)
  } catch (e) {
    throw fileError(e, path, role)
  } finally {
    removeTemp(tmp)
    untrack(tmp)
  }
}

/**
 * Writes text given in pieces to `fd`, in writes of about 64 KB (a large report is never one string in memory).
 */
function writeChunks(fd: number, chunks: Iterable<string>): void {
  let buf = ''
  for (const c of chunks) {
    buf += c
    if (buf.length >= 65_536) {
      writeSync(fd, buf)
      buf = ''
    }
  }
  if (buf) writeSync(fd, buf)
}

/**
 * Several outputs committed together: all are written to temporary names first, then renamed in order. `data` is
 * the whole text, or its pieces in order (large reports).
 */
export function writeFilesAtomic(
  files: { path: string; data: string | Iterable<string> }[],
  role = 'write',
): void {
  const done: string[] = []
  try {
    for (const f of files) {
      ensureParent(f.path, role)
      const tmp = partialName(f.path)
      track(tmp)
      done.push(tmp)
      try {
        if (typeof f.data === 'string') writeFileSync(tmp, f.data)
        else {
          const fd = openSync(tmp, 'w')
          try {
            writeChunks(fd, f.data)
          } finally {
            closeSync(fd)
          }
        }
      } catch (e) {
        throw fileError(e, f.path, role)
      }
    }
    files.forEach((f, i) => {
      try {
        renameSync(done[i], f.path)
      } catch (e) {
        throw fileError(e, f.path, role)
      }
    })
  } finally {
    for (const t of done) {
      removeTemp(t)
      untrack(t)
    }
  }
}

/** A streamed output (large logs): written to a temporary file, renamed into place by `commit()`. */
export class AtomicWriteStream {
  private constructor(
    readonly path: string,
    readonly tmp: string,
    readonly stream: WriteStream,
  ) {}

  static async open(path: string, role = 'write'): Promise<AtomicWriteStream> {
    ensureParent(path, role)
    const tmp = partialName(path)
    track(tmp)
    const stream = createWriteStream(tmp, { flags: 'w' })
    try {
      await once(stream, 'open')
    } catch (e) {
      untrack(tmp)
      throw fileError(e, path, role)
    }
    return new AtomicWriteStream(path, tmp, stream)
  }

  async commit(): Promise<void> {
    await new Promise<void>((res, rej) => this.stream.end((err?: Error | null) => (err ? rej(err) : res())))
    try {
      renameSync(this.tmp, this.path)
    } catch (e) {
      throw fileError(e, this.path, 'write')
    } finally {
      removeTemp(this.tmp)
      untrack(this.tmp)
    }
  }

  abort(): void {
    this.stream.destroy()
    removeTemp(this.tmp)
    untrack(this.tmp)
  }
}
