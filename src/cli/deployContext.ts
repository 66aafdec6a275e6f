import { resolve } from 'node:path'
import type { Command } from 'commander'
import { type Connection, connectNetwork } from '../deploy/connection.ts'
import { DEFAULT_MANIFEST, type Deployment, findDeployment } from '../deploy/manifest.ts'
import { checkNodes, type Network, type NetworkOverrides, resolveNetwork } from '../deploy/network.ts'
import { readWallet, type Wallet } from '../deploy/wallet.ts'
import { readWalletFile } from '../devnet/wallets.ts'
import { UsageError, WalletFileError } from '../errors/deploy.ts'

export const DEFAULT_WALLET = '.afk/wallet.json'

/** Options shared by deploy and the operations. */
export interface ContextOptions {
  manifest: string
  wallet?: string
  state: string
  muUrl?: string
  cuUrl?: string
  gatewayUrl?: string
  nodeUrl?: string
  timeout: string
}

export function addContextOptions(cmd: Command): Command {
  return cmd
    .option('--manifest <file>', 'deployments manifest', DEFAULT_MANIFEST)
    .option(
      '--wallet <file>',
      `signing wallet (JWK file); default on local: the devnet's "alice", else ${DEFAULT_WALLET}`,
    )
    .option('--state <file>', 'devnet state file written by `afk devnet start`', '.afk/devnet.json')
    .option('--mu-url <url>', 'legacynet MU URL override')
    .option('--cu-url <url>', 'legacynet CU URL override')
    .option('--gateway-url <url>', 'gateway URL override')
    .option('--node-url <url>', 'mainnet HyperBEAM node URL override')
    .option('--timeout <ms>', 'how long a node may take to answer the reachability check', '5000')
}

export function networkOf(name: string, o: ContextOptions): Network {
  const ov: NetworkOverrides = {
    state: o.state,
    muUrl: o.muUrl,
    cuUrl: o.cuUrl,
    gatewayUrl: o.gatewayUrl,
    nodeUrl: o.nodeUrl,
  }
  return resolveNetwork(name, ov)
}

/** The signing wallet: `--wallet`, else on the devnet its `alice`, else the default wallet file. */
export function walletOf(network: Network, o: ContextOptions): Wallet {
  if (o.wallet) return readWallet(o.wallet)
  if (network.name === 'local' && network.devnetWalletFile) {
    const file = network.devnetWalletFile
    const w = readWalletFile(file)
    if (!w) throw new WalletFileError(resolve(file), 'no such file (the devnet wallet file)')
    return { jwk: w.alice.jwk, address: w.alice.address, file }
  }
  return readWallet(DEFAULT_WALLET)
}

export function timeoutOf(o: ContextOptions): number {
  const n = Number(o.timeout)
  if (!/^[0-9]+$/.test(o.timeout) || n < 1)
    throw new UsageError(`--timeout must be a positive integer (ms), got "${o.timeout}".`)
  return n
}

/** Finds a deployment and connects to its network with the signing wallet, after checking the nodes answer. */
export async function openDeployment(
  ref: string,
  o: ContextOptions,
): Promise<{ d: Deployment; conn: Connection; pid: string }> {
  const d = findDeployment(o.manifest, ref)
  const network = networkOf(d.network, o)
  const wallet = walletOf(network, o)
  await checkNodes(network, timeoutOf(o))
  if (!d.processId) throw new UsageError(`"${d.name}" was never spawned; re-run afk deploy.`)
  return { d, conn: connectNetwork(network, wallet), pid: d.processId }
}
