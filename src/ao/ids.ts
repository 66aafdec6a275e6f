import * as crypto from 'node:crypto'

/** Node ≥ 20.12 hashes a string in one call, without a Hash object per id (ids are made for every pushed message). */
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'base64url') => string }).hash

/** A deterministic 43-character base64url id (the shape of an Arweave/AO id) derived from a seed string. */
export function makeId(seed: string): string {
  return oneShot
    ? oneShot('sha256', seed, 'base64url')
    : crypto.createHash('sha256').update(seed).digest('base64url')
}

const ID_RE = /^[A-Za-z0-9_-]{43}$/

export function isProcessId(s: string): boolean {
  return ID_RE.test(s)
}
