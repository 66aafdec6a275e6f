import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import { type Line, readLines } from '../../src/harness/log/lines.ts'

const dir = mkdtempSync(join(tmpdir(), 'afk-lines-'))

/** The line reader `readLines` replaced (node's readline over a read stream): the behaviour it must keep. */
async function readlineLines(file: string): Promise<Line[]> {
  const stream = createReadStream(file, { highWaterMark: 5 })
  let size = 0
  let lastByte = -1
  stream.on('data', (b) => {
    size += b.length
    if (b.length) lastByte = (b as Buffer)[b.length - 1]
  })
  const out: Line[] = []
  let offset = 0
  let n = 0
  for await (const text of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
    out.push({ text, line: ++n, offset, terminated: true })
    offset += Buffer.byteLength(text) + 1
  }
  if (out.length) out[out.length - 1].terminated = size === 0 || lastByte === 0x0a
  return out
}

async function all(file: string, max?: number, chunk?: number): Promise<Line[]> {
  const out: Line[] = []
  for await (const l of readLines(file, max, chunk)) out.push(l)
  return out
}

const cases: Record<string, Buffer> = {
  empty: Buffer.alloc(0),
  newline: Buffer.from('\n'),
  plain: Buffer.from('{"a":1}\n{"b":2}\n'),
  unterminated: Buffer.from('{"a":1}\n{"b":'),
  blank: Buffer.from('\n\n  \nx\n\n'),
  crlf: Buffer.from('a\r\nbb\r\n\r\nccc'),
  loneCr: Buffer.from('a\rb\r\rc\n'),
  crAtEnd: Buffer.from('abc\r'),
  crCrLf: Buffer.from('abc\r\r\nd\n\r'),
  utf8: Buffer.from('héllo ☃ 𝄞\n€uro\n'),
  // an invalid sequence and a multi-byte character cut by every chunk size below
  invalid: Buffer.concat([
    Buffer.from('ok\n'),
    Buffer.from([0xc3, 0x28, 0x0a, 0xe2, 0x82]),
    Buffer.from('\n𝄞x'),
  ]),
  long: Buffer.from(`${'x'.repeat(1000)}\n${'y'.repeat(3000)}\r\nz`),
}

describe('readLines (the log line reader)', () => {
  it('gives the same lines, numbers, offsets and truncation flags as readline, at every chunk size', async () => {
    for (const [name, bytes] of Object.entries(cases)) {
      const f = join(dir, `${name}.txt`)
      writeFileSync(f, bytes)
      const want = await readlineLines(f)
      for (const chunk of [1, 2, 3, 7, 64, 1 << 20])
        expect(await all(f, undefined, chunk), `${name}/${chunk}`).toEqual(want)
    }
  })

  it('the comparison catches a reader that splits differently (planted drift)', async () => {
    const f = join(dir, 'drift.txt')
    writeFileSync(f, cases.crlf)
    const want = await readlineLines(f)
    const got = await all(f)
    expect(got).toEqual(want)
    // planted drift: one offset off (what counting \r\n as two bytes would give) must fail the comparison
    const drifted = got.map((l, i) => (i === 1 ? { ...l, offset: l.offset + 1 } : l))
    expect(drifted).not.toEqual(want)
  })

  it('refuses a runaway line at its line and byte, after yielding the lines before it', async () => {
    const f = join(dir, 'runaway.txt')
    writeFileSync(f, `first\nsecond\n${'x'.repeat(5000)}\nlast\n`)
    for (const chunk of [3, 64, 1 << 20]) {
      const seen: string[] = []
      const err = await (async () => {
        for await (const l of readLines(f, 1000, chunk)) seen.push(l.text)
      })().catch((e) => e)
      expect(err.message).toContain(`runaway.txt:3 (byte 13): line longer than 1000 bytes`)
      expect(seen).toEqual(['first', 'second'])
    }
    expect((await all(f, 5000)).map((l) => l.text.length)).toEqual([5, 6, 5000, 4])
  })
})
