import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
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
      // regression (issue 12 item 7): a wallet name from the state file is a recipient, anything else a clear error
      const named = await devnetFaucet({ to: 'alice', token: summary.processes.tokens.a, amount: '1', state })
      expect(named.to).toBe(summary.wallets.alice)
      await expect(
        devnetFaucet({ to: 'mallory', token: summary.processes.tokens.a, amount: '1', state }),
      ).rejects.toThrow(/neither a 43-character address nor a devnet wallet name \(.*alice/)
      // regression (issue 12 item 9): malformed JSON is 400 with the reason; oversized bodies 413, never buffered
      const post = (path: string, body: string) =>
        fetch(`${summary.urls.gateway}${path}`, { method: 'POST', body })
      for (const path of [
        `/cu/dry-run?process-id=${summary.processes.tokens.a}`,
        '/graphql',
        '/devnet/faucet',
      ]) {
        const r = await post(path, '{"oops"')
        expect([path, r.status]).toEqual([path, 400])
        expect((await r.json()).error).toMatch(/Malformed JSON/)
      }
      expect((await post('/devnet/faucet', '[1,2]')).status).toBe(400)
      const big = await post(
        `/cu/dry-run?process-id=${summary.processes.tokens.a}`,
        'x'.repeat(2 * 1024 * 1024),
      )
      expect(big.status).toBe(413)
    } finally {
      const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)))
      child.kill('SIGINT')
      expect(await exited).toBe(0)
    }
    // regression (issue 12 item 9): the state file does not outlive the devnet it describes
    expect(existsSync(state)).toBe(false)
  })
})
