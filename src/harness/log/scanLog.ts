import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'

/** sha256 and line count of a file in one streaming pass (constant memory). */
export async function hashFile(file: string): Promise<{ sha256: string; lines: number; bytes: number }> {
  const h = createHash('sha256')
  let lines = 0
  let bytes = 0
  for await (const chunk of createReadStream(file)) {
    const b = chunk as Buffer
    h.update(b)
    bytes += b.length
    for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) lines++
  }
  return { sha256: h.digest('hex'), lines, bytes }
}

/**
 * The `Timestamp` of the last complete NDJSON node, read from the file's tail (no full read). Undefined for other
 * formats or when the tail does not parse; callers then fall back to running until the stream ends.
 */
export async function lastTimestamp(file: string): Promise<number | undefined> {
  const fh = await open(file, 'r')
  try {
    const { size } = await fh.stat()
    const len = Math.min(size, 256 * 1024)
    const buf = Buffer.alloc(len)
    await fh.read(buf, 0, len, size - len)
    const lines = buf
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim())
    for (let i = lines.length - 1; i >= 0; i--) {
      try {
        const v = JSON.parse(lines[i]) as { assignment?: { tags?: { name: string; value: string }[] } }
        const ts = v.assignment?.tags?.find((t) => t.name === 'Timestamp')?.value
        if (ts && /^\d+$/.test(ts)) return Number(ts)
      } catch {
        // an incomplete or foreign line: look further back
      }
    }
    return undefined
  } finally {
    await fh.close()
  }
}
