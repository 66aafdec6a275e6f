import type { webcrypto } from 'node:crypto'
import { addressOf, createDataItem, type DataItem, parseDataItem } from '../ao/ans104.ts'
import { AOS_MODULE_ID, MODULE_TAGS } from '../ao/constants.ts'
import { type HandleResult, type OutboxMessage, type Tag, tagValue } from '../ao/message.ts'
import { DuplicateDataItemError, UnknownProcessError, UnsupportedModuleError } from '../errors/devnet.ts'
import { ComputeUnit, type CuResult } from './ComputeUnit.ts'
import { parseCrons } from './cron.ts'
import { DevnetClock, type DevnetClockOptions } from './DevnetClock.ts'
import { Gateway } from './Gateway.ts'
import {
  type MuStamp,
  muStamp,
  signOutboxMessage,
  signSpawn,
  signSpawnedNotice,
  withProtocolTags,
} from './muSigning.ts'
import { type Assignment, Scheduler } from './Scheduler.ts'

type JsonWebKey = webcrypto.JsonWebKey

export interface DevnetNodeOptions {
  /** The MU wallet: signs every message a process sends. Spawned processes must list its address as `Authority`. */
  muWallet: JsonWebKey
  clock?: DevnetClockOptions
  /** Where devnet warnings go (undeliverable outbox entries, failed jobs). Default: stderr. */
  onWarning?: (text: string) => void
}

/**
 * MU + SU + CU + gateway of the local devnet, without HTTP. Every message goes through the scheduler; a process's
 * outbox is signed by the MU wallet and scheduled after the current evaluation (never evaluated by recursion); all wasm
 * work runs on one FIFO chain, so the same inputs give the same order.
 */
export class DevnetNode {
  readonly clock: DevnetClock
  readonly su: Scheduler
  readonly cu = new ComputeUnit()
  readonly gateway = new Gateway()
  readonly muAddress: string
  private readonly muWallet: JsonWebKey
  private readonly monitored = new Set<string>()
  /** Callers waiting for a result not evaluated yet; an entry is removed when its result arrives. */
  private readonly waiters = new Map<string, { resolve: (r: CuResult) => void; promise: Promise<CuResult> }>()
  /** Results of messages the devnet itself failed to evaluate (the CU has no record of them). */
  private readonly failures = new Map<string, CuResult>()
  private chain: Promise<unknown> = Promise.resolve()
  private pending = 0
  private sent = 0
  private readonly warn: (text: string) => void

  constructor(o: DevnetNodeOptions) {
    this.clock = new DevnetClock(o.clock)
    this.muWallet = o.muWallet
    this.muAddress = addressOf(o.muWallet)
    this.su = new Scheduler(this.clock, this.muAddress)
    this.warn = o.onWarning ?? ((t) => process.stderr.write(`afk devnet: ${t}\n`))
    const t = this.clock.now()
    this.gateway.add({
      id: AOS_MODULE_ID,
      owner: { address: this.muAddress, key: '' },
      recipient: '',
      anchor: '',
      tags: MODULE_TAGS,
      data: '',
      timestamp: t,
      blockHeight: this.clock.blockHeight(t),
    })
  }

  /** `POST /` on the MU: a signed data item (a spawn when `Type=Process`, else a message). Returns its id. */
  post(raw: Uint8Array | DataItem): { id: string; assignment: Assignment } {
    const item = raw instanceof Uint8Array ? parseDataItem(raw, 'POST to the devnet MU') : raw
    if (this.gateway.get(item.id)) throw new DuplicateDataItemError(item.id)
    const type = tagValue(item.tags, 'Type')
    if (type === 'Process') return { id: item.id, assignment: this.spawn(item) }
    if (!item.target || !this.su.has(item.target))
      throw new UnknownProcessError(item.target || '(no target)', { action: `message ${item.id}` })
    const assignment = this.schedule(item.target, item)
    return { id: item.id, assignment }
  }

  /** `POST|DELETE /monitor/{pid}`: crons of monitored processes fire on time and their outboxes are delivered. */
  monitor(processId: string, on: boolean): void {
    if (!this.su.has(processId)) throw new UnknownProcessError(processId, { action: 'monitor' })
    if (on) this.monitored.add(processId)
    else this.monitored.delete(processId)
  }

  /** Waits for the result of `messageId` (evaluated asynchronously after it was scheduled). */
  result(processId: string, messageId: string): Promise<CuResult> {
    const done = this.cu.result(messageId) ?? this.failures.get(messageId)
    if (done) return Promise.resolve(done)
    if (!this.su.get(processId, messageId))
      throw new UnknownProcessError(processId, { action: `result of ${messageId} (not scheduled there)` })
    return this.waiter(messageId).promise
  }

  dryrun(
    processId: string,
    m: { Id?: string; Owner?: string; Anchor?: string; Data?: string; Tags: Tag[] },
  ): Promise<HandleResult> {
    if (!this.su.has(processId)) throw new UnknownProcessError(processId, { action: 'dry-run' })
    return this.enqueue(() => this.cu.dryrun(processId, m))
  }

  /** Moves devnet time forward, fires due crons of monitored processes and waits until everything settled. */
  async advance(ms: number): Promise<void> {
    this.clock.advance(ms)
    this.pumpCrons()
    await this.idle()
  }

  /** Enqueues cron evaluation up to now for every monitored process. */
  pumpCrons(): void {
    const now = this.clock.now()
    for (const pid of this.monitored) {
      this.enqueue(async () => {
        if (!this.cu.has(pid)) return
        for (const r of await this.cu.runCrons(pid, now, (t) => this.clock.blockHeight(t)))
          this.pushOutbox(pid, r, undefined)
      })
    }
  }

