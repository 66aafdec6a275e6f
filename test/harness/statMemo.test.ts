import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hashFile, hashFileMemo } from '../../src/harness/log/scanLog.ts'
import { RACY_NS } from '../../src/harness/log/statMemo.ts'

// The stat-keyed memo of a file's sha256: an unchanged file is not read again, a changed one always is.
const setup = () => {
  const root = mkdtempSync(join(tmpdir(), 'afk-memo-'))
  const dir = join(root, 'memo')
  const file = join(root, 'log.ndjson')
  writeFileSync(file, 'one\ntwo\n')
  return { dir, file }
}
/** a clock that says the memo was written long after the file's last change (not racy) */
const later = () => BigInt(Date.now()) * 1_000_000n + 10n * RACY_NS

/** plants a false digest in the memo: a result equal to it proves the memo was used, not the file */
const plant = (dir: string) => {
  const [name] = readdirSync(dir).filter((f) => f.startsWith('memo-'))
  const e = JSON.parse(readFileSync(join(dir, name), 'utf8'))
  e.value.sha256 = 'f'.repeat(64)
  writeFileSync(join(dir, name), JSON.stringify(e))
}

describe('hashFileMemo', () => {
  it('gives hashFile and reads an unchanged file no more (the planted memo value comes back)', async () => {
    const { dir, file } = setup()
    const real = await hashFile(file)
    expect(await hashFileMemo(file, { dir, nowNs: later })).toEqual(real)
    plant(dir)
    expect((await hashFileMemo(file, { dir, nowNs: later })).sha256).toBe('f'.repeat(64))
    // without a memo directory (AFK_CACHE=off) the file is always hashed
    expect(await hashFileMemo(file, { dir: null })).toEqual(real)
  })

  it('planted drift: a file rewritten with the same size and mtime is hashed again', async () => {
    const { dir, file } = setup()
    await hashFileMemo(file, { dir, nowNs: later })
    plant(dir)
    const { atime, mtime } = statSync(file)
    writeFileSync(file, 'one\nTWO\n')
    utimesSync(file, atime, mtime)
    const h = await hashFileMemo(file, { dir, nowNs: later })
    expect(h.sha256).not.toBe('f'.repeat(64))
    expect(h).toEqual(await hashFile(file))
  })

  it('does not trust a memo written within the racy window of the last change', async () => {
    const { dir, file } = setup()
    // written "now", right after the file: racy, so the next call hashes the file again
    await hashFileMemo(file, { dir })
    plant(dir)
    expect((await hashFileMemo(file, { dir })).sha256).toBe((await hashFile(file)).sha256)
  })
})
