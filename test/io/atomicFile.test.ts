import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FileAccessError } from '../../src/errors/file.ts'
import { assertWritable, writeFileAtomic, writeFilesAtomic } from '../../src/io/atomicFile.ts'

describe('atomic writes: user paths', () => {
  const dir = mkdtempSync(join(tmpdir(), 'afk-atomic-'))

  it('creates missing parent directories and leaves no temporary file', () => {
    const path = join(dir, 'a', 'b', 'out.json')
    writeFileAtomic(path, '{}')
    expect(readFileSync(path, 'utf8')).toBe('{}')
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['out.json'])
  })

  it('a file standing where a directory should be is a FileAccessError, at any depth, with nothing left behind', () => {
    const file = join(dir, 'plain')
    writeFileSync(file, 'x')
    for (const path of [join(file, 'out.json'), join(file, 'deeper', 'out.json')]) {
      expect(() => writeFileAtomic(path, '{}')).toThrow(FileAccessError)
      expect(() => assertWritable(path)).toThrow(/a part of the path is a file/)
    }
    expect(readFileSync(file, 'utf8')).toBe('x')
  })

  it('a path under /proc is refused instead of hanging (Node recursive mkdir loops there)', () => {
    expect(() => assertWritable('/proc/afk-nowhere/out.json')).toThrow(FileAccessError)
    expect(existsSync('/proc/afk-nowhere')).toBe(false)
  })
})

describe('writeFilesAtomic with text in pieces', () => {
  const dir = mkdtempSync(join(tmpdir(), 'afk-atomic-chunks-'))

  it('writes the pieces in order (across the 64 KB write batches) next to a whole-string file', () => {
    const pieces = Array.from({ length: 5000 }, (_, i) => `${i}:${'x'.repeat(i % 97)}é\n`)
    writeFilesAtomic([
      { path: join(dir, 'a.txt'), data: pieces },
      { path: join(dir, 'b.txt'), data: 'whole' },
    ])
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe(pieces.join(''))
    expect(readFileSync(join(dir, 'b.txt'), 'utf8')).toBe('whole')
  })

  it('a piece that throws leaves none of the files and no temporary file', () => {
    function* failing(): Generator<string> {
      yield 'x'.repeat(70_000)
      throw new Error('report bug')
    }
    expect(() =>
      writeFilesAtomic([
        { path: join(dir, 'c.txt'), data: 'first' },
        { path: join(dir, 'd.txt'), data: failing() },
      ]),
    ).toThrow('report bug')
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'b.txt'])
  })
})
