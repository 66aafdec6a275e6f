import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { devnetFaucet } from '../../src/cli/commands/devnet.ts'
import { addressSigner, createClient } from '../../src/clients/createClient.ts'
import { getBalance } from '../../src/clients/token/getBalance.ts'
import { devnet } from '../../src/clients/transports/devnet.ts'

describe('afk devnet start / faucet (real CLI process)', () => {
  it('starts in the foreground, prints URLs/wallets/processes as JSON, serves the faucet, stops on SIGINT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afk-devnet-'))
    const state = join(dir, 'devnet.json')
    // The CLI entry with the flags bin/afk.mjs adds (the launcher's spawnSync parent does not forward signals; in a
    // terminal Ctrl-C reaches both through the process group).
    const tsx = createRequire(import.meta.url).resolve('tsx')
    const args = [
      '--experimental-wasm-memory64',
      '--import',
      tsx,
      'src/cli/index.ts',
      'devnet',
      'start',
      '--port',
      '0',
      '--wallets',
      join(dir, 'w.json'),
      '--state',
      state,
    ]
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stderr.on('data', (d) => (err += d))
    const summary = await new Promise<any>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d
        try {
          resolve(JSON.parse(out))
        } catch {}
      })
      child.once('exit', (code) => reject(new Error(`devnet exited early (${code}): ${err}`)))
    })
    try {
      expect(summary.urls.mu).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mu$/)
      expect(summary.processes.tokens.a).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(JSON.parse(readFileSync(join(dir, 'w.json'), 'utf8')).alice.address).toBe(summary.wallets.alice)
      const to = summary.wallets.bob
      const r = await devnetFaucet({ to, token: summary.processes.tokens.a, amount: '2.5', state })
      expect(r.amount).toBe(2_500_000_000_000n)
      const client = createClient({ transport: devnet(summary), signer: addressSigner(to) })
      expect(await getBalance(client, { token: summary.processes.tokens.a })).toBe(2_500_000_000_000n)
      await expect(
        devnetFaucet({ to, token: summary.processes.tokens.a, amount: 'x', raw: true, state }),
      ).rejects.toThrow(/--amount must be an integer/)
    } finally {
      const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)))
      child.kill('SIGINT')
      expect(await exited).toBe(0)
    }
  })
})
