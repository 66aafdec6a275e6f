import type { UnbuiltMessage } from '../../ao/directApply.ts'
import type { AoMessage } from '../../ao/message.ts'
import { normalizeTagName } from '../../ao/normalize.ts'
import type { LogLocation } from '../../errors/harness.ts'
import { tryParseAmount } from '../../models/amount.ts'
import { readRecordedSwap } from '../market/recordedSwaps.ts'
import { InternedReader, InternedWriter, PackedStrings, packStrings } from './internedFrame.ts'
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
  const packed = packStrings(w.strings)
  if (!packed) return undefined
  return layout(records.length, packed, [times, Float64Array.from(w.nums), cols, packed.offsets], {
    ops: narrow(w.ops),
    pairs: narrow(pairs),
  })
}

/** u16 when every value fits (string indices of a frame of 128 records always do): a smaller file to read */
function narrow(values: number[]): Uint16Array | Uint32Array {
  for (const v of values) if (v > 0xffff) return Uint32Array.from(values)
  return Uint16Array.from(values)
}

/**
 * A frame's bytes: a header of eight u32 (records, strings, flags, then the lengths of the number, op and pair
 * arrays and of the string bytes), then the f64, i32 and u32 arrays in `layout`'s order, then the op and pair arrays
 * (u16 or u32, as the flags say), then the strings' UTF-8 bytes: each array starts aligned for a view without a copy.
 * Nothing goes through v8's serializer.
 */
const HEADER = 32
const FLAG_ASCII = 1
const FLAG_OPS16 = 2
const FLAG_PAIRS16 = 4

type Narrow = Uint16Array | Uint32Array

function layout(
  n: number,
  packed: { bytes: Buffer; ascii: boolean },
  wide: [Float64Array, Float64Array, Int32Array, Uint32Array],
  narrowed: { ops: Narrow; pairs: Narrow },
): Buffer {
  const { ops, pairs } = narrowed
  // the u32 ops first when only one of the two is u16: everything after a u16 array is 2-byte data
  const arrays = [...wide, ...(ops instanceof Uint16Array ? [pairs, ops] : [ops, pairs])]
  let size = HEADER
  for (const a of arrays) size += a.byteLength
  // Buffer.alloc has an ArrayBuffer of its own (offset 0): the views below are aligned
  const out = Buffer.alloc(size + packed.bytes.length)
  const [, nums, , offsets] = wide
  new Uint32Array(out.buffer, out.byteOffset, 8).set([
    n,
    offsets.length - 1,
    (packed.ascii ? FLAG_ASCII : 0) |
      (ops instanceof Uint16Array ? FLAG_OPS16 : 0) |
      (pairs instanceof Uint16Array ? FLAG_PAIRS16 : 0),
    nums.length,
    ops.length,
    pairs.length,
    packed.bytes.length,
    0,
  ])
  let at = HEADER
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at)
    at += a.byteLength
  }
  packed.bytes.copy(out, at)
  return out
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
 * steps and dies young, where a whole frame of them would outlive a scavenge or two and be copied for nothing. The
 * arrays are views of `body`, its strings decoded on first use. With `reread`, the caller may reuse `body` for
 * another frame once it has called `evict()`: a record of this frame used after that reads its bytes again.
 */
export function openRecordFrame(body: Buffer, reread?: () => Buffer): RecordFrame {
  return new RecordFrame(frameData(body), reread)
}

/** What a frame's bytes hold, as views of them. */
interface FrameData {
  readonly header: Uint32Array
  readonly reader: InternedReader
  readonly strings: PackedStrings
  readonly cols: Int32Array
  readonly times: Float64Array
  readonly pairs: Narrow
}

