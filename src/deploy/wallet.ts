import type { webcrypto } from 'node:crypto'
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import { dirname, resolve } from 'node:path'
import Arweave from 'arweave'
import { addressOf } from '../ao/ans104.ts'
import { WalletFileError } from '../errors/deploy.ts'

type JsonWebKey = webcrypto.JsonWebKey

/** An Arweave wallet loaded from a file. */
export interface Wallet {
  jwk: JsonWebKey
  address: string
  file: string
}

const RSA_PRIVATE_FIELDS = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const

/** Checks that `v` is a private Arweave RSA JWK; returns the problem, or undefined. */
export function jwkProblem(v: unknown): string | undefined {
  if (!v || typeof v !== 'object') return 'it is not a JSON object'
  const j = v as Record<string, unknown>
  if (j.kty !== 'RSA') return 'it is not an RSA JWK (kty must be "RSA")'
  const missing = RSA_PRIVATE_FIELDS.filter((f) => typeof j[f] !== 'string' || !j[f])
  if (missing.length) return `it lacks the private key field(s) ${missing.join(', ')}`
  return undefined
}

/**
 * Reads a wallet (an Arweave JWK file as written by `afk wallet new` or arweave.app). A missing, unreadable or
 * malformed file throws `WalletFileError` naming it; the key is never part of the error.
 */
export function readWallet(file: string): Wallet {
  const path = resolve(file)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new WalletFileError(
      path,
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : `cannot be read (${code})`,
    )
  }
  let jwk: unknown
  try {
    jwk = JSON.parse(text)
  } catch {
    throw new WalletFileError(path, 'not valid JSON')
  }
  const problem = jwkProblem(jwk)
  if (problem) throw new WalletFileError(path, problem)
  let address: string
  try {
    address = addressOf(jwk as JsonWebKey)
  } catch {
    throw new WalletFileError(path, 'its key cannot be used')
  }
  return { jwk: jwk as JsonWebKey, address, file: path }
}

/**
 * Generates an RSA-4096 Arweave wallet with the `arweave` package and writes it to `file` with mode 0600. An existing
 * file is never overwritten. The file appears complete or not at all (written to a temp file, then hard-linked).
 */
export async function createWallet(file: string): Promise<Wallet> {
  const path = resolve(file)
  const jwk = (await Arweave.init({}).wallets.generate()) as unknown as JsonWebKey
  const tmp = `${path}.${process.pid}.tmp`
  try {
    mkdirSync(dirname(path), { recursive: true })
    const fd = openSync(tmp, 'wx', 0o600)
    try {
      writeSync(fd, `${JSON.stringify(jwk)}\n`)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    // link, unlike rename, fails when the target exists: an existing wallet is never clobbered
    linkSync(tmp, path)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new WalletFileError(
      path,
      code === 'EEXIST'
        ? 'already exists (refusing to overwrite a wallet)'
        : `cannot be written (${code ?? e})`,
    )
  } finally {
    try {
      unlinkSync(tmp)
    } catch {}
  }
  return { jwk, address: addressOf(jwk), file: path }
}
