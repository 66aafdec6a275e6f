import * as crypto from 'node:crypto'

/** Node ≥ 20.12 hashes a buffer in one call, without a Hash object (a replay checks one link per record). */
const oneShot = (crypto as { hash?: (alg: string, data: Uint8Array, enc: 'base64url') => string }).hash

/** Both decoded ids of a link, side by side (43-character ids decode to 32 bytes each). */
const scratch = Buffer.allocUnsafe(192)

/**
 * The SU hash chain: `base64url(sha256(bytes(prevAssignmentId) ‖ bytes(prevHashChain)))`, where both ids are
 * base64url-decoded first (ao-protocol.md §5.1). The very first link hashes the previous chain value alone.
 */
export function nextHashChain(prevHashChain: string, prevAssignmentId?: string): string {
  const a = prevAssignmentId ?? ''
  // base64url decodes to at most 3 bytes per 4 characters (plus one partial group)
  if (oneShot && ((a.length + prevHashChain.length) * 3) / 4 + 4 <= scratch.length) {
    const n = a ? scratch.write(a, 0, 'base64url') : 0
    const m = scratch.write(prevHashChain, n, 'base64url')
    return oneShot('sha256', scratch.subarray(0, n + m), 'base64url')
  }
  const h = crypto.createHash('sha256')
  if (prevAssignmentId) h.update(Buffer.from(prevAssignmentId, 'base64url'))
  h.update(Buffer.from(prevHashChain, 'base64url'))
  return h.digest('base64url')
}