function frameData(body: Buffer): FrameData {
  let b = body
  if (b.byteOffset % 8 !== 0) {
    b = Buffer.allocUnsafeSlow(body.length)
    body.copy(b)
  }
  if (b.length < HEADER) throw new Error('record frame: shorter than its header')
  const header = new Uint32Array(b.buffer, b.byteOffset, 8)
  const [n, nStrings, flags, nNums, nOps, nPairs, nBytes] = header
  let at = b.byteOffset + HEADER
  const view = <T>(
    make: new (buf: ArrayBufferLike, offset: number, length: number) => T,
    len: number,
    width: number,
  ) => {
    const v = new make(b.buffer, at, len)
    at += len * width
    return v
  }
  const times = view(Float64Array, 2 * n, 8)
  const nums = view(Float64Array, nNums, 8)
  const cols = view(Int32Array, n * COLS, 4)
  const offsets = view(Uint32Array, nStrings + 1, 4)
  const narrowOps = (flags & FLAG_OPS16) !== 0
  const narrowPairs = (flags & FLAG_PAIRS16) !== 0
  let ops: Narrow
  let pairs: Narrow
  if (narrowOps) {
    pairs = narrowPairs ? view(Uint16Array, nPairs, 2) : view(Uint32Array, nPairs, 4)
    ops = view(Uint16Array, nOps, 2)
  } else {
    ops = view(Uint32Array, nOps, 4)
    pairs = narrowPairs ? view(Uint16Array, nPairs, 2) : view(Uint32Array, nPairs, 4)
  }
  if (at - b.byteOffset + nBytes !== b.length)
    throw new Error('record frame: its length does not match its header')
  const strings = new PackedStrings(b.subarray(at - b.byteOffset), offsets, (flags & FLAG_ASCII) !== 0)
  return { header, reader: new InternedReader(strings, ops, nums), strings, cols, times, pairs }
}

/** a string of the frame not looked up yet in `RecordFrame.slotsFor` */
const UNKNOWN = -2

export class RecordFrame {
  private readonly normalized: (string | undefined)[] = []
  private slotNames: readonly string[] | undefined
  private slots = new Int16Array(0)
  readonly length: number
  private readonly nStrings: number
  private d: FrameData | undefined
  private lastAmountAt = -1
  private lastAmount: bigint | null = null
  constructor(
    d: FrameData,
    private readonly reread?: () => Buffer,
  ) {
    this.d = d
    this.length = d.cols.length / COLS
    this.nStrings = d.strings.length
  }

  /** The bytes under this frame are about to be reused: a later use of one of its records reads them again. */
  evict(): void {
    if (!this.reread) throw new Error('record frame: evicted without a way to read it again')
    this.d = undefined
  }

  /** the frame's arrays (read again from the cache file after an `evict`: rare, a record used long after its read) */
  get data(): FrameData {
    return this.d ?? this.reload()
  }

  private reload(): FrameData {
    const d = frameData((this.reread as () => Buffer)())
    if (d.cols.length / COLS !== this.length || d.strings.length !== this.nStrings)
      throw new Error('record frame: read again, it is not the frame it was')
    this.d = d
    return d
  }

  /**
   * The frame's `i`-th string as `tryParseAmount` reads it (`null`: no amount): up to 30 digits (below 10^30, always
   * in range) from its bytes, anything else from its text.
   */
  amount(i: number): bigint | null {
    // the last one again: a recorded swap's Quantity is read for the replay's counters, then for its application
    if (i === this.lastAmountAt) return this.lastAmount
    const strings = this.data.strings
    const v = strings.digitsAt(i) ?? tryParseAmount(strings.at(i)) ?? null
    this.lastAmountAt = i
    this.lastAmount = v
    return v
  }

  /** the frame's `i`-th string (decoded once per read of the frame, on first use) */
  str(i: number): string {
    return this.data.strings.at(i)
  }

  get cols(): Int32Array {
    return this.data.cols
  }

  /** the `i`-th record, its message unbuilt when its envelope allows */
  at(i: number): CachedRecord {
    const cols = this.cols
    const c = i * COLS
    const flags = cols[c + C_FLAGS]
    if ((flags & F_LAZY) === 0) return this.record(i)
    const d = this.data
    const m = new CachedMessage(
      this,
      i,
      d.strings.at(cols[c + C_FROM]),
      d.strings.at(cols[c + C_OWNER]),
      d.strings.at(cols[c + C_TARGET]),
      d.times[2 * i],
      d.times[2 * i + 1],
    )
    return new LazyRecord((flags & F_SPAWN) !== 0, m, this, i)
  }

