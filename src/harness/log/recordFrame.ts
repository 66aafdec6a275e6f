import { deserialize, serialize } from 'node:v8'
import type { UnbuiltMessage } from '../../ao/directApply.ts'
import type { AoMessage } from '../../ao/message.ts'
import { normalizeTagName } from '../../ao/normalize.ts'
import type { LogLocation } from '../../errors/harness.ts'
import { readRecordedSwap } from '../market/recordedSwaps.ts'
import { InternedReader, InternedWriter } from './internedFrame.ts'
import type { LogRecord } from './openLog.ts'

/** What the record cache holds of a record: the message as the CU hands it over, where it was, whether it is the spawn. */
export type CompactRecord = Pick<LogRecord, 'spawn' | 'message' | 'location'>

/**
 * A record read from the cache: `message` is built only when someone needs it (`UnbuiltMessage`); the replay's fast
 * path reads its envelope, its tags by name and the recorded-swap summary that the cache stored next to it.
 */
export interface CachedRecord {
  spawn: boolean
  message: AoMessage | CachedMessage
  readonly location: LogLocation
}

/** `readRecordedSwap`'s answer, reduced to what the replay's counters need. */
export type SwapSummary = { tokenIn: string; amountIn: bigint } | { unusable: string } | null

// per-record int columns
const C_FLAGS = 0
const C_OP = 1
const C_NUM = 2
const C_ID = 3
const C_FROM = 4
const C_OWNER = 5
const C_TARGET = 6
const C_TAGS = 7
const C_NTAGS = 8
const C_SWAP = 9
const COLS = 10
const F_SPAWN = 1
/** the envelope has the usual types: the message may stay unbuilt */
const F_LAZY = 2
const F_SWAP = 4
const F_UNUSABLE = 8

/**
 * Encodes records as one frame: every record in full (interned, `internedFrame.ts`) plus columns the fast path
 * reads without building the message (envelope ids, timestamp, block height, tag name/value pairs, the recorded swap
 * summary computed by `readRecordedSwap` itself). Undefined when a record cannot be represented.
 */
export function encodeRecordFrame(records: CompactRecord[]): Buffer | undefined {
  const w = new InternedWriter()
  const cols = new Int32Array(records.length * COLS)
  const times = new Float64Array(records.length * 2)
  const pairs: number[] = []
  for (let i = 0; i < records.length; i++) {
    const r = records[i]
    const c = i * COLS
    cols[c + C_OP] = w.ops.length
    cols[c + C_NUM] = w.nums.length
    if (!w.put({ spawn: r.spawn, message: r.message, location: r.location })) return undefined
    const m = r.message
    let flags = r.spawn ? F_SPAWN : 0
    if (
      (m.Id === undefined || typeof m.Id === 'string') &&
      typeof m.From === 'string' &&
      typeof m.Owner === 'string' &&
      typeof m.Target === 'string' &&
      typeof m.Timestamp === 'number' &&
      typeof m['Block-Height'] === 'number' &&
      m.Cron === false &&
      Array.isArray(m.Tags) &&
      m.Tags.every((t) => typeof t?.name === 'string' && typeof t.value === 'string')
    ) {
      flags |= F_LAZY
      cols[c + C_ID] = m.Id === undefined ? -1 : w.str(m.Id)
      cols[c + C_FROM] = w.str(m.From)
      cols[c + C_OWNER] = w.str(m.Owner)
      cols[c + C_TARGET] = w.str(m.Target)
      times[2 * i] = m.Timestamp
      times[2 * i + 1] = m['Block-Height']
      cols[c + C_TAGS] = pairs.length >> 1
      cols[c + C_NTAGS] = m.Tags.length
      for (const t of m.Tags) pairs.push(w.str(t.name), w.str(t.value))
      const s = readRecordedSwap(m)
      if (s && 'swap' in s) {
        flags |= F_SWAP
        cols[c + C_SWAP] = w.str(String(s.swap.amountIn))
      } else if (s) {
        flags |= F_UNUSABLE
        cols[c + C_SWAP] = w.str(s.unusable)
      }
    }
    cols[c + C_FLAGS] = flags
  }
  return serialize([
    w.strings,
    Uint32Array.from(w.ops),
    Float64Array.from(w.nums),
    cols,
    times,
    Uint32Array.from(pairs),
  ])
}

/** The records of a frame written by `encodeRecordFrame`, in order. */
export function decodeRecordFrame(body: Buffer): CachedRecord[] {
  const frame = openRecordFrame(body)
  const out: CachedRecord[] = []
  for (let i = 0; i < frame.length; i++) out.push(frame.at(i))
  return out
}

/**
 * A frame written by `encodeRecordFrame`, its records made one at a time (`at`): a record in flight lives a few
 * steps and dies young, where a whole frame of them would outlive a scavenge or two and be copied for nothing.
 */
