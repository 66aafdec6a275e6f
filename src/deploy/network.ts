import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { AOS_MODULE_ID, LEGACY_AUTHORITY, LEGACY_SCHEDULER } from '../ao/constants.ts'
import { NetworkConfigError, NetworkTimeoutError } from '../errors/deploy.ts'

export type NetworkName = 'local' | 'legacynet' | 'mainnet'
export const NETWORKS: readonly NetworkName[] = ['local', 'legacynet', 'mainnet']

/** Where and how a deployment talks to AO. */
export interface Network {
  name: NetworkName
  /** aoconnect mode */
  mode: 'legacy' | 'mainnet'
  mu: string
  cu: string
  gateway: string
  /** mainnet: the HyperBEAM node */
  node?: string
  module: string
  scheduler: string
  /** `Authority` for spawns; on mainnet resolved from the node when empty */
  authority: string
  /** whether spawn supports `On-Boot=Data` (else the Lua is loaded with Eval) */
  onBoot: boolean
  /** whether crons need `monitor` to deliver outboxes (legacy MU) */
  monitor: boolean
  /** public networks need confirmation and cost real messages */
  public: boolean
  /** local only: the devnet wallet file (default signer = its `alice`) */
  devnetWalletFile?: string
}

export const LEGACYNET_URLS = {
  mu: 'https://mu.ao-testnet.xyz',
  cu: 'https://cu.ao-testnet.xyz',
  gateway: 'https://arweave.net',
}
export const MAINNET_NODE = 'https://push.forward.computer'
export const MAINNET_SCHEDULER = 'n_XZJhUnmldNFo4dhajoPZWhBXuJk-OcQr5JQ49c4Zo'
export const DEFAULT_DEVNET_STATE = '.afk/devnet.json'

export interface NetworkOverrides {
  /** devnet state file (`afk devnet start --state`) */
  state?: string
  muUrl?: string
  cuUrl?: string
  gatewayUrl?: string
  nodeUrl?: string
}

/** Resolves a network by name; `local` reads the running devnet's URLs and authority from its state file. */
export function resolveNetwork(name: string, o: NetworkOverrides = {}): Network {
  if (name === 'local') {
    const file = resolve(o.state ?? DEFAULT_DEVNET_STATE)
    let s: { urls?: { mu?: string; cu?: string; gateway?: string }; authority?: string; walletFile?: string }
    try {
      s = JSON.parse(readFileSync(file, 'utf8'))
    } catch {
      throw new NetworkConfigError(
        `No devnet state at ${file}: start one with \`afk devnet start\` (or pass --state).`,
      )
    }
    if (!s.urls?.mu || !s.urls.cu || !s.urls.gateway || !s.authority)
      throw new NetworkConfigError(`Devnet state ${file} lacks urls or authority; restart the devnet.`)
    return {
      name,
      mode: 'legacy',
      mu: s.urls.mu,
      cu: s.urls.cu,
      gateway: s.urls.gateway,
      module: AOS_MODULE_ID,
      scheduler: LEGACY_SCHEDULER,
      authority: s.authority,
      onBoot: true,
      monitor: true,
      public: false,
      devnetWalletFile: s.walletFile,
    }
  }
  if (name === 'legacynet')
    return {
      name,
      mode: 'legacy',
      mu: o.muUrl ?? LEGACYNET_URLS.mu,
      cu: o.cuUrl ?? LEGACYNET_URLS.cu,
      gateway: o.gatewayUrl ?? LEGACYNET_URLS.gateway,
      module: AOS_MODULE_ID,
      scheduler: LEGACY_SCHEDULER,
      authority: LEGACY_AUTHORITY,
      onBoot: true,
      monitor: true,
      public: true,
    }
  if (name === 'mainnet') {
    const node = o.nodeUrl ?? MAINNET_NODE
    return {
      name,
      mode: 'mainnet',
      mu: node,
      cu: node,
      gateway: o.gatewayUrl ?? LEGACYNET_URLS.gateway,
      node,
      module: AOS_MODULE_ID,
      scheduler: MAINNET_SCHEDULER,
      authority: '',
      // genesis-wasm runs the legacy aos module, but On-Boot under it was not verified: load with Eval
      onBoot: false,
      // HyperBEAM crons are node devices, not MU monitors; Cron-Interval under genesis-wasm is unverified
      monitor: false,
      public: true,
    }
  }
  throw new NetworkConfigError(`Unknown network "${name}": use one of ${NETWORKS.join(', ')}.`)
}

/** The URLs a network's units answer on (checked before anything is signed). */
export function networkUrls(n: Network): string[] {
  return [...new Set(n.node ? [n.node] : [n.mu, n.cu, n.gateway])]
}

/**
 * Checks that every node answers an HTTP request within `timeoutMs` (any status counts as an answer). Throws
 * `NetworkTimeoutError` with the URL otherwise, before anything is signed.
 */
export async function checkNodes(n: Network, timeoutMs = 5000): Promise<void> {
  await Promise.all(
    networkUrls(n).map(async (url) => {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
        await res.arrayBuffer()
      } catch (e) {
        throw new NetworkTimeoutError(url, timeoutMs, e)
      }
    }),
  )
}

/** mainnet: the node's address, used as `Authority` (as the aos CLI does). */
export async function nodeAddress(n: Network, timeoutMs = 5000): Promise<string> {
  const url = `${n.node}/~meta@1.0/info/address`
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    const text = (await res.text()).trim()
    if (!res.ok || !/^[A-Za-z0-9_-]{43}$/.test(text))
      throw new NetworkConfigError(`${url} did not return a node address (HTTP ${res.status}).`)
    return text
  } catch (e) {
    if (e instanceof NetworkConfigError) throw e
    throw new NetworkTimeoutError(url, timeoutMs, e)
  }
}

/**
 * On the local devnet, params may name seeded processes and wallets as `devnet:<path>` (e.g. `devnet:tokens.a`,
 * `devnet:pool`, `devnet:wallets.bob`), looked up in the devnet state file — so one params file works on every fresh
 * devnet. An unknown path is an error; other networks refuse such values.
 */
export function resolveDevnetRefs(
  params: Record<string, unknown>,
  network: Network,
  o: { state?: string } = {},
): Record<string, unknown> {
  const refs = Object.entries(params).filter(([, v]) => typeof v === 'string' && v.startsWith('devnet:'))
  if (!refs.length) return params
  if (network.name !== 'local')
    throw new NetworkConfigError(
      `Param ${refs[0][0]} is "${refs[0][1]}": devnet: references only work on the local network.`,
    )
  const file = resolve(o.state ?? DEFAULT_DEVNET_STATE)
  const s = JSON.parse(readFileSync(file, 'utf8')) as { processes?: unknown; wallets?: unknown }
  const root = { ...(s.processes as object), wallets: s.wallets }
  const out = { ...params }
  for (const [k, v] of refs) {
    const path = (v as string).slice('devnet:'.length)
    let cur: unknown = root
    for (const part of path.split('.'))
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined
    if (typeof cur !== 'string')
      throw new NetworkConfigError(`Param ${k} is "${v}", but the devnet state ${file} has no ${path}.`)
    out[k] = cur
  }
  return out
}
