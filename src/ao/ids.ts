import { createHash } from 'node:crypto'

/** A deterministic 43-character base64url id (the shape of an Arweave/AO id) derived from a seed string. */
export function makeId(seed: string): string {
  return createHash('sha256').update(seed).digest('base64url')
}

const ID_RE = /^[A-Za-z0-9_-]{43}$/

export function isProcessId(s: string): boolean {
  return ID_RE.test(s)
}
