import { once } from 'node:events'
import { createWriteStream, type WriteStream } from 'node:fs'
import { fileError } from '../../errors/file.ts'
import { AtomicWriteStream } from '../../io/atomicFile.ts'
import { LOG_FORMAT, LOG_VERSION, type LogHeaderInput, logEndLine, type SuNode } from './schema.ts'

export interface LogWriterOptions {
  /**
   * Continue an existing log whose end marker was removed (`afk record` resuming); `records` is how many nodes it
   * already holds. Appending cannot be atomic, so an interrupted append leaves a log without end marker, which
   * readers refuse and `afk record` resumes.
   */
  append?: { records: number }
}

/**
 * Writes our canonical NDJSON log: a header line, one `{message, assignment}` SU node per line, and the end marker
 * (`logEndLine`) on `close()`. A new file is written under a temporary name and renamed into place by `close()`, so
 * an interrupted writer never leaves a log that looks complete. Honours stream back-pressure so a million-event log
 * is written in constant memory. Key order is fixed so output is byte-stable.
 */
export class LogWriter {
  private constructor(
    private readonly out: WriteStream,
    private readonly atomic: AtomicWriteStream | undefined,
    initial: number,
  ) {
    this.count = initial
  }
  /** SU nodes in the file (including those of a resumed log) */
  count: number

  /** Creates (or, with `append`, continues) a log file. A new file starts with the header line. */
  static async open(
    file: string,
    header: Omit<LogHeaderInput, 'format' | 'version'> | null,
    o: LogWriterOptions = {},
  ): Promise<LogWriter> {
    let w: LogWriter
    if (o.append) {
      const out = createWriteStream(file, { flags: 'a' })
      try {
        await once(out, 'open')
      } catch (e) {
        throw fileError(e, file, 'write log')
      }
      w = new LogWriter(out, undefined, o.append.records)
    } else {
      const a = await AtomicWriteStream.open(file, 'write log')
      w = new LogWriter(a.stream, a, 0)
    }
    if (header) await w.writeLine(JSON.stringify({ format: LOG_FORMAT, version: LOG_VERSION, ...header }))
    return w
  }

  async write(node: SuNode): Promise<void> {
    this.count++
    await this.writeLine(JSON.stringify(canonicalNode(node)))
  }

  private async writeLine(s: string): Promise<void> {
    if (!this.out.write(`${s}\n`)) await once(this.out, 'drain')
  }

  /** Writes the end marker and puts the file in place: the log is complete. */
  async close(): Promise<void> {
    await this.writeLine(logEndLine(this.count))
    if (this.atomic) return this.atomic.commit()
    await new Promise<void>((resolve, reject) =>
      this.out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    )
  }

  /**
   * Stops without marking the log complete: a new file is removed; an appended one keeps what was written (whole
   * lines) without end marker, so `afk record` can resume it.
   */
  async abort(): Promise<void> {
    if (this.atomic) return this.atomic.abort()
    await new Promise<void>((resolve) => this.out.end(() => resolve()))
  }
}
/** Same content, fixed key order (SU field order), undefined fields dropped. */
export function canonicalNode(n: SuNode): SuNode {
  const m = n.message
  const a = n.assignment
  return {
    message: m
      ? {
          id: m.id,
          owner:
            m.owner.key !== undefined
              ? { address: m.owner.address, key: m.owner.key }
              : { address: m.owner.address },
          data: m.data ?? '',
          tags: m.tags.map((t) => ({ name: t.name, value: t.value })),
          ...(m.signature !== undefined ? { signature: m.signature } : {}),
          ...(m.anchor != null ? { anchor: m.anchor } : {}),
          ...(m.target != null ? { target: m.target } : {}),
        }
      : null,
    assignment: {
      id: a.id,
      owner:
        a.owner.key !== undefined
          ? { address: a.owner.address, key: a.owner.key }
          : { address: a.owner.address },
      tags: a.tags.map((t) => ({ name: t.name, value: t.value })),
      ...(a.signature !== undefined ? { signature: a.signature } : {}),
      ...(a.anchor != null ? { anchor: a.anchor } : {}),
      ...(a.target != null ? { target: a.target } : {}),
    },
    ...(n.afk ? { afk: n.afk } : {}),
  }
}
