import { LEGACY_AUTHORITY } from '../../ao/constants.ts'
import {
  builtMessage,
  type DirectProcess,
  type DirectSend,
  type SourceMessage,
} from '../../ao/directApply.ts'
import { makeId } from '../../ao/ids.ts'
import {
  type AoMessage,
  type AoProcessLike,
  type HandleResult,
  type OutboxMessage,
  pushedMessage,
  tagValue,
} from '../../ao/message.ts'
import { WorldError } from '../../errors/harness.ts'
import type { BlockClock } from './BlockClock.ts'
import { cronMessage, dueCrons, nextCronInstant, parseCrons } from './crons.ts'
import { EventQueue } from './EventQueue.ts'
import type {
  AddProcessOptions,
  Entry,
  Evaluation,
  ExternalSource,
  IgnoringProcess,
  Item,
  Latency,
  WorldOptions,
} from './worldTypes.ts'

export type { AddProcessOptions, Evaluation, ExternalSource, Latency, WorldOptions }

/**
 * A deterministic AO network in one process. One global queue ordered by (timestamp, priority, insertion); each
 * process has its own nonce counter (the SU's slot). Outbox messages are not evaluated recursively: they are
 * enqueued through the MU rules (`pushedMessage`) and delivered `latency` ms after the message that sent them, so
 * they interleave with other traffic as on the network. Crons are generated as the CU does, relative to the spawn
 * (time crons on whole seconds, block crons on the block clock) and run before scheduled messages of the same ms.
 * Handler errors deliver nothing (the process itself rolls its state back). Messages for processes outside the
 * world and spawns are counted and reported to observers, never silently dropped.
 */
export class World {
  readonly mu: string
  readonly clock: BlockClock | null
  private readonly latency: Latency
  private readonly idSeed: string
  private readonly queue = new EventQueue<Item>()
  private readonly procs = new Map<string, Entry>()
  private readonly observers: ((e: Evaluation) => void | Promise<void>)[] = []
  private readonly externalObservers: ((m: AoMessage) => void)[] = []
  private readonly quietObservers: ((at: number) => void | Promise<void>)[] = []
  private readonly quiet: boolean
  private pushed = 0
  /** times of quiet deliveries outside the world not made yet, nondecreasing from `outsideHead` to `outsideEnd` (`pushQuiet`) */
  private readonly outside: number[] = []
  private outsideHead = 0
  private outsideEnd = 0
  /** `direct` queue items delivered, reused by `scheduleDirect` (one per recorded swap otherwise) */
  private readonly freeDirect: Extract<Item, { kind: 'direct' }>[] = []
  now = 0
  /** messages whose target is not in the world (e.g. notices to wallets) */
  externalCount = 0
  /** `Spawn`s requested by processes; the world does not create processes on its own */
  spawnRequests = 0
  steps = 0
  /** fast path: messages applied directly by their target (`DirectProcess`) instead of evaluated */
  directCount = 0

  constructor(options: WorldOptions = {}) {
    this.mu = options.mu ?? LEGACY_AUTHORITY
    this.latency = options.latency ?? 0
    this.clock = options.clock ?? null
    this.idSeed = options.idSeed ?? 'world'
    this.quiet = options.quiet ?? false
  }

  add(proc: AoProcessLike, o: AddProcessOptions): void {
    if (this.procs.has(proc.id)) throw new WorldError(`Process ${proc.id} is already in the world`)
    const crons = parseCrons(o.tags ?? [], proc.id)
    if (crons.some((c) => c.unit === 'blocks') && !this.clock)
      throw new WorldError(`Process ${proc.id} has a block cron but the world has no block clock`, [
        'Pass `clock: new BlockClock(...)` to the World.',
      ])
    const e: Entry = {
      proc,
      owner: o.owner,
      spawnTimestamp: o.spawnTimestamp,
      spawnHeight: o.spawnHeight,
      crons,
      nonce: o.nonce ?? 0,
      module: o.module,
      cronAfter: {
        ms: Math.max(o.spawnTimestamp, this.now),
        height: this.clock?.heightAt(Math.max(o.spawnTimestamp, this.now)) ?? o.spawnHeight,
      },
      evaluations: 0,
      errors: 0,
    }
    this.procs.set(proc.id, e)
    this.scheduleCron(e)
  }

  has(id: string): boolean {
    return this.procs.has(id)
  }

