import { connect, createSigner } from '@permaweb/aoconnect'
import type { Tag } from '../ao/message.ts'
import { addressSigner, type Client, createClient, jwkSigner } from '../clients/createClient.ts'
import { aoconnect } from '../clients/transports/aoconnect.ts'
import type { AoResult } from '../clients/transports/createTransport.ts'
import type { Network } from './network.ts'
import type { Wallet } from './wallet.ts'

/** The aoconnect calls deploy and operations need beyond the clients' transport. */
export interface AoApi {
  spawn(a: { module: string; scheduler: string; signer: unknown; tags: Tag[]; data: string }): Promise<string>
  monitor(a: { process: string; signer: unknown }): Promise<string>
  message(a: { process: string; signer: unknown; tags: Tag[]; data?: string }): Promise<string>
  result(a: { process: string; message: string }): Promise<AoResult>
  results(a: {
    process: string
    sort?: 'ASC' | 'DESC'
    limit?: number
    from?: string
    to?: string
  }): Promise<{
    edges: { cursor: string; node: AoResult }[]
  }>
}

/** One wallet on one network: real `@permaweb/aoconnect` for spawns/monitors/results, and an afk client. */
export interface Connection {
  network: Network
  wallet: Wallet
  ao: AoApi
  signer: unknown
  client: Client
}

/** A connection that can only read (dry-runs, results): no key, just the address dry-runs are made as. */
export function connectReadOnly(network: Network, address: string): Connection {
  return connectNetwork(network, { jwk: undefined as never, address, file: '(read-only)' })
}

export function connectNetwork(network: Network, wallet: Wallet, o: { timeoutMs?: number } = {}): Connection {
  const signer = wallet.jwk ? createSigner(wallet.jwk as never) : undefined
  const ao = (network.mode === 'legacy'
    ? connect({
        MODE: 'legacy',
        MU_URL: network.mu,
        CU_URL: network.cu,
        GATEWAY_URL: network.gateway,
        noLog: true,
      } as never)
    : connect({ MODE: 'mainnet', URL: network.node, signer, noLog: true } as never)) as unknown as AoApi
  const transport =
    network.mode === 'legacy'
      ? aoconnect({ mode: 'legacy', MU_URL: network.mu, CU_URL: network.cu, GATEWAY_URL: network.gateway })
      : aoconnect({ mode: 'mainnet', URL: network.node, GATEWAY_URL: network.gateway })
  const client = createClient({
    transport,
    signer: wallet.jwk ? jwkSigner(wallet.jwk) : addressSigner(wallet.address),
    timeoutMs: o.timeoutMs ?? 60_000,
  })
  return { network, wallet, ao, signer, client }
}
