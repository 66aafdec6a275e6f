import type { AoMessage } from '../../ao/message.ts'
import { tagValue } from '../../ao/message.ts'
import type { SuNode } from './schema.ts'

/** Assignment facts every replayable node must carry. */
export interface AssignmentFacts {
  nonce: number
  timestamp: number
  blockHeight: number
  epoch?: number
  hashChain?: string
  process?: string
}

const INT_RE = /^\d+$/
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER)

/** Reads Nonce/Timestamp/Block-Height/Epoch/Hash-Chain from the assignment; returns a problem string when invalid. */
export function assignmentFacts(node: SuNode): AssignmentFacts | string {
  // one pass for the six tags (the first of each name, as `tagValue` reads it): this runs for every record
  let nonce: string | undefined
  let ts: string | undefined
  let bh: string | undefined
  let epoch: string | undefined
  let hashChain: string | undefined
  let process: string | undefined
  for (const t of node.assignment.tags) {
    switch (t.name) {
      case 'Nonce':
        nonce ??= t.value
        break
      case 'Timestamp':
        ts ??= t.value
        break
      case 'Block-Height':
        bh ??= t.value
        break
      case 'Epoch':
        epoch ??= t.value
        break
      case 'Hash-Chain':
        hashChain ??= t.value
        break
      case 'Process':
        process ??= t.value
    }
  }
  const problem =
    slotProblem('Nonce', nonce) ?? slotProblem('Timestamp', ts) ?? slotProblem('Block-Height', bh)
  if (problem !== undefined) return problem
  if (epoch !== undefined && !INT_RE.test(epoch))
    return `assignment tag Epoch must be an integer string, got ${JSON.stringify(epoch)}`
  return {
    nonce: Number(nonce),
    timestamp: Number(ts),
    // The SU pads Block-Height to 12 digits; the CU parses it to a number.
    blockHeight: Number.parseInt(bh as string, 10),
    epoch: epoch === undefined ? undefined : Number(epoch),
    hashChain,
    process,
  }
}

function slotProblem(name: string, v: string | undefined): string | undefined {
  if (v === undefined) return `assignment has no ${name} tag`
  if (!INT_RE.test(v))
    return `assignment tag ${name} must be a non-negative integer string, got ${JSON.stringify(v)}`
  // slot numbers, ms timestamps and heights, not amounts: held as numbers only while exactly representable (15
  // digits always are; only longer ones need the exact comparison)
  if (v.length > 15 && BigInt(v) > MAX_EXACT)
    return `assignment tag ${name} is beyond ${MAX_EXACT} (the largest exact slot number), got ${v}`
  return undefined
}

/**
 * Maps an SU node to the message the CU evaluates (ao-protocol.md §1.1, CU `ao-su.js` mapNode): `From` is the
 * `From-Process` tag if present else the signer, `Forwarded-By` is the signer only for pushed messages, `Cron=false`.
 */
export function toAoMessage(node: SuNode, facts: AssignmentFacts, processId: string): AoMessage {
  const m = node.message
  if (!m) throw new Error('assignment of an existing transaction (message is null) needs hydration')
  const fromProcess = tagValue(m.tags, 'From-Process')
  const out: AoMessage = {
    Id: m.id,
    Signature: m.signature,
    Owner: m.owner.address,
    From: fromProcess ?? m.owner.address,
    Target: m.target || processId,
    Anchor: m.anchor ?? undefined,
    Data: m.data ?? '',
    // the node's own `{name, value}` array (parseSuNode/zod built it for this record; nothing writes to either)
    Tags: m.tags,
    Epoch: facts.epoch,
    Nonce: facts.nonce,
    Timestamp: facts.timestamp,
    'Block-Height': facts.blockHeight,
    'Hash-Chain': facts.hashChain,
    Cron: false,
  }
  if (fromProcess !== undefined) out['Forwarded-By'] = m.owner.address
  return out
}