  /** the record as it was written, in full */
  record(i: number): CompactRecord {
    const d = this.data
    return d.reader.valueAt(d.cols[i * COLS + C_OP], d.cols[i * COLS + C_NUM]) as CompactRecord
  }

  /**
   * For the names a caller asks for (one constant list on the hot path): per string of the frame, the index in
   * `names` of its normalized form, -1 for none, `UNKNOWN` until first looked up.
   */
  slotsFor(names: readonly string[]): Int16Array {
    if (names !== this.slotNames) {
      this.slotNames = names
      this.slots = new Int16Array(this.nStrings).fill(UNKNOWN)
    }
    return this.slots
  }

  /** the normalized form of the frame's `i`-th string (tag names repeat on every record: once per frame) */
  norm(i: number): string {
    let n = this.normalized[i]
    if (n === undefined) {
      n = normalizeTagName(this.str(i))
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
    readonly From: string,
    readonly Owner: string,
    readonly Target: string,
    readonly Timestamp: number,
    blockHeight: number,
  ) {
    this['Block-Height'] = blockHeight
  }

  /** decoded when asked for: the fast path reads it only for a message it builds */
  get Id(): string | undefined {
    const id = this.frame.cols[this.i * COLS + C_ID]
    return id < 0 ? undefined : this.frame.str(id)
  }

  build(): AoMessage {
    this.built ??= this.frame.record(this.i).message
    return this.built
  }

  rootTags(names: readonly string[]): (string | undefined)[] {
    return this.scanTags(names, names.length) as (string | undefined)[]
  }

  rootTagsAmounts(names: readonly string[], amountsFrom: number): (string | bigint | null | undefined)[] {
    return this.scanTags(names, amountsFrom)
  }

  /** for each name, the value of the last tag whose normalized name it is; from `amountsFrom` on, as an amount */
  private scanTags(names: readonly string[], amountsFrom: number): (string | bigint | null | undefined)[] {
    const f = this.frame
    const d = f.data
    const c = this.i * COLS
    const pairs = d.pairs
    const cols = d.cols
    const strings = d.strings
    const slots = f.slotsFor(names)
    const out: (string | bigint | null | undefined)[] = new Array(names.length)
    for (let j = 0; j < names.length; j++) out[j] = undefined
    let left = names.length
    // backwards: the last of duplicate tags wins, as on the aos root
    for (let start = cols[c + C_TAGS] * 2, k = start + 2 * (cols[c + C_NTAGS] - 1); k >= start; k -= 2) {
      const name = pairs[k]
      let j = slots[name]
      if (j === UNKNOWN) {
        j = names.indexOf(f.norm(name))
        slots[name] = j
      }
      if (j >= 0 && out[j] === undefined) {
        out[j] = j < amountsFrom ? strings.at(pairs[k + 1]) : f.amount(pairs[k + 1])
        if (--left === 0) break
      }
    }
    return out
  }

  /** the input of the recorded swap this message is (`swapSummary`'s `amountIn`), undefined when it is none */
  swapAmount(): bigint | undefined {
    const c = this.i * COLS
    const f = this.frame
    if ((f.cols[c + C_FLAGS] & F_SWAP) === 0) return undefined
    const at = f.cols[c + C_SWAP]
    // the amount as a model reads it, unless it is beyond what a model accepts
    return f.amount(at) ?? BigInt(f.str(at))
  }

  /** `readRecordedSwap(this.build())`, as stored when the cache was written */
  swapSummary(): SwapSummary {
    const c = this.i * COLS
    const flags = this.frame.cols[c + C_FLAGS]
    if (flags & F_SWAP) return { tokenIn: this.From, amountIn: this.swapAmount() as bigint }
    if (flags & F_UNUSABLE) return { unusable: this.frame.str(this.frame.cols[c + C_SWAP]) }
    return null
  }
}