  process<T extends AoProcessLike = AoProcessLike>(id: string): T {
    const e = this.procs.get(id)
    if (!e) throw new WorldError(`No process ${id} in the world`)
    return e.proc as T
  }

  stats(id: string): { nonce: number; evaluations: number; errors: number } {
    const e = this.procs.get(id)
    if (!e) throw new WorldError(`No process ${id} in the world`)
    return { nonce: e.nonce, evaluations: e.evaluations, errors: e.errors }
  }

  /** Called after every evaluation, in order. Async observers are awaited before the next step. */
  onEvaluated(fn: (e: Evaluation) => void | Promise<void>): void {
    this.observers.push(fn)
  }

  /** Called at the time of each delivery counted without being made (`WorldOptions.quiet`) to a world process. */
  onQuiet(fn: (at: number) => void | Promise<void>): void {
    this.quietObservers.push(fn)
  }

  onExternal(fn: (m: AoMessage) => void): void {
    this.externalObservers.push(fn)
  }

  /**
   * Schedules a message from outside (a wallet or a recorded entry) at its `Timestamp`. The target's nonce is
   * assigned on delivery; `Block-Height` is taken from the message (recorded) and fed to the block clock.
   */
  inject(message: AoMessage): void {
    if (message.Timestamp < this.now)
      throw new WorldError(`Cannot schedule a message in the past (${message.Timestamp} < now ${this.now})`, [
        `Target: ${message.Target}`,
      ])
    this.queue.push(message.Timestamp, 1, { kind: 'message', message })
  }

  /** A wallet message `{from, target, tags, data}` at `at` (default: now). */
  send(p: {
    from: string
    target: string
    tags: AoMessage['Tags']
    data?: string
    at?: number
    id?: string
  }): AoMessage {
    const at = p.at ?? this.now
    const msg: AoMessage = {
      Id: p.id ?? makeId(`${this.idSeed}:wallet:${this.pushed++}`),
      Owner: p.from,
      From: p.from,
      Target: p.target,
      Data: p.data ?? '',
      Tags: p.tags,
      Timestamp: at,
      'Block-Height': this.clock?.heightAt(at) ?? 0,
      Cron: false,
    }
    this.inject(msg)
    return msg
  }

  /**
   * Delivers messages a process produced outside a world evaluation (e.g. an agent's boot outbox) as if `from` had
   * just evaluated a message at `at` with id `causeId`.
   */
  emitOutbox(from: string, messages: OutboxMessage[], at: number, causeId?: string): void {
    const e = this.procs.get(from)
    if (!e) throw new WorldError(`No process ${from} in the world`)
    const cause = {
      Id: causeId ?? makeId(`${this.idSeed}:boot:${from}`),
      Tags: [],
      Timestamp: at,
      'Block-Height': this.clock?.heightAt(at) ?? e.spawnHeight,
    } as unknown as AoMessage
    for (const [i, out] of messages.entries()) this.push(e, cause, out, i)
  }

  /** Adds a lazily-read stream of external messages (must be in timestamp order); constant memory. */
  async addSource(source: ExternalSource): Promise<void> {
    await this.pullSource(source)
  }

  /** Queues the source's next message; a promise only when the source itself answers with one. */
  private pullSource(source: ExternalSource): Promise<void> | undefined {
    const r = source.next()
    if (isPromise(r)) return r.then((x) => this.queueSourced(source, x))
    this.queueSourced(source, r)
    return undefined
  }

  private queueSourced(source: ExternalSource, r: IteratorResult<SourceMessage>): void {
    if (r.done) return
    const m = r.value
    if (m.Timestamp < this.now)
      throw new WorldError(`External source went back in time (${m.Timestamp} < now ${this.now})`, [
        `Message: ${m.Id ?? '(no id)'}`,
      ])
    this.queue.push(m.Timestamp, 1, { kind: 'source', source, message: m })
  }

  /**
   * A read-only evaluation (CU dry-run) on `target` at the current time: `Read-Only=true`, no nonce, nothing
   * delivered, state untouched. Needs a process that supports it (`AosProcess.dryrun`, or a model's `dryrun`).
   */
  async dryrun(p: {
    target: string
    from: string
    tags: AoMessage['Tags']
    data?: string
  }): Promise<HandleResult> {
    const e = this.procs.get(p.target)
    if (!e) throw new WorldError(`Dry-run on ${p.target}: no such process in the world`)
    const proc = e.proc as AoProcessLike & { dryrun?: (m: AoMessage) => Promise<HandleResult> }
    if (typeof proc.dryrun !== 'function')
      throw new WorldError(`Process ${p.target} does not support dry-runs`)
    return proc.dryrun({
      Id: makeId(`${this.idSeed}:dryrun:${this.pushed++}`),
      Owner: p.from,
      From: tagValue(p.tags, 'From-Process') ?? p.from,
      Target: p.target,
      Data: p.data ?? '',
      Tags: p.tags,
      Timestamp: this.now,
      'Block-Height': this.clock?.heightAt(this.now) ?? e.spawnHeight,
      Cron: false,
      'Read-Only': true,
    })
  }

