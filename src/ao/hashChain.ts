import { createHash } from 'node:crypto'

/**
 * The SU hash chain: `base64url(sha256(bytes(prevAssignmentId) ‖ bytes(prevHashChain)))`, where both ids are
 * base64url-decoded first (ao-protocol.md §5.1). The very first link hashes the previous chain value alone.
 */
export function nextHashChain(prevHashChain: string, prevAssignmentId?: string): string {
  const h = createHash('sha256')
  if (prevAssignmentId) h.update(Buffer.from(prevAssignmentId, 'base64url'))
  h.update(Buffer.from(prevHashChain, 'base64url'))
  return h.digest('base64url')
}
