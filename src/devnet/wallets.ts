import type { webcrypto } from 'node:crypto'
import Arweave from 'arweave'
import { addressOf } from './ans104.ts'

type JsonWebKey = webcrypto.JsonWebKey
/** An Arweave RSA wallet and its address. */
export interface DevnetWallet {
  jwk: JsonWebKey
  address: string
}

/** The devnet's wallets: the MU signer, the operator (owner of the seeded processes and faucet), two users. */
export interface DevnetWallets {
  mu: DevnetWallet
  operator: DevnetWallet
  alice: DevnetWallet
  bob: DevnetWallet
}

/** Generates fresh RSA-4096 wallets with the `arweave` package (about a second each on a slow machine). */
export async function generateWallets(): Promise<DevnetWallets> {
  const arweave = Arweave.init({})
  const one = async (): Promise<DevnetWallet> => {
    const jwk = (await arweave.wallets.generate()) as unknown as JsonWebKey
    return { jwk, address: addressOf(jwk) }
  }
  // Key generation runs on libuv's thread pool: generating the four in parallel uses every core.
  const [mu, operator, alice, bob] = await Promise.all([one(), one(), one(), one()])
  return { mu, operator, alice, bob }
}
