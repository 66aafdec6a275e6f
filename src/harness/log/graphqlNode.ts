import type { GqlEdge, SuNode } from './schema.ts'

/**
 * Turns an Arweave GraphQL edge into an SU-shaped node. GraphQL has no nonces and no bodies (ao-protocol.md §5.2):
 * the caller assigns nonces in file order, the timestamp is the block time (seconds → ms) and `Data` is empty.
 * Use it for discovery or when no SU log exists; prefer SU logs for exact replay.
 */
export function graphqlNode(edge: GqlEdge, nonce: number, processId: string): SuNode {
  const n = edge.node
  const block = n.block
  if (!block) throw new Error(`GraphQL item ${n.id} is not in a block yet (no timestamp/height)`)
  return {
    message: {
      id: n.id,
      owner: { address: n.owner.address },
      data: '',
      tags: n.tags,
      anchor: n.anchor ?? undefined,
      target: n.recipient || processId,
    },
    assignment: {
      id: n.id,
      owner: { address: n.owner.address },
      tags: [
        { name: 'Process', value: processId },
        { name: 'Nonce', value: String(nonce) },
        { name: 'Timestamp', value: String(block.timestamp * 1000) },
        { name: 'Block-Height', value: String(block.height).padStart(12, '0') },
      ],
    },
  }
}
