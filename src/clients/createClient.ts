import type { webcrypto } from 'node:crypto'
import { createSigner } from '@permaweb/aoconnect'
import { addressOf } from '../ao/ans104.ts'
import type { Account, Transport } from './transports/createTransport.ts'

/** Who the client acts as. `jwkSigner(jwk)` for networked transports, `addressSigner(addr)` for the simulator. */
export type Signer = Account

export interface ClientConfig {
  transport: Transport
  signer: Signer
  /** Default deadline (ms) for multi-message flows (swaps). Default 60 000. */
  timeoutMs?: number
}

export interface Client {
  readonly transport: Transport
  readonly signer: Signer
  readonly timeoutMs: number
  /** Adds actions bound to this client (viem `extend`); chainable. */
  extend<const E extends object>(fn: (client: this) => E): this & E
}

/**
 * A client: a transport, a signer and `extend` to bind action sets.
 *
 * @example
 * const client = createClient({ transport: devnet(net), signer: jwkSigner(jwk) }).extend(tokenActions).extend(dexActions)
 * const bal = await client.getBalance({ token })
 */
export function createClient(config: ClientConfig): Client {
  function extend(this: Client, fn: (c: Client) => object): Client {
    return Object.assign({}, this, fn(this), { extend }) as Client
  }
  return {
    transport: config.transport,
    signer: config.signer,
    timeoutMs: config.timeoutMs ?? 60_000,
    extend,
  } as unknown as Client
}

/** A signer from an Arweave JWK (aoconnect `createSigner`). */
export function jwkSigner(jwk: webcrypto.JsonWebKey): Signer {
  return { address: addressOf(jwk), signer: createSigner(jwk as never) }
}

/** A signer that only names an address (in-process simulator: messages are not signed). */
export function addressSigner(address: string): Signer {
  return { address }
}
