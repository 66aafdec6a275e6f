import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { devnetStart } from '../../src/cli/commands/devnet.ts'
import { DevnetWalletFileError, readWalletFile } from '../../src/devnet/wallets.ts'
import { testWallets } from './testWallets.ts'

describe('devnet wallet file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'afk-wallets-'))

  it('readWalletFile: undefined only for a missing file; valid files round-trip with recomputed addresses', async () => {
    expect(readWalletFile(join(dir, 'missing.json'))).toBeUndefined()
    const w = await testWallets()
    const f = join(dir, 'ok.json')
    writeFileSync(f, JSON.stringify({ ...w, alice: { ...w.alice, address: 'stale' } }))
    const back = readWalletFile(f)!
    expect(back.alice.address).toBe(w.alice.address)
    expect(back.mu.jwk).toEqual(w.mu.jwk)
  })

  it.each([
    ['truncated JSON', (w: string) => w.slice(0, w.length / 2), /not valid JSON/],
    [
      'a wallet missing',
      (w: string) => JSON.stringify({ ...JSON.parse(w), bob: undefined }),
      /"bob" is missing/,
    ],
    [
      'a public key only',
      (w: string) => {
        const o = JSON.parse(w)
        delete o.operator.jwk.d
        return JSON.stringify(o)
      },
      /"operator" is missing or not a private RSA JWK/,
    ],
    ['not an object', () => '42', /not a JSON object/],
  ])('refuses %s with DevnetWalletFileError', async (_, mangle, why) => {
    const f = join(dir, `bad-${Math.random()}.json`)
    writeFileSync(f, mangle(JSON.stringify(await testWallets())))
    expect(() => readWalletFile(f)).toThrowError(DevnetWalletFileError)
    expect(() => readWalletFile(f)).toThrow(why)
  })

  it('refuses a path it cannot read (a directory)', () => {
    const d = join(dir, 'a-dir')
    mkdirSync(d)
    expect(() => readWalletFile(d)).toThrow(/cannot be read/)
  })

  it('afk devnet start never overwrites a wallet file it cannot use, and does not rewrite a valid one', async () => {
    const bad = join(dir, 'w-bad.json')
    writeFileSync(bad, '{"mu": {"jwk": ')
    chmodSync(bad, 0o600)
    const state = join(dir, 'state.json')
    await expect(devnetStart({ port: 0, wallets: bad, state, seed: false })).rejects.toThrowError(
      DevnetWalletFileError,
    )
    expect(readFileSync(bad, 'utf8')).toBe('{"mu": {"jwk": ')

    const good = join(dir, 'w-good.json')
    const text = JSON.stringify(await testWallets())
    writeFileSync(good, text)
    const before = statSync(good).mtimeMs
    const { net, summary } = await devnetStart({ port: 0, wallets: good, state, seed: false })
    try {
      expect(summary.wallets).toMatchObject({ alice: (await testWallets()).alice.address })
      expect(readFileSync(good, 'utf8')).toBe(text)
      expect(statSync(good).mtimeMs).toBe(before)
    } finally {
      await net.stop()
    }
  })
})
