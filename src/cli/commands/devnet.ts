import { existsSync, readFileSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { addressSigner, createClient } from '../../clients/createClient.ts'
import { getInfo } from '../../clients/token/getInfo.ts'
import { devnet as devnetTransport } from '../../clients/transports/devnet.ts'
import { parseUnits } from '../../clients/units.ts'
import { type Devnet, startDevnet } from '../../devnet/startDevnet.ts'
import { DevnetWalletFileError, readWalletFile } from '../../devnet/wallets.ts'
import { DevnetListenError, DevnetRequestError } from '../../errors/devnet.ts'
import { writeFileAtomic } from '../../io/atomicFile.ts'

export interface DevnetStartOptions {
  port: number
  /** Wallet file to write (JWKs of mu/operator/alice/bob); reused if it exists. */
  wallets: string
  /** State file other commands read the control URL from. */
  state: string
  seed: boolean
}

/** Starts a devnet and writes the wallet and state files; returns it and the JSON summary printed by the CLI. */
export async function devnetStart(
  o: DevnetStartOptions,
): Promise<{ net: Devnet; summary: Record<string, unknown> }> {
  const walletFile = resolve(o.wallets)
  // Generate wallets only when the file does not exist; an unreadable or invalid file is an error, never overwritten.
  const wallets = readWalletFile(walletFile)
  const net = await startDevnet({ port: o.port, seed: o.seed, wallets })
  if (!wallets) {
    try {
      // exclusive: a file that appeared meanwhile is not clobbered either
      writeFileAtomic(walletFile, JSON.stringify(net.wallets, null, 2), { mode: 0o600, exclusive: true })
    } catch (e) {
      await net.stop()
      throw new DevnetWalletFileError(
        walletFile,
        `the new wallets could not be written (${(e as Error).message})`,
        e,
      )
    }
  }
  const summary = {
    urls: net.urls,
    authority: net.authority,
    walletFile,
    wallets: Object.fromEntries(Object.entries(net.wallets).map(([k, w]) => [k, w.address])),
    processes: net.processes,
  }
  const stateFile = resolve(o.state)
  try {
    writeFileAtomic(stateFile, JSON.stringify(summary, null, 2), { role: 'write devnet state file' })
  } catch (e) {
    await net.stop()
    throw e
  }
  return { net, summary }
}

const ADDRESS = /^[A-Za-z0-9_-]{43}$/

export interface DevnetFaucetOptions {
  /** an address, or the name of a devnet wallet (alice, bob, operator) from the state file */
  to: string
  token: string
  /** Token units (`2.5`), converted with the token's Denomination; raw integer units with `raw`. */
  amount: string
  raw?: boolean
  /** Devnet control URL (`…/devnet`); default: from the state file. */
  url?: string
  state: string
}

/** Asks a running devnet to mint `amount` of `token` to `to`. Returns the Mint message id and the raw amount. */
export async function devnetFaucet(
  o: DevnetFaucetOptions,
): Promise<{ id: string; amount: bigint; to: string }> {
  let urls: { control: string; mu: string; cu: string; gateway: string }
  let state: { urls?: typeof urls; wallets?: Record<string, string> } | undefined
  const readState = () => {
    try {
      return JSON.parse(readFileSync(resolve(o.state), 'utf8')) as NonNullable<typeof state>
    } catch {
      throw new DevnetRequestError(
        resolve(o.state),
        'no devnet state file; pass --url or start one with `afk devnet start`',
        { unreachable: true },
      )
    }
  }
  if (o.url) {
    let u: URL
    try {
      u = new URL(o.url)
    } catch {
      throw new DevnetRequestError(o.url, '--url is not a URL (e.g. http://127.0.0.1:4000)')
    }
    const base = u.href.replace(/\/+$/, '').replace(/\/devnet$/, '')
    urls = { control: `${base}/devnet`, mu: `${base}/mu`, cu: `${base}/cu`, gateway: base }
  } else {
    state = readState()
    if (!state.urls) throw new DevnetRequestError(resolve(o.state), 'the state file has no devnet URLs')
    urls = state.urls
  }
  // A wallet name from the state file (alice, bob, …), else it must be an address.
  let to = o.to
  if (!ADDRESS.test(to)) {
    const wallets = (state ?? (existsSync(resolve(o.state)) ? readState() : undefined))?.wallets ?? {}
    if (!wallets[to])
      throw new DevnetRequestError(
        urls.control,
        `--to "${o.to}" is neither a 43-character address nor a devnet wallet name${Object.keys(wallets).length ? ` (${Object.keys(wallets).join(', ')})` : ''}`,
      )
    to = wallets[to]
  }
  if (!ADDRESS.test(o.token))
    throw new DevnetRequestError(urls.control, `--token "${o.token}" is not a 43-character process id`)
  let amount: bigint
  if (o.raw) {
    if (!/^[0-9]+$/.test(o.amount))
      throw new DevnetRequestError(urls.control, `--amount must be an integer with --raw, got "${o.amount}"`)
    amount = BigInt(o.amount)
  } else {
    const client = createClient({ transport: devnetTransport({ urls }), signer: addressSigner(to) })
    amount = parseUnits(o.amount, (await getInfo(client, { token: o.token })).denomination)
  }
  let res: Response
  try {
    res = await fetch(`${urls.control}/faucet`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to, token: o.token, amount: amount.toString() }),
    })
  } catch (e) {
    throw new DevnetRequestError(`${urls.control}/faucet`, (e as Error).message, { unreachable: true })
  }
  const body = (await res.json().catch(() => ({}))) as { id?: string; error?: string }
  if (!res.ok || !body.id)
    throw new DevnetRequestError(`${urls.control}/faucet`, body.error ?? `HTTP ${res.status}`)
  return { id: body.id, amount, to }
}

