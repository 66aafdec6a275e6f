import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileError } from '../../errors/file.ts'
import { LogParseError } from '../../errors/harness.ts'

export interface Line {
  text: string
  /** 1-based line number */
  line: number
  /** byte offset of the first character of the line */
  offset: number
  /** false only for a final line that was not terminated by a newline (a possibly truncated write) */
  terminated: boolean
}

/** The longest line a log may have (an SU node with its data); longer ones are refused before they fill memory. */
export const MAX_LINE_BYTES = 256 * 1024 * 1024

class LineTooLong extends Error {
  constructor(readonly offset: number) {
    super('line too long')
  }
}

/**
 * Streams a file line by line in constant memory (readline over a read stream), tracking byte offsets. A missing or
 * unreadable file is a `FileAccessError`; a line longer than `maxLineBytes` is a `LogParseError` at that line.
 */
export async function* readLines(file: string, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<Line> {
  const stream = createReadStream(file)
  let size = 0
  let lastByte = -1
  // bytes since the last newline and where that line started: enough to stop a runaway line early
  let run = 0
  let lineStart = 0
  stream.on('data', (chunk) => {
    const b = chunk as Buffer
    const nl = b.lastIndexOf(10)
    if (nl === -1) run += b.length
    else {
      // the line that ends in this chunk (lines wholly inside one chunk are far below any sensible limit)
      if (run + b.indexOf(10) > maxLineBytes) run += b.indexOf(10)
      else {
        run = b.length - nl - 1
        lineStart = size + nl + 1
      }
    }
    size += b.length
    if (b.length) lastByte = b[b.length - 1]
    if (run > maxLineBytes) stream.destroy(new LineTooLong(lineStart))
  })
  const rl = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })
  let n = 0
  let offset = 0
  let pending: Line | null = null
  try {
    try {
      for await (const text of rl) {
        if (pending) yield pending
        n++
        pending = { text, line: n, offset, terminated: true }
        offset += Buffer.byteLength(text) + 1
      }
    } catch (e) {
      if (e instanceof LineTooLong || e instanceof RangeError)
        throw new LogParseError(
          { file, line: n + 1, offset: e instanceof LineTooLong ? e.offset : offset },
          `line longer than ${maxLineBytes} bytes (is this a log? one SU node per line is expected)`,
        )
      throw fileError(e, file, 'read log')
    }
    if (pending) {
      // readline hides whether the last line had a newline: the stream's final byte tells us.
      pending.terminated = size === 0 || lastByte === 0x0a
      yield pending
    }
  } finally {
    rl.close()
    stream.destroy()
  }
}

/**
 * Groups lines into whole JSON documents (for pretty-printed SU pages or GraphQL responses that span many lines).
 * Tracks brace depth outside strings; one document is held in memory at a time.
 */
export async function* jsonDocuments(
  lines: AsyncIterable<Line>,
): AsyncGenerator<{ text: string; start: Line; end: Line }> {
  let buf: string[] = []
  let start: Line | null = null
  let depth = 0
  let inString = false
  let escaped = false
  let last: Line | null = null
  for await (const l of lines) {
    last = l
    if (!start && l.text.trim() === '') continue
    if (!start) start = l
    buf.push(l.text)
    for (let i = 0; i < l.text.length; i++) {
      const c = l.text.charCodeAt(i)
      if (inString) {
        if (escaped) escaped = false
        else if (c === 0x5c) escaped = true
        else if (c === 0x22) inString = false
      } else if (c === 0x22) inString = true
      else if (c === 0x7b || c === 0x5b) depth++
      else if (c === 0x7d || c === 0x5d) depth--
    }
    if (depth <= 0 && !inString) {
      yield { text: buf.join('\n'), start, end: l }
      buf = []
      start = null
      depth = 0
    }
  }
  if (start && last) yield { text: buf.join('\n'), start, end: { ...last, terminated: false } }
}
