import type { Server } from 'node:http'
import type { DevnetClockOptions } from './DevnetClock.ts'
import { DevnetNode } from './DevnetNode.ts'
import { DevnetBadRequestError, type DevnetUrls, serveDevnet } from './httpServer.ts'
import { faucet, type SeededProcesses, seedDevnet } from './seedDevnet.ts'
import { type DevnetWallets, generateWallets } from './wallets.ts'

export interface StartDevnetOptions {
  /** Loopback port; 0 (default) picks a free one. */
  port?: number
  /** Spawn the reference tokens, the Botega factory + pool (with liquidity) and the Permaswap pool + settle. */
  seed?: boolean
  clock?: DevnetClockOptions
  /** Reuse wallets (e.g. from a wallet file) instead of generating fresh ones. */
  wallets?: DevnetWallets
  onWarning?: (text: string) => void
}

export interface Devnet {
  urls: DevnetUrls
  wallets: DevnetWallets
  /** The MU signer address: the `Authority` every devnet process must list to trust process messages. */
  authority: string
  /** Seeded process ids (empty when `seed` is false). */
  processes: SeededProcesses
  node: DevnetNode
  /** Mints `amount` (raw units) of `token` to `address`; resolves to the Mint message id once delivered. */
  faucet(address: string, token: string, amount: bigint): Promise<string>
  /** Moves devnet time forward (fires due crons of monitored processes) and waits until the devnet is idle. */
  advance(ms: number): Promise<void>
  stop(): Promise<void>
}

/**
 * Starts a local AO devnet (MU/SU/CU/gateway on 127.0.0.1) running the production aos module. Talk to it with
 * aoconnect in legacy mode (`MU_URL`, `CU_URL`, `GATEWAY_URL` from `urls`) or with `devnet(net)` transports.
 *
 * @example
 * const net = await startDevnet({ port: 0, seed: true })
 * try { ... } finally { await net.stop() }
 */
export async function startDevnet(o: StartDevnetOptions = {}): Promise<Devnet> {
  const wallets = o.wallets ?? (await generateWallets())
  const node = new DevnetNode({ muWallet: wallets.mu.jwk, clock: o.clock, onWarning: o.onWarning })
  let processes: SeededProcesses = {}
  const net: Partial<Devnet> = {}
  const { server, urls } = await serveDevnet(node, {
    port: o.port ?? 0,
    extras: {
      info: async () => ({ urls, authority: node.muAddress, processes, wallets: publicWallets(wallets) }),
      faucet: async (body: { to?: unknown; token?: unknown; amount?: unknown } | null) => {
        const b = body ?? {}
        if (
          typeof b.to !== 'string' ||
          !b.to ||
          typeof b.token !== 'string' ||
          !b.token ||
          !/^[0-9]+$/.test(String(b.amount ?? ''))
        )
          throw new DevnetBadRequestError(
            'The faucet needs {to, token, amount (integer string of raw units)}.',
          )
        return { id: await faucet(node, wallets, b.token, b.to, BigInt(String(b.amount))) }
      },
      advance: async (b: { ms?: unknown } | null) => {
        const ms = Number(b?.ms ?? 0)
        if (!Number.isSafeInteger(ms) || ms < 0)
          throw new DevnetBadRequestError(
            'advance needs {ms}: a non-negative integer number of milliseconds.',
          )
        await node.advance(ms)
        return { timestamp: node.clock.now() }
      },
    },
  })
  const pump = setInterval(() => node.pumpCrons(), 1000)
  pump.unref()
  try {
    if (o.seed) processes = await seedDevnet(node, wallets)
  } catch (e) {
    clearInterval(pump)
    await close(server)
    throw e
  }
  Object.assign(net, {
    urls,
    wallets,
    authority: node.muAddress,
    processes,
    node,
    faucet: (address: string, token: string, amount: bigint) => faucet(node, wallets, token, address, amount),
    advance: (ms: number) => node.advance(ms),
    stop: async () => {
      clearInterval(pump)
      await node.idle()
      await close(server)
    },
  })
  return net as Devnet
}

function publicWallets(w: DevnetWallets) {
  return Object.fromEntries(Object.entries(w).map(([k, v]) => [k, v.address]))
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}