function parsePort(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 65535)
    throw new DevnetListenError(v, '--port must be an integer 0-65535')
  return Number(v)
}

export function register(program: Command): void {
  const cmd = program
    .command('devnet')
    .description('local AO devnet (MU/SU/CU/gateway on 127.0.0.1) running the production aos module')
  cmd
    .command('start')
    .description(
      'start a devnet in the foreground and print its URLs, wallet file and seeded process ids as JSON (Ctrl-C stops)',
    )
    .option('--port <n>', 'loopback port (0 = any free port)', parsePort, 4000)
    .option('--wallets <file>', 'wallet file (written; reused if present)', '.afk/devnet-wallets.json')
    .option('--state <file>', 'state file read by `afk devnet faucet`', '.afk/devnet.json')
    .option('--no-seed', 'do not spawn the reference tokens and pools')
    .action(async (o) => {
      const { net, summary } = await devnetStart({
        port: o.port,
        wallets: o.wallets,
        state: o.state,
        seed: o.seed,
      })
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
      await new Promise<void>((resolveStop) => {
        const stop = () => resolveStop()
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
        process.once('SIGHUP', stop)
      })
      // The URLs die with this process: a state file left behind would point other commands at nothing.
      rmSync(resolve(o.state), { force: true })
      await net.stop()
    })
  cmd
    .command('faucet')
    .description('mint test tokens on a running devnet')
    .requiredOption(
      '--to <address|name>',
      'receiving address, or a devnet wallet name (alice, bob, operator)',
    )
    .requiredOption('--token <id>', 'token process id')
    .requiredOption('--amount <amount>', 'amount in whole tokens (e.g. 2.5); base units with --raw')
    .option('--raw', 'amount options are in base units (integers)')
    .option('--url <url>', 'devnet base or control URL (default: from the state file)')
    .option('--state <file>', 'state file written by `afk devnet start`', '.afk/devnet.json')
    .action(async (o) => {
      const r = await devnetFaucet({
        to: o.to,
        token: o.token,
        amount: o.amount,
        raw: o.raw,
        url: o.url,
        state: o.state,
      })
      process.stdout.write(
        `${JSON.stringify({ id: r.id, to: r.to, token: o.token, amount: r.amount.toString() })}\n`,
      )
    })
}
