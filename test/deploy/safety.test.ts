import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkNodes, resolveNetwork } from '../../src/deploy/network.ts'
import { createWallet, readWallet } from '../../src/deploy/wallet.ts'
import { type Devnet, startDevnet } from '../../src/devnet/index.ts'
import { NetworkTimeoutError } from '../../src/errors/deploy.ts'
import { testWallets } from '../devnet/testWallets.ts'
import { runCli } from './runCli.ts'

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()))
  const port = (s.address() as { port: number }).port
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

describe('public-network safety, wallets and the keeper process', () => {
  let dir: string
  let net: Devnet
  let silent: Server
  let silentPort: number
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'afk-safety-'))
    net = await startDevnet({ port: 0, wallets: await testWallets(), onWarning: () => {} })
    // accepts connections and never answers: a hanging node
    silent = createServer(() => {})
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()))
    silentPort = (silent.address() as { port: number }).port
  }, 60_000)
  afterAll(async () => {
    silent?.close()
    await net?.stop()
  })

  it('unreachable or silent nodes give a typed timeout error naming the URL, before anything is signed', async () => {
    const refused = `http://127.0.0.1:${await closedPort()}`
    const legacy = resolveNetwork('legacynet', { muUrl: refused, cuUrl: refused, gatewayUrl: refused })
    const e1 = await checkNodes(legacy, 500).catch((e) => e)
    expect(e1).toBeInstanceOf(NetworkTimeoutError)
    expect(e1.url).toBe(refused)
    const hanging = `http://127.0.0.1:${silentPort}`
    const main = resolveNetwork('mainnet', { nodeUrl: hanging })
    const e2 = await checkNodes(main, 300).catch((e) => e)
    expect(e2).toBeInstanceOf(NetworkTimeoutError)
    expect(e2.shortMessage).toBe(`No answer from ${hanging} within 300 ms; nothing was signed or sent.`)
    // through the CLI: one line, exit 1, and the manifest is never written
    const wallet = join(dir, 'w.json')
    writeFileSync(wallet, JSON.stringify(net.wallets.alice.jwk), { mode: 0o600 })
    const manifest = join(dir, 'm.json')
    const params = JSON.stringify({
      base: 'a'.repeat(43),
      quote: 'b'.repeat(43),
      pool: 'c'.repeat(43),
      amount: '1',
      slippageBps: 1,
    })
    const r = await runCli([
      'deploy',
      'agents/dca.ts',
      '-p',
      params,
      '--network',
      'mainnet',
      '--node-url',
      hanging,
      '--timeout',
      '300',
      '--wallet',
      wallet,
      '--manifest',
      manifest,
    ])
    expect(r.code).toBe(1)
    expect(r.err).toBe(`error: No answer from ${hanging} within 300 ms; nothing was signed or sent.\n`)
    expect(() => statSync(manifest)).toThrow()
  })

  it('a legacynet deploy prints the plan and is not sent without confirmation (--yes)', async () => {
    // the devnet speaks the legacy protocol, so it stands in for legacynet's nodes here
    const wallet = join(dir, 'w.json')
    const manifest = join(dir, 'm2.json')
    const params = JSON.stringify({
      base: 'a'.repeat(43),
      quote: 'b'.repeat(43),
      pool: 'c'.repeat(43),
      amount: '1',
      slippageBps: 1,
    })
    const before = net.node.su.processIds().length
    const r = await runCli([
      'deploy',
      'agents/dca.ts',
      '-p',
      params,
      '--network',
      'legacynet',
      '--mu-url',
      net.urls.mu,
      '--cu-url',
      net.urls.cu,
      '--gateway-url',
      net.urls.gateway,
      '--wallet',
      wallet,
      '--manifest',
      manifest,
    ])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/Deploy "dca" to legacynet:\n {2}module {6}ISShJH1ij/)
    expect(r.err).toMatch(/authority {3}fcoN_xJeisVsPXA-trzVAuIiqO3ydLQxM-L4XbrQKzY/)
    expect(r.err).toMatch(/cron {8}1-hour/)
    expect(r.err).toMatch(/messages {4}about 3 signed message/)
    expect(r.err.trim().split('\n').at(-1)).toMatch(
      /^error: Deploy of "dca" to legacynet not confirmed; nothing was sent/,
    )
    expect(() => statSync(manifest)).toThrow()
    expect(net.node.su.processIds().length).toBe(before)
  })

  it('wallet new writes a 0600 file and never prints the key; address reads it; bad files are named', async () => {
    const file = join(dir, 'new-wallet.json')
    const r = await runCli(['wallet', 'new', '-o', file])
    expect(r.code, r.err).toBe(0)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const jwk = JSON.parse(readFileSync(file, 'utf8'))
    const address = readWallet(file).address
    expect(r.out).toBe(`${address}\n`)
    for (const k of ['d', 'p', 'q', 'n']) {
      expect(r.out).not.toContain(jwk[k].slice(0, 32))
      expect(r.err).not.toContain(jwk[k].slice(0, 32))
    }
    expect((await runCli(['wallet', 'address', file])).out).toBe(`${address}\n`)
    const again = await runCli(['wallet', 'new', '-o', file])
    expect(again.code).toBe(1)
    expect(again.err).toBe(`error: Wallet file ${file}: already exists (refusing to overwrite a wallet).\n`)
    expect(readWallet(file).address).toBe(address)
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, '{"kty":"RSA","n":"x"}')
    const b = await runCli(['wallet', 'address', bad])
    expect(b.err).toBe(
      `error: Wallet file ${bad}: it lacks the private key field(s) e, d, p, q, dp, dq, qi.\n`,
    )
    writeFileSync(bad, 'not json')
    expect((await runCli(['wallet', 'address', bad])).err).toBe(
      `error: Wallet file ${bad}: not valid JSON.\n`,
    )
    await expect(createWallet(file)).rejects.toThrow(/already exists/)
  }, 60_000)

  it('afk keeper runs passes on its node-cron schedule and exits cleanly on SIGINT and SIGTERM', async () => {
    const state = join(dir, 'devnet.json')
    const walletFile = join(dir, 'devnet-wallets.json')
    writeFileSync(walletFile, JSON.stringify(net.wallets), { mode: 0o600 })
    writeFileSync(state, JSON.stringify({ urls: net.urls, authority: net.authority, walletFile }))
    const manifest = join(dir, 'kept.json')
    const step = { state: 'done', runs: 1 }
    writeFileSync(
      manifest,
      JSON.stringify({
        version: 1,
        deployments: {
          ghost: {
            name: 'ghost',
            network: 'local',
            processId: 'g'.repeat(43),
            module: 'm',
            scheduler: 's',
            authority: 'a',
            owner: 'o',
            strategy: { file: 'x', id: 'x', strategyHash: 'h', paramsHash: 'h' },
            cron: '1-hour',
            networkCron: true,
            deployNonce: 'n',
            createdAt: '',
            updatedAt: '',
            steps: { spawn: step, load: step, monitor: step, verify: step },
          },
        },
      }),
    )
    const tsx = createRequire(import.meta.url).resolve('tsx')
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const child = spawn(
        process.execPath,
        [
          '--experimental-wasm-memory64',
          '--import',
          tsx,
          'src/cli/index.ts',
          'keeper',
          '--schedule',
          '* * * * * *',
          '--state',
          state,
          '--manifest',
          manifest,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      )
      let out = ''
      child.stdout.on('data', (d) => (out += d))
      child.stderr.on('data', (d) => (out += d))
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
      const until = Date.now() + 20_000
      while (!/ghost error:/.test(out) && Date.now() < until) await new Promise((r) => setTimeout(r, 100))
      expect(out).toMatch(/keeper started/)
      expect(out).toMatch(/ghost error: /) // a pass ran (the ghost process does not exist) and was logged
      child.kill(signal)
      expect(await exited).toBe(0)
      expect(out).toMatch(/keeper stopped\n$/)
    }
  }, 60_000)
})
