import type { webcrypto } from 'node:crypto'
import { readFileSync } from 'node:fs'
import Arweave from 'arweave'
import { addressOf } from '../ao/ans104.ts'
import { BaseError } from '../errors/BaseError.ts'

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

/** A devnet wallet file exists but cannot be used; `afk devnet start` refuses to overwrite it. */
export class DevnetWalletFileError extends BaseError {
  override name = 'DevnetWalletFileError'
  constructor(file: string, problem: string, cause?: unknown) {
    super(`The devnet wallet file ${file} cannot be used: ${problem}.`, {
      metaMessages: [
        'It was left untouched. Fix it, or pass another --wallets path (a missing file is created with new wallets).',
      ],
      cause,
    })
  }
}

const WALLET_NAMES = ['mu', 'operator', 'alice', 'bob'] as const
const RSA_PRIVATE_FIELDS = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const

/**
 * Reads a wallet file written by `afk devnet start`. Returns `undefined` only when the file does not exist; a file that
 * cannot be read, is not JSON, or lacks a wallet with a private RSA JWK throws `DevnetWalletFileError`.
 */
export function readWalletFile(file: string): DevnetWallets | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new DevnetWalletFileError(file, `it cannot be read (${(e as Error).message})`, e)
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw new DevnetWalletFileError(file, 'it is not valid JSON', e)
  }
  if (!raw || typeof raw !== 'object') throw new DevnetWalletFileError(file, 'it is not a JSON object')
  const out: Partial<DevnetWallets> = {}
  for (const name of WALLET_NAMES) {
    const jwk = (raw as Record<string, { jwk?: Record<string, unknown> } | undefined>)[name]?.jwk
    if (jwk?.kty !== 'RSA' || RSA_PRIVATE_FIELDS.some((f) => typeof jwk[f] !== 'string' || !jwk[f]))
      throw new DevnetWalletFileError(file, `"${name}" is missing or not a private RSA JWK`)
    let address: string
    try {
      address = addressOf(jwk as JsonWebKey)
    } catch (e) {
      throw new DevnetWalletFileError(file, `"${name}" has an unusable key`, e)
    }
    out[name] = { jwk: jwk as JsonWebKey, address }
  }
  return out as DevnetWallets
}