export function openRecordFrame(body: Buffer): RecordFrame {
  const [strings, ops, nums, cols, times, pairs] = deserialize(body) as [
    string[],
    Uint32Array,
    Float64Array,
    Int32Array,
    Float64Array,
    Uint32Array,
  ]
  return new RecordFrame(new InternedReader(strings, ops, nums), cols, times, pairs)
}

/** a string of the frame not looked up yet in `RecordFrame.slotsFor` */
const UNKNOWN = -2

export class RecordFrame {
  private readonly normalized: (string | undefined)[] = []
  private slotNames: readonly string[] | undefined
  private slots = new Int16Array(0)
  readonly length: number
  constructor(
    readonly reader: InternedReader,
    readonly cols: Int32Array,
    private readonly times: Float64Array,
    readonly pairs: Uint32Array,
  ) {
    this.length = cols.length / COLS
  }

  /** the `i`-th record, its message unbuilt when its envelope allows */
  at(i: number): CachedRecord {
    const cols = this.cols
    const c = i * COLS
    const flags = cols[c + C_FLAGS]
    if ((flags & F_LAZY) === 0) return this.record(i)
    const strings = this.reader.strings
    const id = cols[c + C_ID]
    const m = new CachedMessage(
      this,
      i,
      id < 0 ? undefined : strings[id],
      strings[cols[c + C_FROM]],
      strings[cols[c + C_OWNER]],
      strings[cols[c + C_TARGET]],
      this.times[2 * i],
      this.times[2 * i + 1],
    )
    return new LazyRecord((flags & F_SPAWN) !== 0, m, this, i)
  }

  /** the record as it was written, in full */
  record(i: number): CompactRecord {
    return this.reader.valueAt(this.cols[i * COLS + C_OP], this.cols[i * COLS + C_NUM]) as CompactRecord
  }

  /**
   * For the names a caller asks for (one constant list on the hot path): per string of the frame, the index in
   * `names` of its normalized form, -1 for none, `UNKNOWN` until first looked up.
   */
  slotsFor(names: readonly string[]): Int16Array {
    if (names !== this.slotNames) {
      this.slotNames = names
      this.slots = new Int16Array(this.reader.strings.length).fill(UNKNOWN)
    }
    return this.slots
  }

  /** the normalized form of the frame's `i`-th string (tag names repeat on every record: once per frame) */
  norm(i: number): string {
    let n = this.normalized[i]
    if (n === undefined) {
      n = normalizeTagName(this.reader.strings[i])
      this.normalized[i] = n
    }
    return n
  }
}

class LazyRecord implements CachedRecord {
  constructor(
    readonly spawn: boolean,
    readonly message: CachedMessage,
    private readonly frame: RecordFrame,
    private readonly i: number,
  ) {}
  get location(): LogLocation {
    return this.frame.record(this.i).location
  }
}

/** A cached record's message, built on demand (see `UnbuiltMessage`). */
export class CachedMessage implements UnbuiltMessage {
  readonly unbuilt = true as const
  readonly Cron = false as const
  private built: AoMessage | undefined
  readonly 'Block-Height': number
  constructor(
    private readonly frame: RecordFrame,
    private readonly i: number,
    readonly Id: string | undefined,
    readonly From: string,
    readonly Owner: string,
    readonly Target: string,
    readonly Timestamp: number,
    blockHeight: number,
  ) {
    this['Block-Height'] = blockHeight
  }

  build(): AoMessage {
    this.built ??= this.frame.record(this.i).message
    return this.built
  }

  rootTags(names: readonly string[]): (string | undefined)[] {
    const f = this.frame
    const c = this.i * COLS
    const pairs = f.pairs
    const strings = f.reader.strings
    const slots = f.slotsFor(names)
    const out: (string | undefined)[] = new Array(names.length)
    for (let j = 0; j < names.length; j++) out[j] = undefined
    let left = names.length
    // backwards: the last of duplicate tags wins, as on the aos root
    for (let start = f.cols[c + C_TAGS] * 2, k = start + 2 * (f.cols[c + C_NTAGS] - 1); k >= start; k -= 2) {
      const name = pairs[k]
      let j = slots[name]
      if (j === UNKNOWN) {
        j = names.indexOf(f.norm(name))
        slots[name] = j
      }
      if (j >= 0 && out[j] === undefined) {
        out[j] = strings[pairs[k + 1]]
        if (--left === 0) break
      }
    }
    return out
  }

  /** `readRecordedSwap(this.build())`, as stored when the cache was written */
  swapSummary(): SwapSummary {
    const c = this.i * COLS
    const flags = this.frame.cols[c + C_FLAGS]
    if (flags & F_SWAP)
      return { tokenIn: this.From, amountIn: BigInt(this.frame.reader.strings[this.frame.cols[c + C_SWAP]]) }
    if (flags & F_UNUSABLE) return { unusable: this.frame.reader.strings[this.frame.cols[c + C_SWAP]] }
    return null
  }
}
