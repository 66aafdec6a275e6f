import './hostClock.ts' // capture the real clocks before ao-loader patches them
import AoLoader from '@permaweb/ao-loader'
import { AOS_COMPUTE_LIMIT, AOS_MEMORY_LIMIT, LEGACY_AUTHORITY, MODULE_TAGS } from './constants.ts'
import { type AosModule, loadAosModule } from './loadAosModule.ts'
import type { AoEnv, AoMessage, AoProcessLike, HandleResult, Tag } from './message.ts'
import { PageCopy } from './PageCopy.ts'

/** the checkpoint interval grows to this multiple of `checkpointEvery` while no message fails (and starts there) */
const MAX_INTERVAL_FACTOR = 8

type Handle = (memory: ArrayBuffer | Uint8Array | null, msg: AoMessage, env: AoEnv) => Promise<any>

export interface AosSpawnParameters {
  id: string
  owner: string
  /** Spawn tags besides Type/Module/Authority, e.g. Name, Cron-Interval, Cron-Tag-*, On-Boot. */
  tags?: Tag[]
  data?: string
  timestamp: number
  blockHeight: number
  /** Authorities added as `Authority` tags. Defaults to the legacynet MU. */
  authorities?: string[]
  /** A user-provided aos wasm file instead of the production module. */
  wasm?: string
  moduleId?: string
  format?: string
  memoryLimit?: string
  /**
   * Messages between memory checkpoints after a rollback (default 64). While no message fails the interval doubles
   * up to 8× this (where it starts), so a process that never errs is rarely copied; a rollback replays at most the
   * current interval.
   */
  checkpointEvery?: number
  /** `From` of the spawn message when it differs from `owner`: a process-spawned child (`From-Process`, MU signer). */
  from?: string
}

/**
 * One hot aos wasm instance per process (`null` memory, `UNSAFE_MEMORY`), with CU-equivalent rollback: a handler
 * error leaves the state exactly as it was before the message. Rollback is implemented with a memory checkpoint plus
 * a journal of the messages evaluated since; the checkpoint is copied every `checkpointEvery` messages, less often
 * while nothing fails.
 */
export class AosProcess implements AoProcessLike {
  readonly id: string
  readonly owner: string
  readonly env: AoEnv
  readonly module: AosModule
  private readonly handleFn: Handle
  /** the heap after the last checkpointed message (page-sparse, one buffer reused) */
  private readonly checkpoint = new PageCopy()
  /** a heap given to `loadState`, standing in for the checkpoint until the next capture */
  private loaded: Uint8Array | null = null
  /** scratch copy for dry-runs, reused */
  private readonly dryScratch = new PageCopy()
  private journal: AoMessage[] = []
  private readonly checkpointEvery: number
  /** the current checkpoint interval: `checkpointEvery` after a rollback, doubling (to 8×) while nothing fails */
  private interval: number
  private memory: ArrayBuffer | null = null
  /** Number of messages evaluated (including the spawn message). */
  evaluated = 0

  private constructor(p: {
    id: string
    owner: string
    env: AoEnv
    module: AosModule
    handle: Handle
    every: number
  }) {
    this.id = p.id
    this.owner = p.owner
    this.env = p.env
    this.module = p.module
    this.handleFn = p.handle
    this.checkpointEvery = p.every
    // nothing has failed yet: start at the longest interval (a process that never errs is rarely copied)
    this.interval = p.every * MAX_INTERVAL_FACTOR
  }

  /** Creates the instance and evaluates the spawn message (`Id` = process id, `Type=Process`). */
  static async spawn(p: AosSpawnParameters): Promise<{ process: AosProcess; result: HandleResult }> {
    const mod = await loadAosModule({ path: p.wasm, id: p.moduleId, format: p.format })
    const handle: Handle = await AoLoader(
      (info: WebAssembly.Imports, receive: (i: WebAssembly.Instance, m: WebAssembly.Module) => void) => {
        WebAssembly.instantiate(mod.compiled, info).then((inst) => receive(inst, mod.compiled))
        return {}
      },
      {
        format: mod.format,
        memoryLimit: p.memoryLimit ?? AOS_MEMORY_LIMIT,
        computeLimit: AOS_COMPUTE_LIMIT,
        extensions: [],
        UNSAFE_MEMORY: true,
      } as any,
    )
    const authorities = p.authorities ?? [LEGACY_AUTHORITY]
    const processTags: Tag[] = [
      { name: 'Data-Protocol', value: 'ao' },
      { name: 'Variant', value: 'ao.TN.1' },
      { name: 'Type', value: 'Process' },
      { name: 'Module', value: mod.id },
      ...authorities.map((a) => ({ name: 'Authority', value: a })),
      ...(p.tags ?? []),
    ]
    const env: AoEnv = {
      Process: { Id: p.id, Owner: p.owner, Tags: processTags },
      Module: { Id: mod.id, Owner: p.owner, Tags: MODULE_TAGS },
    }
    const proc = new AosProcess({
      id: p.id,
      owner: p.owner,
      env,
      module: mod,
      handle,
      every: p.checkpointEvery ?? 64,
    })
    const spawnMsg: AoMessage = {
      Id: p.id,
      Owner: p.owner,
      From: p.from ?? p.owner,
      ...(p.from && p.from !== p.owner ? { 'Forwarded-By': p.owner } : {}),
      Target: p.id,
      Module: mod.id,
      Data: p.data ?? '',
      Tags: processTags,
      Timestamp: p.timestamp,
      'Block-Height': p.blockHeight,
      Nonce: 0,
      Epoch: 0,
      Cron: false,
    }
    const raw = await proc.call(null, spawnMsg)
    proc.evaluated = 1
    proc.capture()
    return { process: proc, result: raw }
  }