  /** Time of the next event, or undefined when the queue is empty. */
  nextAt(): number | undefined {
    const q = this.queue.peek()
    if (this.outsideHead < this.outsideEnd) {
      const o = this.outside[this.outsideHead]
      return q === undefined || o < q.at ? o : q.at
    }
    return q?.at
  }

  /**
   * A quiet delivery: to `target`, or outside the world when undefined. One outside the world only counts a step at
   * its time (nothing observes it, not even `onQuiet`), so it goes to a plain list of times instead of the queue
   * when its time is not earlier than the last one there (always, with a constant latency); `advance` takes from
   * whichever is earlier, which gives the queue's order wherever anything could tell the difference.
   */
  private pushQuiet(at: number, target: Entry | undefined): void {
    const o = this.outside
    if (target === undefined && (this.outsideHead === this.outsideEnd || at >= o[this.outsideEnd - 1])) {
      // an empty list starts over at 0, its slots reused (no shrinking and growing of the array per swap)
      if (this.outsideHead === this.outsideEnd) this.outsideHead = this.outsideEnd = 0
      o[this.outsideEnd++] = at
    } else if (target) {
      target.quiet ??= { kind: 'quiet', target }
      this.queue.push(at, 1, target.quiet)
    } else this.queue.push(at, 1, { kind: 'quiet', target })
  }

  /** Evaluates the next event (a message or one cron tick). Returns false when nothing is left. */
  async step(): Promise<boolean> {
    return this.advance()
  }

  /**
   * `step`, without a promise when the step needed none (a quiet count, a direct application, a synchronous
   * source): the replay's loop awaits only what returns a promise, so most events cost no microtask.
   */
  advance(): boolean | Promise<boolean> {
    if (this.outsideHead < this.outsideEnd) {
      const o = this.outside[this.outsideHead]
      const head = this.queue.peek()
      if (head === undefined || o < head.at) {
        // what a quiet item outside the world does (see `pushQuiet`)
        if (++this.outsideHead >= 4096 && 2 * this.outsideHead >= this.outsideEnd) {
          this.outside.copyWithin(0, this.outsideHead, this.outsideEnd)
          this.outsideEnd -= this.outsideHead
          this.outsideHead = 0
        }
        this.now = o
        this.steps++
        this.externalCount++
        return true
      }
    }
    const q = this.queue.pop()
    if (!q) return false
    const at = q.at
    const it = q.item
    this.queue.release(q)
    this.now = at
    this.steps++
    let p: Promise<void> | undefined
    switch (it.kind) {
      case 'cron':
        p = this.runCronTick(it.process, at)
        break
      case 'quiet':
        // what `deliver` + `evaluate` would have counted for a message that changes nothing anyone observes
        if (!it.target) this.externalCount++
        else {
          it.target.nonce++
          it.target.evaluations++
          p = this.quietAt(at)
        }
        break
      case 'direct':
        p = this.deliverDirect(it, at)
        // nothing keeps it past that call (an evaluation it starts has its own message): made again for a later send
        it.cause = it.send = undefined as never
        if (this.freeDirect.length < 64) this.freeDirect.push(it)
        break
      case 'source': {
        const pulled = this.pullSource(it.source)
        p = pulled ? pulled.then(() => this.deliver(it.message)) : this.deliver(it.message)
        break
      }
      default:
        p = this.deliver(it.message)
    }
    return p ? p.then(yes) : true
  }

  /** Runs until the queue is empty or the next event is later than `until`. */
  async run(p: { until?: number; maxSteps?: number } = {}): Promise<void> {
    let n = 0
    for (;;) {
      const at = this.nextAt()
      if (at === undefined || (p.until !== undefined && at > p.until)) break
      if (p.maxSteps !== undefined && n++ >= p.maxSteps) break
      await this.step()
    }
    if (p.until !== undefined && p.until > this.now) this.now = p.until
  }

