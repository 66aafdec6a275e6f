import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DevnetWallets, generateWallets } from '../../src/devnet/wallets.ts'

const FILE = join(tmpdir(), `afk-test-devnet-wallets-${process.getuid?.() ?? 0}.json`)

/**
 * Test wallets, generated once per machine and reused by every devnet suite: RSA-4096 key generation is the slowest
 * part of starting a devnet and says nothing about the code under test. Each suite still gets a fresh devnet.
 */
export async function testWallets(): Promise<DevnetWallets> {
  if (existsSync(FILE)) {
    try {
      return JSON.parse(readFileSync(FILE, 'utf8')) as DevnetWallets
    } catch {
      // a torn or foreign file: regenerate below
    }
  }
  const w = await generateWallets()
  const tmp = `${FILE}.${process.pid}`
  writeFileSync(tmp, JSON.stringify(w), { mode: 0o600 })
  renameSync(tmp, FILE)
  return w
}
