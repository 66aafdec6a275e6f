import { type FileHandle, open } from 'node:fs/promises'
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

/** Bytes read per call: large enough that the per-read cost vanishes, small enough to stay out of the way. */
const CHUNK_BYTES = 1 << 20

/**
 * Streams a file line by line in constant memory (one chunk plus the current line), tracking byte offsets. Lines end
 * at `\n`, `\r\n` or a lone `\r` (as node's readline splits them); `offset` advances by each line's UTF-8 length plus
 * one, as it always has. A missing or unreadable file is a `FileAccessError`; a line longer than `maxLineBytes` is a
 * `LogParseError` at that line, before it is held in memory.
 */
export async function* readLines(
  file: string,
  maxLineBytes = MAX_LINE_BYTES,
  chunkBytes = CHUNK_BYTES,
): AsyncGenerator<Line> {
  let fh: FileHandle
  try {
    fh = await open(file, 'r')
  } catch (e) {
    throw fileError(e, file, 'read log')
  }
  const buf = Buffer.allocUnsafe(chunkBytes)
  // the start of the line that continues into the next chunk, copied (a chunk buffer is reused)
  let carry: Buffer[] = []
  let carried = 0
  let n = 0
  let offset = 0
  // true byte position of the current line's start (for the too-long error)
  let lineStart = 0
  let pos = 0
  const tooLong = () =>
    new LogParseError(
      { file, line: n + 1, offset: lineStart },
      `line longer than ${maxLineBytes} bytes (is this a log? one SU node per line is expected)`,
    )
  // one \n-delimited segment (without the \n; a trailing \r dropped) → its lines: a lone \r splits it further.
  // `cr` says whether the segment may hold a \r at all (JSON logs never do: one check per chunk keeps this cheap).
  const emit = (seg: Buffer, s: number, e: number, cr: boolean, out: Line[]) => {
    if (cr) {
      if (e > s && seg[e - 1] === 0x0d) e--
      for (let i = seg.subarray(s, e).indexOf(0x0d); i !== -1; i = seg.subarray(s, e).indexOf(0x0d)) {
        push(seg.toString('utf8', s, s + i), out)
        s += i + 1
      }
    }
    push(seg.toString('utf8', s, e), out)
  }
  const push = (text: string, out: Line[]) => {
    out.push({ text, line: ++n, offset, terminated: true })
    offset += Buffer.byteLength(text) + 1
  }
  try {
    for (;;) {
      let got: number
      try {
        got = (await fh.read(buf, 0, chunkBytes, null)).bytesRead
      } catch (e) {
        throw fileError(e, file, 'read log')
      }
      if (got === 0) break
      const lines: Line[] = []
      const cr = buf.subarray(0, got).indexOf(0x0d) !== -1
      // a runaway line fails after the lines before it (a consumer sees their own problems first)
      let failure: LogParseError | undefined
      let s = 0
      for (let nl = buf.indexOf(0x0a, 0); nl !== -1 && nl < got; nl = buf.indexOf(0x0a, s)) {
        if (carried + nl - s > maxLineBytes) {
          failure = tooLong()
          break
        }
        if (carried) {
          carry.push(buf.subarray(s, nl))
          const whole = Buffer.concat(carry)
          emit(whole, 0, whole.length, true, lines)
          carry = []
          carried = 0
        } else emit(buf, s, nl, cr, lines)
        s = nl + 1
        lineStart = pos + s
      }
      if (!failure && s < got) {
        carried += got - s
        if (carried > maxLineBytes) failure = tooLong()
        else carry.push(Buffer.from(buf.subarray(s, got)))
      }
      pos += got
      for (const l of lines) yield l
      if (failure) throw failure
    }
    if (carried) {
      const whole = Buffer.concat(carry)
      const lines: Line[] = []
      emit(whole, 0, whole.length, true, lines)
      // the file's last line has no \n after it: a possibly truncated write
      lines[lines.length - 1].terminated = false
      for (const l of lines) yield l
    }
  } finally {
    await fh.close()
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