  private deliver(message: SourceMessage): Promise<void> | undefined {
    if (this.clock && !message.Cron) this.clock.observe(message.Timestamp, message['Block-Height'])
    const e = this.procs.get(message.Target)
    if (!e) {
      this.externalCount++
      if (this.externalObservers.length) {
        const m = builtMessage(message)
        for (const f of this.externalObservers) f(m)
      }
      return undefined
    }
    e.nonce++
    if (this.quiet) {
      const sends = (e.proc as DirectProcess).applyDirect?.(message, this.unseen)
      if (sends) {
        // applied to the process's state without evaluating the message (the fast path's "reserve updates")
        e.evaluations++
        this.directCount++
        this.scheduleDirect(e, message, sends)
        return this.quietAt(message.Timestamp)
      }
    }
    const msg: AoMessage = { ...builtMessage(message), Nonce: e.nonce }
    return this.evaluate(e, msg)
  }

  /** Tells the `onQuiet` observers; awaits only those that return a promise (most steps sample nothing). */
  private quietAt(at: number): Promise<void> | undefined {
    const fs = this.quietObservers
    for (let i = 0; i < fs.length; i++) {
      const r = fs[i](at)
      if (r) return r.then(() => this.quietRest(at, i + 1))
    }
    return undefined
  }

  private async quietRest(at: number, from: number): Promise<void> {
    for (let i = from; i < this.quietObservers.length; i++) await this.quietObservers[i](at)
  }

  /** Would a message to `target` with this Action be delivered unseen (a quiet delivery)? */
  private readonly unseen = (target: string, action: string): boolean =>
    this.unseenBy(this.procs.get(target), action)

  /** `unseen` for a target already looked up (undefined: outside the world) */
  private unseenBy(t: Entry | undefined, action: string): boolean {
    return t
      ? (t.proc as Partial<IgnoringProcess>).ignoresAction?.(action) === true
      : this.externalObservers.length === 0
  }

  /**
   * The sends of a direct application by `sender` (caused by `cause`), in outbox order: a token transfer to a process
   * that applies transfers directly stays unbuilt, an unseen one is counted quietly, anything else is built and
   * pushed as the evaluation would have pushed it.
   */
  private scheduleDirect(sender: Entry, cause: SourceMessage, sends: DirectSend[]): void {
    for (let i = 0; i < sends.length; i++) {
      const s = sends[i]
      const target = this.procs.get(s.target)
      const at = cause.Timestamp + Math.max(0, this.delay(sender.proc.id, s))
      if (target && s.transfer && (target.proc as DirectProcess).applyTransfer) {
        const send = s as DirectSend & { transfer: { recipient: string; quantity: bigint } }
        const height = this.clock?.heightAt(at) ?? cause['Block-Height']
        const item = this.freeDirect.pop()
        if (item) {
          item.target = target
          item.sender = sender
          item.cause = cause
          item.evaluations = sender.evaluations
          item.index = i
          item.height = height
          item.send = send
          this.queue.push(at, 1, item)
        } else {
          const evaluations = sender.evaluations
          this.queue.push(at, 1, {
            kind: 'direct',
            target,
            sender,
            cause,
            evaluations,
            index: i,
            height,
            send,
          })
        }
      } else if (this.unseenBy(target, s.action)) this.pushQuiet(at, target)
      else if (s.build) this.push(sender, builtMessage(cause), s.build(), i)
      else
        throw new WorldError(
          `Internal: ${sender.proc.id} applied a message directly but cannot build its ${s.action} to ${s.target}, which is seen`,
        )
    }
  }

  private delay(from: string, s: DirectSend): number {
    if (typeof this.latency === 'number') return this.latency
    // the message is built only if the latency function looks at it
    return this.latency({
      from,
      to: s.target,
      get message() {
        if (!s.build)
          throw new WorldError(`Internal: the latency function needs a message that is never built`)
        return s.build()
      },
    })
  }

