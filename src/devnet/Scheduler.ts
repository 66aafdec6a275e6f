import { createHash } from 'node:crypto'
import type { DataItem } from '../ao/ans104.ts'
import { nextHashChain } from '../ao/hashChain.ts'
import type { Tag } from '../ao/message.ts'
import type { DevnetClock } from './DevnetClock.ts'

/** One slot of a process's schedule: the message and the SU's assignment of it. */
export interface Assignment {
  processId: string
  nonce: number
  epoch: number
  timestamp: number
  blockHeight: number
  hashChain: string
  /** Assignment id (the devnet does not sign assignments; the id is derived from the chain). */
  id: string
  message: DataItem
}

export interface PageQuery {
  from?: number
  to?: number
  fromNonce?: number
  toNonce?: number
  limit?: number
}

/** SU page JSON as the legacy Rust SU returns it (`ao-protocol.md` §5.1). */
export interface SuPage {
  page_info: { has_next_page: boolean }
  edges: { cursor: string; node: { message: SuMessage; assignment: SuMessage } }[]
}

export interface SuMessage {
  id: string
  owner: { address: string; key: string }
  data: string
  tags: Tag[]
  signature: string
  anchor: string
  target: string
}

/**
 * The devnet scheduler unit: an append-only, per-process log of assignments with nonces, SU timestamps, block heights
 * and a hash chain computed the way the legacy SU does (`base64url(sha256(prevAssignmentId ‖ prevHashChain))`).
 */
export class Scheduler {
  private readonly logs = new Map<string, Assignment[]>()
  private readonly byMessage = new Map<string, Assignment>()

  constructor(
    private readonly clock: DevnetClock,
    readonly address: string,
  ) {}

  has(processId: string): boolean {
    return this.logs.has(processId)
  }

  processIds(): string[] {
    return [...this.logs.keys()]
  }

  /** Assigns `item` to `processId` (the spawn item itself when `item.id === processId`) and returns the slot. */
  assign(processId: string, item: DataItem): Assignment {
    let log = this.logs.get(processId)
    if (!log) {
      log = []
      this.logs.set(processId, log)
    }
    const prev = log[log.length - 1]
    const timestamp = this.clock.stamp()
    // the first link hashes the process id alone (ao-protocol.md §5.1)
    const hashChain = prev ? nextHashChain(prev.hashChain, prev.id) : nextHashChain(processId)
    const nonce = log.length
    const a: Assignment = {
      processId,
      nonce,
      epoch: 0,
      timestamp,
      blockHeight: this.clock.blockHeight(timestamp),
      hashChain,
      id: createHash('sha256').update(`${processId}:${nonce}:${item.id}`).digest('base64url'),
      message: item,
    }
    log.push(a)
    this.byMessage.set(`${processId}:${item.id}`, a)
    return a
  }

  get(processId: string, messageId: string): Assignment | undefined {
    return this.byMessage.get(`${processId}:${messageId}`)
  }

  latest(processId: string): Assignment | undefined {
    const log = this.logs.get(processId)
    return log?.[log.length - 1]
  }

  spawnOf(processId: string): Assignment | undefined {
    return this.logs.get(processId)?.[0]
  }

  /** `GET /{process-id}`: timestamp paging (`from` exclusive, `to` inclusive) or nonce paging, limit 100. */
  page(processId: string, q: PageQuery): SuPage {
    const log = this.logs.get(processId) ?? []
    const byNonce = q.fromNonce !== undefined || q.toNonce !== undefined
    const limit = q.limit ?? 100
    const matching = log.filter((a) =>
      byNonce
        ? (q.fromNonce === undefined || a.nonce > q.fromNonce) &&
          (q.toNonce === undefined || a.nonce <= q.toNonce)
        : (q.from === undefined || a.timestamp > q.from) && (q.to === undefined || a.timestamp <= q.to),
    )
    const slice = matching.slice(0, limit)
    return {
      page_info: { has_next_page: matching.length > slice.length },
      edges: slice.map((a) => ({
        cursor: byNonce ? String(a.nonce) : String(a.timestamp),
        node: { message: suMessage(a.message), assignment: this.assignmentJson(a) },
      })),
    }
  }

  assignmentJson(a: Assignment): SuMessage {
    return {
      id: a.id,
      owner: { address: this.address, key: '' },
      data: '',
      tags: [
        { name: 'Process', value: a.processId },
        { name: 'Epoch', value: String(a.epoch) },
        { name: 'Nonce', value: String(a.nonce) },
        { name: 'Hash-Chain', value: a.hashChain },
        { name: 'Block-Height', value: String(a.blockHeight).padStart(12, '0') },
        { name: 'Timestamp', value: String(a.timestamp) },
        { name: 'Data-Protocol', value: 'ao' },
        { name: 'Type', value: 'Assignment' },
        { name: 'Variant', value: 'ao.TN.1' },
        { name: 'Message', value: a.message.id },
      ],
      signature: '',
      anchor: '',
      target: a.processId,
    }
  }
}

export function suMessage(m: DataItem): SuMessage {
  return {
    id: m.id,
    owner: { address: m.ownerAddress, key: m.owner },
    data: Buffer.from(m.data).toString('utf8'),
    tags: m.tags,
    signature: m.signature,
    anchor: m.anchor,
    target: m.target,
  }
}
