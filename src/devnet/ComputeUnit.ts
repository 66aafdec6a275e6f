import { AosProcess } from '../ao/AosProcess.ts'
import { AOS_MODULE_ID } from '../ao/constants.ts'
import { cronMessage } from '../ao/cron.ts'
import type { AoMessage, HandleResult, Tag } from '../ao/message.ts'
import { tagValue } from '../ao/message.ts'
import { UnknownProcessError, UnsupportedModuleError } from '../errors/devnet.ts'
import { type Cron, cronFirings, parseCrons } from './cron.ts'
import type { Assignment } from './Scheduler.ts'

/** A result as the CU serves it (`GET /result/{id}`), plus where it came from. */
export interface CuResult extends HandleResult {
  processId: string
  /** Message id; `undefined` for cron evaluations. */
  messageId?: string
  timestamp: number
  nonce: number
  cron: boolean
  /** Evaluation ordinal within the process (results cursor). */
  ordinal: number
}

interface Hosted {
  aos: AosProcess
  owner: string
  crons: Cron[]
  spawnTimestamp: number
  lastTimestamp: number
  lastBlockHeight: number
  lastNonce: number
  results: CuResult[]
}

/** Tags AosProcess.spawn adds itself; the spawn item's copies are dropped so env.Process.Tags has no duplicates. */
const ADDED_BY_AOS_PROCESS = new Set(['Data-Protocol', 'Variant', 'Type', 'Module'])

/**
 * The devnet compute unit: one hot production-aos instance per process. Scheduled messages are evaluated in nonce
 * order, cron messages are generated lazily between them the CU way, dry-runs leave no trace.
 * Not re-entrant: the caller (DevnetNode) serializes every call.
 */
export class ComputeUnit {
  private readonly hosted = new Map<string, Hosted>()
  private readonly byMessage = new Map<string, CuResult>()

  has(processId: string): boolean {
    return this.hosted.has(processId)
  }

  async spawn(a: Assignment): Promise<CuResult> {
    const item = a.message
    const moduleId = tagValue(item.tags, 'Module')
    if (moduleId !== AOS_MODULE_ID)
      throw new UnsupportedModuleError(moduleId, { supported: AOS_MODULE_ID, item: item.id })
    const crons = parseCrons(item.tags, item.id)
    const { process: aos, result } = await AosProcess.spawn({
      id: item.id,
      owner: item.ownerAddress,
      from: tagValue(item.tags, 'From-Process'),
      tags: item.tags.filter((t) => !ADDED_BY_AOS_PROCESS.has(t.name)),
      authorities: [],
      data: Buffer.from(item.data).toString('utf8'),
      timestamp: a.timestamp,
      blockHeight: a.blockHeight,
    })
    const h: Hosted = {
      aos,
      owner: item.ownerAddress,
      crons,
      spawnTimestamp: a.timestamp,
      lastTimestamp: a.timestamp,
      lastBlockHeight: a.blockHeight,
      lastNonce: 0,
      results: [],
    }
    this.hosted.set(item.id, h)
    return this.record(h, result, {
      processId: item.id,
      messageId: item.id,
      timestamp: a.timestamp,
      nonce: 0,
      cron: false,
    })
  }

  /**
   * Evaluates the crons due up to and including `a`'s timestamp and then `a` itself (a cron tick at the same ms as a
   * message runs first, as in the harness World). Returns the cron results (whose outboxes only leave the
   * devnet when the process is monitored) and the message's result.
   */
  async evaluate(
    a: Assignment,
    blockHeightOf: (ts: number) => number,
  ): Promise<{ crons: CuResult[]; result: CuResult }> {
    const h = this.get(a.processId, 'evaluate')
    const crons = await this.runCrons(a.processId, a.timestamp, blockHeightOf)
    const item = a.message
    const fromProcess = tagValue(item.tags, 'From-Process')
    const msg: AoMessage = {
      Id: item.id,
      Owner: item.ownerAddress,
      From: fromProcess ?? item.ownerAddress,
      ...(fromProcess ? { 'Forwarded-By': item.ownerAddress } : {}),
      Target: a.processId,
      Anchor: item.anchor || undefined,
      Data: Buffer.from(item.data).toString('utf8'),
      Tags: item.tags,
      Epoch: a.epoch,
      Nonce: a.nonce,
      Timestamp: a.timestamp,
      'Block-Height': a.blockHeight,
      'Hash-Chain': a.hashChain,
      Signature: item.signature,
      Cron: false,
    }
    const res = await h.aos.handle(msg)
    h.lastTimestamp = a.timestamp
    h.lastBlockHeight = a.blockHeight
    h.lastNonce = a.nonce
    const result = this.record(h, res, {
      processId: a.processId,
      messageId: item.id,
      timestamp: a.timestamp,
      nonce: a.nonce,
      cron: false,
    })
    return { crons, result }
  }

  /** Generates and evaluates the cron messages of `processId` up to `untilMs` (inclusive). */
  async runCrons(
    processId: string,
    untilMs: number,
    blockHeightOf: (ts: number) => number,
  ): Promise<CuResult[]> {
    const h = this.get(processId, 'cron')
    const out: CuResult[] = []
    for (const f of cronFirings(h.crons, h.spawnTimestamp, h.lastTimestamp, untilMs)) {
      const res = await h.aos.handle(
        cronMessage(f.cron, {
          processId,
          owner: h.owner,
          timestamp: f.timestamp,
          blockHeight: blockHeightOf(f.timestamp),
        }),
      )
      h.lastTimestamp = f.timestamp
      out.push(this.record(h, res, { processId, timestamp: f.timestamp, nonce: h.lastNonce, cron: true }))
    }
    return out
  }

  /** A read-only evaluation at the latest evaluated message's time; the state is restored afterwards. */
  async dryrun(
    processId: string,
    m: { Id?: string; Owner?: string; Anchor?: string; Data?: string; Tags: Tag[] },
  ): Promise<HandleResult> {
    const h = this.get(processId, 'dry-run')
    const owner = m.Owner ?? '1234'
    const fromProcess = tagValue(m.Tags, 'From-Process')
    return h.aos.dryrun({
      Id: m.Id ?? '1234',
      Owner: owner,
      From: fromProcess ?? owner,
      Target: processId,
      Anchor: m.Anchor,
      Data: m.Data ?? '',
      Tags: m.Tags,
      Timestamp: h.lastTimestamp,
      'Block-Height': h.lastBlockHeight,
      Cron: false,
      'Read-Only': true,
    })
  }

  result(messageId: string): CuResult | undefined {
    return this.byMessage.get(messageId)
  }

  /** Evaluated results of a process in evaluation order (for `GET /results/{pid}`). */
  results(processId: string): CuResult[] {
    return this.get(processId, 'results').results
  }

  owner(processId: string): string {
    return this.get(processId, 'owner').owner
  }

  moduleOf(processId: string): string {
    return this.get(processId, 'module').aos.module.id
  }

  private get(processId: string, action: string): Hosted {
    const h = this.hosted.get(processId)
    if (!h) throw new UnknownProcessError(processId, { action })
    return h
  }

  private record(
    h: Hosted,
    res: HandleResult,
    meta: Omit<CuResult, keyof HandleResult | 'ordinal'>,
  ): CuResult {
    const r: CuResult = { ...res, ...meta, ordinal: h.results.length }
    h.results.push(r)
    if (meta.messageId) this.byMessage.set(meta.messageId, r)
    return r
  }
}
