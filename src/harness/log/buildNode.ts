import { makeId } from '../../ao/ids.ts'
import type { Tag } from '../../ao/message.ts'
import { nextHashChain } from './hashChain.ts'
import type { SuNode } from './schema.ts'

export interface NodeInput {
  processId: string
  nonce: number
  timestamp: number
  blockHeight: number
  /** message id; defaults to a deterministic id from process+nonce */
  id?: string
  /** signer address (a wallet, or the MU for pushed messages) */
  owner: string
  tags: Tag[]
  data?: string
  /** previous node, to extend the hash chain */
  prev?: SuNode | null
  epoch?: number
}

/**
 * Builds an SU node the way a scheduler would assign it: 12-digit Block-Height, hash chain extended from the
 * previous assignment. Used by `afk synth` and by tests; signatures are left out (we never verify them).
 */
export function buildNode(p: NodeInput): SuNode {
  const id = p.id ?? makeId(`msg:${p.processId}:${p.nonce}`)
  const prevTags = p.prev?.assignment.tags
  const prevChain = prevTags?.find((t) => t.name === 'Hash-Chain')?.value
  const hashChain = p.prev
    ? nextHashChain(prevChain ?? makeId(`genesis:${p.processId}`), p.prev.assignment.id)
    : nextHashChain(makeId(`genesis:${p.processId}`))
  return {
    message: { id, owner: { address: p.owner }, data: p.data ?? '', tags: p.tags, target: p.processId },
    assignment: {
      id: makeId(`asg:${p.processId}:${p.nonce}`),
      owner: { address: makeId('afk-scheduler') },
      tags: [
        { name: 'Process', value: p.processId },
        { name: 'Epoch', value: String(p.epoch ?? 0) },
        { name: 'Nonce', value: String(p.nonce) },
        { name: 'Hash-Chain', value: hashChain },
        { name: 'Block-Height', value: String(p.blockHeight).padStart(12, '0') },
        { name: 'Timestamp', value: String(p.timestamp) },
        { name: 'Data-Protocol', value: 'ao' },
        { name: 'Type', value: 'Assignment' },
        { name: 'Variant', value: 'ao.TN.1' },
        { name: 'Message', value: id },
      ],
    },
  }
}
