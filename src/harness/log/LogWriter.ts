import { once } from 'node:events'
import { createWriteStream, type WriteStream } from 'node:fs'
import { LOG_FORMAT, LOG_VERSION, type LogHeaderInput, type SuNode } from './schema.ts'

/**
 * Writes our canonical NDJSON log: a header line, then one `{message, assignment}` SU node per line. Honours stream
 * back-pressure so a million-event log is written in constant memory. Key order is fixed so output is byte-stable.
 */
export class LogWriter {
  private constructor(private readonly out: WriteStream) {}
  count = 0

  /** Creates (or, with `append`, continues) a log file. A new file starts with the header line. */
  static async open(
    file: string,
    header: Omit<LogHeaderInput, 'format' | 'version'> | null,
    append = false,
  ): Promise<LogWriter> {
    const out = createWriteStream(file, { flags: append ? 'a' : 'w' })
    await once(out, 'open')
    const w = new LogWriter(out)
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

  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    )
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