  /** Resolves once no evaluation or delivery is pending. */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.chain.catch(() => {})
  }

  /** Signs a message as `wallet` and posts it (tests, faucet, seeding). */
  send(
    wallet: JsonWebKey,
    m: { target?: string; tags: Tag[]; data?: string },
  ): { id: string; assignment: Assignment } {
    const tags = m.target ? withProtocolTags(m.tags, 'Message') : m.tags
    // A counter anchor keeps two identical sends distinct (ids are content hashes).
    const anchor = String(++this.sent).padStart(32, '0')
    return this.post(createDataItem(wallet, { target: m.target, anchor, tags, data: m.data ?? '' }))
  }

  private spawn(item: DataItem): Assignment {
    const moduleId = tagValue(item.tags, 'Module')
    if (moduleId !== AOS_MODULE_ID)
      throw new UnsupportedModuleError(moduleId, { supported: AOS_MODULE_ID, item: item.id })
    parseCrons(item.tags, item.id) // reject bad cron tags before anything is stored
    this.index(item)
    const a = this.su.assign(item.id, item)
    this.enqueue(async () => {
      try {
        this.settle(item.id, await this.cu.spawn(a), item.id, a)
      } catch (e) {
        this.fail(item.id, a, e)
      }
    })
    return a
  }

  private schedule(processId: string, item: DataItem): Assignment {
    this.index(item)
    const a = this.su.assign(processId, item)
    this.enqueue(async () => {
      try {
        const { crons, result } = await this.cu.evaluate(a, (t) => this.clock.blockHeight(t))
        for (const c of crons) if (this.monitored.has(processId)) this.pushOutbox(processId, c, undefined)
        this.settle(processId, result, item.id, a)
      } catch (e) {
        this.fail(processId, a, e)
      }
    })
    return a
  }

  /** The devnet itself failed on a message: its result carries the reason, so no caller waits forever. */
  private fail(processId: string, a: Assignment, e: unknown): void {
    const text = `devnet could not evaluate ${a.message.id} on ${processId}: ${(e as Error)?.message ?? e}`
    this.warn(text)
    const r: CuResult = {
      Messages: [],
      Spawns: [],
      Assignments: [],
      Output: undefined,
      Error: text,
      processId,
      messageId: a.message.id,
      timestamp: a.timestamp,
      nonce: a.nonce,
      cron: false,
      ordinal: -1,
    }
    this.failures.set(a.message.id, r)
    this.wake(a.message.id, r)
  }

  private settle(processId: string, r: CuResult, messageId: string, a: Assignment): void {
    // Only the MU's own Pushed-For is trusted: a wallet can put any tag on its message.
    const pushedFor =
      a.message.ownerAddress === this.muAddress ? tagValue(a.message.tags, 'Pushed-For') : undefined
    this.pushOutbox(processId, r, pushedFor ?? messageId)
    this.wake(messageId, r)
  }

  /** Resolves and forgets the waiter of `messageId`, if anybody is waiting. */
  private wake(messageId: string, r: CuResult): void {
    const w = this.waiters.get(messageId)
    if (!w) return
    this.waiters.delete(messageId)
    w.resolve(r)
  }

  /** The MU's job: sign each outbox message and spawn, schedule them on their targets (or index them for wallets). */
  private pushOutbox(from: string, r: HandleResult, pushedFor: string | undefined): void {
    const stamp = muStamp(from, this.cu.moduleOf(from), pushedFor)
    for (const out of r.Messages) {
      let item: DataItem
      try {
        item = signOutboxMessage(this.muWallet, out, stamp)
      } catch (e) {
        this.warn(
          `process ${from} sent a message to "${out.Target}" that cannot be delivered: ${(e as Error).message}`,
        )
        continue
      }
      if (this.su.has(out.Target)) this.schedule(out.Target, item)
      else this.index(item) // a wallet (or an unknown id): indexed on the gateway, evaluated by nobody
    }
    for (const sp of r.Spawns as OutboxMessage[]) this.pushSpawn(from, sp, stamp)
    if (r.Assignments.length)
      this.warn(
        `process ${from} asked for ${r.Assignments.length} assignment(s); the devnet does not support Assign yet`,
      )
  }

  private pushSpawn(parent: string, sp: OutboxMessage, stamp: MuStamp): void {
    let child: Assignment
    try {
      child = this.spawn(signSpawn(this.muWallet, sp, stamp))
    } catch (e) {
      this.warn(`process ${parent} asked for a spawn that failed: ${(e as Error).message}`)
      return
    }
    const ref = tagValue(sp.Tags, 'Reference')
    this.enqueue(async () =>
      this.schedule(parent, signSpawnedNotice(this.muWallet, parent, child.processId, ref)),
    )
  }

  private index(item: DataItem): void {
    const t = this.clock.now()
    this.gateway.add({
      id: item.id,
      owner: { address: item.ownerAddress, key: item.owner },
      recipient: item.target,
      anchor: item.anchor,
      tags: item.tags,
      data: Buffer.from(item.data).toString('utf8'),
      timestamp: t,
      blockHeight: this.clock.blockHeight(t),
    })
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    this.pending++
    const p = this.chain.then(job)
    this.chain = p.then(
      () => this.pending--,
      (e) => {
        this.pending--
        this.warn(`job failed: ${(e as Error)?.message ?? e}`)
      },
    )
    return p
  }

  private waiter(messageId: string) {
    let w = this.waiters.get(messageId)
    if (!w) {
      let resolve!: (r: CuResult) => void
      const promise = new Promise<CuResult>((r) => (resolve = r))
      w = { resolve, promise }
      this.waiters.set(messageId, w)
    }
    return w
  }
}