  /** Evaluates one message. On a handler error the result carries `Error`, no messages, and the state is rolled back. */
  async handle(msg: AoMessage): Promise<HandleResult> {
    const res = await this.call(null, msg)
    this.evaluated++
    if (res.Error !== undefined) {
      await this.rollback()
      return res
    }
    this.journal.push(msg)
    if (this.journal.length >= this.interval) {
      this.capture()
      this.interval = Math.min(this.interval * 2, this.checkpointEvery * MAX_INTERVAL_FACTOR)
    }
    return res
  }

  /** Sends `Action=Eval` (from the spawn owner unless `from` is given) and returns the printed output; throws on a Lua error. */
  async eval(
    lua: string,
    at: { timestamp: number; blockHeight: number; id: string; from?: string },
  ): Promise<string> {
    const from = at.from ?? this.owner
    const res = await this.handle({
      Id: at.id,
      Owner: from,
      From: from,
      Target: this.id,
      Data: lua,
      Tags: [{ name: 'Action', value: 'Eval' }],
      Timestamp: at.timestamp,
      'Block-Height': at.blockHeight,
      Cron: false,
    })
    if (res.Error !== undefined) throw new Error(`Eval failed in ${this.id}: ${stripAnsi(res.Error)}`)
    const out = res.Output as { data?: unknown } | undefined
    return typeof out?.data === 'string' ? stripAnsi(out.data) : ''
  }

  /** Evaluates `msg` read-only (a CU dry-run): the heap is copied before and restored after, whatever happens. */
  async dryrun(msg: AoMessage): Promise<HandleResult> {
    if (this.restore) {
      const before = this.restore
      const res = await this.call(null, msg) // copies in the pending restore
      this.restore = before
      return res
    }
    this.dryScratch.capture(this.liveHeap())
    try {
      return await this.call(null, msg)
    } finally {
      this.dryScratch.restoreInto(this.liveHeap())
    }
  }

  /** Replaces the heap with a saved snapshot (reset or fork); the next message starts from exactly that state. */
  loadState(memory: Uint8Array): void {
    this.restore = memory
    this.loaded = memory
    this.journal = []
  }

  /** A full copy of the current heap (for forking or saving). */
  snapshot(): Uint8Array {
    return this.copyMemory()
  }

  private copyMemory(): Uint8Array {
    return new Uint8Array(this.liveHeap()).slice()
  }

  /** The instance's heap itself (UNSAFE_MEMORY hands out the live buffer; it only changes inside a call). */
  private liveHeap(): ArrayBuffer {
    if (!this.memory) throw new Error('aos process has no memory yet')
    return this.memory
  }

  /** Checkpoint: the heap now, copied page-sparse into the one reused buffer; the journal restarts. */
  private capture(): void {
    if (this.restore) return // a loaded state not applied yet stays the checkpoint
    this.checkpoint.capture(this.liveHeap())
    this.loaded = null
    this.journal = []
  }

  private async rollback(): Promise<void> {
    const replay = this.journal
    this.journal = []
    this.interval = this.checkpointEvery
    // Restore the checkpoint into the heap, then re-evaluate the journal: evaluation is deterministic.
    if (this.loaded) this.restore = this.loaded
    else this.checkpoint.restoreInto(this.liveHeap())
    if (replay.length === 0) return
    for (const m of replay) {
      const r = await this.call(null, m)
      if (r.Error !== undefined) throw new Error(`aos replay diverged while rolling back ${this.id}`)
    }
    this.journal = replay
  }

  /** A checkpoint to copy in on the next call (set when rollback needs no replay). */
  private restore: Uint8Array | null = null

  private async call(memory: Uint8Array | null, msg: AoMessage): Promise<HandleResult> {
    const mem = memory ?? this.restore
    this.restore = null
    const origLog = console.log
    const origRandom = Math.random
    let raw: any
    try {
      raw = await this.handleFn(mem, msg, this.env)
    } catch (e) {
      // The module failed outside aos's handler pcall (e.g. malformed JSON Data): same as a handler error on a CU.
      console.log = origLog
      Math.random = origRandom
      return {
        Messages: [],
        Spawns: [],
        Assignments: [],
        Output: undefined,
        Error: String((e as any)?.message ?? e),
      }
    }
    this.memory = raw.Memory as ArrayBuffer
    if (raw.Error !== undefined && raw.Error !== null)
      return { Messages: [], Spawns: [], Assignments: [], Output: raw.Output, Error: String(raw.Error) }
    return {
      Messages: raw.Messages ?? [],
      Spawns: raw.Spawns ?? [],
      Assignments: raw.Assignments ?? [],
      Output: raw.Output,
    }
  }
}

export function stripAnsi(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are control characters by definition
  return s.replace(/\u001b\[[0-9;]*m/g, '')
}