  /** A token transfer a direct application sent: applied directly by its target, else built and evaluated. */
  private deliverDirect(it: Extract<Item, { kind: 'direct' }>, at: number): Promise<void> | undefined {
    const e = it.target
    e.nonce++
    const sends = (e.proc as DirectProcess).applyTransfer?.(
      it.sender.proc.id,
      this.mu,
      it.send.transfer,
      this.unseen,
    )
    if (sends) {
      e.evaluations++
      this.directCount++
      for (let i = 0; i < sends.length; i++) {
        const s = sends[i]
        const to = this.procs.get(s.target)
        if (!this.unseenBy(to, s.action))
          throw new WorldError(
            `Internal: ${e.proc.id} applied a transfer directly but its ${s.action} to ${s.target} is seen`,
          )
        this.pushQuiet(at + Math.max(0, this.delay(e.proc.id, s)), to)
      }
      return this.quietAt(at)
    }
    if (!it.send.build)
      throw new WorldError(`Internal: a direct transfer to ${e.proc.id} cannot be built for its evaluation`)
    const msg = this.pushedFrom(
      it.sender,
      builtMessage(it.cause),
      it.send.build(),
      it.index,
      it.evaluations,
      at,
      it.height,
    )
    if (this.clock) this.clock.observe(msg.Timestamp, msg['Block-Height'])
    return this.evaluate(e, { ...msg, Nonce: e.nonce })
  }

  private async evaluate(e: Entry, msg: AoMessage): Promise<void> {
    const result = await e.proc.handle(msg)
    e.evaluations++
    if (result.Error !== undefined) e.errors++
    else {
      if (result.Spawns?.length) this.spawnRequests += result.Spawns.length
      for (const [i, out] of result.Messages.entries()) this.push(e, msg, out, i)
    }
    for (const f of this.observers) await f({ process: e.proc.id, message: msg, result, at: msg.Timestamp })
  }

  private push(sender: Entry, cause: AoMessage, out: OutboxMessage, index: number): void {
    if (!out.Target) {
      // e.g. the token blueprint's HyperBEAM `patch@1.0` message: it has no recipient on legacynet.
      this.externalCount++
      return
    }
    const delay =
      typeof this.latency === 'number'
        ? this.latency
        : this.latency({ from: sender.proc.id, to: out.Target, message: out })
    const at = cause.Timestamp + Math.max(0, delay)
    if (this.quiet) {
      // Its block height needs no clock observation either: heights the clock handed out never exceed it later.
      const target = this.procs.get(out.Target)
      if (
        target
          ? (target.proc as Partial<IgnoringProcess>).ignores?.(out) === true
          : this.externalObservers.length === 0
      ) {
        this.pushQuiet(at, target)
        return
      }
    }
    const msg = this.pushedFrom(
      sender,
      cause,
      out,
      index,
      sender.evaluations,
      at,
      this.clock?.heightAt(at) ?? cause['Block-Height'],
    )
    this.queue.push(at, 1, { kind: 'message', message: msg })
  }

  /** The message the MU makes of `out`, the `index`-th send of `sender`'s `evaluations`-th evaluation (of `cause`). */
  private pushedFrom(
    sender: Entry,
    cause: AoMessage,
    out: OutboxMessage,
    index: number,
    evaluations: number,
    at: number,
    blockHeight: number,
  ): AoMessage {
    const id = makeId(
      `${this.idSeed}:push:${sender.proc.id}:${cause.Id ?? `cron@${cause.Timestamp}`}:${evaluations}:${index}`,
    )
    // only a message the MU pushed carries a trustworthy Pushed-For; a wallet's own tag is ignored
    const pushedFor = (cause.Owner === this.mu ? tagValue(cause.Tags, 'Pushed-For') : undefined) ?? cause.Id
    return pushedMessage(out, {
      from: sender.proc.id,
      mu: this.mu,
      id,
      timestamp: at,
      blockHeight,
      pushedFor,
      fromModule: sender.module,
    })
  }

  private scheduleCron(e: Entry): void {
    const next = nextCronInstant(e.crons, e.spawnTimestamp, e.spawnHeight, e.cronAfter, this.clock)
    if (next !== undefined) this.queue.push(next, 0, { kind: 'cron', process: e.proc.id })
  }

  private async runCronTick(pid: string, at: number): Promise<void> {
    const e = this.procs.get(pid)
    if (!e) return
    const height = this.clock?.heightAt(at) ?? e.spawnHeight
    const due = dueCrons(e.crons, e.spawnTimestamp, e.spawnHeight, e.cronAfter, at, height)
    e.cronAfter = { ms: at, height }
    for (const c of due)
      await this.evaluate(
        e,
        cronMessage(c, { processId: pid, owner: e.owner, timestamp: at, blockHeight: height }),
      )
    this.scheduleCron(e)
  }
}

const yes = () => true

function isPromise<T>(v: T | Promise<T>): v is Promise<T> {
  return typeof (v as { then?: unknown }).then === 'function'
}
