import { open } from 'node:fs/promises'
import { readLines } from './lines.ts'
import { parseSuNode } from './parseSuNode.ts'
import type { RecordScan } from './scanLog.ts'
import { LOG_END_FORMAT, logEndSchema } from './schema.ts'
import { assignmentFacts } from './toAoMessage.ts'

/** How far back from the end of the file the last record is looked for; a longer last line takes the full scan. */
const TAIL_LIMIT = 16 * 1024 * 1024

/**
 * What `scanRecords` finds in an afk NDJSON log (`afk-su-log` header, end marker), read from a few lines instead of
 * parsing all of them: the end marker's count, the first record (the spawn item or not) and the last one's
 * Timestamp; with `maxEvents`, the lines up to that event are counted, not parsed. It validates nothing beyond the
 * lines it reads: it is a forecast for a reader that validates every record anyway (the replay), which compares
 * its own count and last Timestamp with it and runs again with the true figures when they differ (a log whose spawn
 * item is not its first record, say). A bad log fails in that reader with the same error a full scan gives. Returns
 * null when the shortcut cannot tell (no end marker, a line it cannot parse, a lone `\r`, no message after the spawn
 * item): the caller then scans in full.
 */
export async function quickScan(
  file: string,
  processId: string,
  o: { maxEvents?: number; headerRecords?: number } = {},
): Promise<RecordScan | null> {
  try {
    return await forecast(file, processId, o)
  } catch {
    // a file that vanished or a line too long: the full scan names the problem
    return null
  }
}

async function forecast(
  file: string,
  processId: string,
  o: { maxEvents?: number; headerRecords?: number },
): Promise<RecordScan | null> {
  if (o.maxEvents !== undefined && o.maxEvents < 1) return null
  const tail = await lastLines(file, 2)
  if (tail === null || tail.length < 2) return null
  const marker = logEndSchema.safeParse(json(tail[1]))
  if (!marker.success) return null
  const records = marker.data.records
  if (o.headerRecords !== undefined && o.headerRecords !== records) return null
  // the first two records after the header: is the first the spawn item, and when does the first message come
  const head: string[] = []
  let seen = 0
  for await (const l of readLines(file)) {
    if (blank(l.text)) continue
    if (seen++ === 0) continue
    head.push(l.text)
    if (head.length === 2) break
  }
  const first = record(head[0], processId)
  if (first === null) return null
  const spawns = first.spawn ? 1 : 0
  const events = records - spawns
  if (events < 1) return null
  const firstMessage = first.spawn ? (head[1] === undefined ? null : record(head[1], processId)) : first
  if (firstMessage === null || firstMessage.spawn) return null
  if (o.maxEvents === undefined || o.maxEvents >= events) {
    const last = record(tail[0], processId)
    if (last === null || last.spawn) return null
    return { events, firstTimestamp: firstMessage.timestamp, lastTimestamp: last.timestamp }
  }
  // the maxEvents-th message: header, then the spawn item if first, then messages (blank lines are not records)
  const target = 1 + spawns + o.maxEvents
  let n = 0
  for await (const l of readLines(file)) {
    if (blank(l.text)) continue
    if (++n < target) continue
    const at = record(l.text, processId)
    if (at === null || at.spawn) return null
    return { events: o.maxEvents, firstTimestamp: firstMessage.timestamp, lastTimestamp: at.timestamp }
  }
  return null
}

function json(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Blank as the reader skips it (`trim() === ''`), for the ASCII whitespace a writer could leave. */
const blank = (text: string) => text.trim() === ''

/** A record line's spawn flag and Timestamp, as the reader derives them; null if the line is not a valid record. */
function record(text: string | undefined, processId: string): { spawn: boolean; timestamp: number } | null {
  if (text === undefined) return null
  const v = json(text) as { format?: unknown } | undefined
  if (!v || v.format === LOG_END_FORMAT) return null
  const node = parseSuNode(v)
  if (!node.success || !node.data.message) return null
  const facts = assignmentFacts(node.data)
  if (typeof facts === 'string') return null
  return { spawn: node.data.message.id === processId, timestamp: facts.timestamp }
}

/**
 * The last `n` non-blank lines of a file (last one last), read backwards; null past `TAIL_LIMIT` or on any `\r` (the
 * reader splits lines at a lone `\r` too; such a log takes the full scan).
 */
async function lastLines(file: string, n: number): Promise<string[] | null> {
  const fh = await open(file, 'r')
  try {
    const size = (await fh.stat()).size
    let from = size
    let tail = Buffer.alloc(0)
    for (;;) {
      const lines = tail.toString('utf8').split('\n')
      // lines[0] may be cut by the read window unless the window starts the file
      const whole = from === 0 ? lines : lines.slice(1)
      const found = whole.filter((l) => !blank(l))
      if (found.length >= n) return found.slice(-n)
      if (from === 0 || size - from >= TAIL_LIMIT) return found.length >= n ? found.slice(-n) : null
      // doubling windows: a long last line is decoded a few times, not once per 64 KiB
      const len = Math.min(from, Math.max(64 * 1024, tail.length))
      const chunk = Buffer.alloc(len)
      await fh.read(chunk, 0, len, from - len)
      from -= len
      tail = Buffer.concat([chunk, tail])
      if (chunk.includes(0x0d)) return null
    }
  } finally {
    await fh.close()
  }
}
