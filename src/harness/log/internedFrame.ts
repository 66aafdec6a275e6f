import { deserialize, serialize } from 'node:v8'

/**
 * A frame of plain JSON-like values (the record cache's records) with every string stored once: a string table and
 * one flat array of numbers that rebuilds the values. A log repeats the same tag names, token and pool ids, owner and
 * file on every line (numbers go to a third array); v8's own deserializer makes a fresh copy of each per record, and that was most of the fast
 * path's read time. Decoding gives values equal to the input: same keys in the same order, same types.
 * Values other than strings, numbers, booleans, null, undefined, arrays and plain objects are refused (`encode`
 * returns undefined) and the caller falls back to v8's format.
 */
const UNDEF = 0
const NULL = 1
const TRUE = 2
const FALSE = 3
const STR = 4
const NUM = 5
const OBJ = 6
const ARR = 7

/** Builds one frame: `put` values (each at the op and number offsets it returns), `str` for bare string indices. */
export class InternedWriter {
  readonly strings: string[] = []
  private readonly index = new Map<string, number>()
  readonly ops: number[] = []
  readonly nums: number[] = []

  /** the string's index in the frame's table */
  str(s: string): number {
    let i = this.index.get(s)
    if (i === undefined) {
      i = this.strings.length
      this.strings.push(s)
      this.index.set(s, i)
    }
    return i
  }

  /** Appends a value; false when it cannot be represented (the frame is then unusable). */
  put(v: unknown): boolean {
    const ops = this.ops
    if (v === undefined) ops.push(UNDEF)
    else if (v === null) ops.push(NULL)
    else if (v === true) ops.push(TRUE)
    else if (v === false) ops.push(FALSE)
    else if (typeof v === 'string') ops.push(STR, this.str(v))
    else if (typeof v === 'number') {
      ops.push(NUM)
      this.nums.push(v)
    } else if (Array.isArray(v)) {
      ops.push(ARR, v.length)
      for (let i = 0; i < v.length; i++) if (!(i in v) || !this.put(v[i])) return false
    } else if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const keys = Object.keys(v)
      if (Object.getOwnPropertySymbols(v).length) return false
      ops.push(OBJ, keys.length)
      for (const k of keys) {
        ops.push(this.str(k))
        if (!this.put((v as Record<string, unknown>)[k])) return false
      }
    } else return false
    return true
  }
}

/** A frame's string table: `at(i)` is its `i`-th string (a plain array, or `PackedStrings` decoding on demand). */
export interface StringTable {
  readonly length: number
  at(i: number): string | undefined
}

const TEN_15 = 10n ** 15n

/** Node's own decoders behind `Buffer#toString` (undocumented, present since Node 0.x), without its argument checks */
interface SliceableBuffer {
  latin1Slice(start: number, end: number): string
  utf8Slice(start: number, end: number): string
}
const FAST_SLICE = typeof (Buffer.prototype as Partial<SliceableBuffer>).latin1Slice === 'function'

/**
 * A string table stored as bytes (`packStrings`), each string decoded on its first `at` and kept: a cached record
 * holds some twenty strings, of which the replay's fast path reads three or four, so decoding them all per frame (as
 * v8's deserializer did) was most of the read's cost. Each decoded string is a copy, never a slice of the frame.
 */
export class PackedStrings implements StringTable {
  private readonly decoded: (string | undefined)[]
  readonly length: number
  constructor(
    private readonly bytes: Buffer,
    private readonly offsets: Uint32Array,
    /** every string is ASCII: latin1 decodes them as UTF-8 would, faster */
    private readonly ascii: boolean,
  ) {
    this.length = offsets.length - 1
    // filled, not holey: a read of a packed array is a plain load
    this.decoded = new Array(this.length).fill(undefined)
  }

  at(i: number): string {
    const s = this.decoded[i]
    return s === undefined ? this.decode(i) : s
  }

  /**
   * The value of the `i`-th string when it is 1 to 30 ASCII digits (leading zeros too), read from its bytes without
   * making the string; else undefined. ASCII digits are one byte each in UTF-8 and every other character has a byte
   * that is not one. Two runs of at most 15 digits are exact doubles: value = high·10^15 + low.
   */
  digitsAt(i: number): bigint | undefined {
    if (!(i >= 0 && i < this.length)) throw new Error(`interned frame: no string ${i}`)
    const from = this.offsets[i]
    const to = this.offsets[i + 1]
    if (to === from || to - from > 30) return undefined
    const b = this.bytes
    const split = to - from > 15 ? to - 15 : from
    let high = 0
    for (let k = from; k < split; k++) {
      const d = b[k] - 48
      if (d < 0 || d > 9) return undefined
      high = high * 10 + d
    }
    let low = 0
    for (let k = split; k < to; k++) {
      const d = b[k] - 48
      if (d < 0 || d > 9) return undefined
      low = low * 10 + d
    }
    return split === from ? BigInt(low) : BigInt(high) * TEN_15 + BigInt(low)
  }

  private decode(i: number): string {
    if (!(i >= 0 && i < this.length)) throw new Error(`interned frame: no string ${i}`)
    const from = this.offsets[i]
    const to = this.offsets[i + 1]
    const b = this.bytes as Buffer & SliceableBuffer
    let s: string
    if (!FAST_SLICE) s = b.toString(this.ascii ? 'latin1' : 'utf8', from, to)
    else s = this.ascii ? b.latin1Slice(from, to) : b.utf8Slice(from, to)
    this.decoded[i] = s
    return s
  }
}

/** ES2024's String#isWellFormed (Node 20 has it; the project's lib is ES2022) */
type WellFormed = string & { isWellFormed(): boolean }

/**
 * A string table as UTF-8 bytes and `length + 1` offsets into them (`PackedStrings` reads it back); undefined when a
 * string has a lone surrogate, which UTF-8 cannot hold (the caller then keeps v8's format, which can).
 */
export function packStrings(
  strings: readonly string[],
): { bytes: Buffer; offsets: Uint32Array; ascii: boolean } | undefined {
  const offsets = new Uint32Array(strings.length + 1)
  let size = 0
  let ascii = true
  for (let i = 0; i < strings.length; i++) {
    const n = Buffer.byteLength(strings[i], 'utf8')
    if (n !== strings[i].length && !(strings[i] as WellFormed).isWellFormed()) return undefined
    if (n !== strings[i].length) ascii = false
    size += n
    offsets[i + 1] = size
  }
  const bytes = Buffer.allocUnsafe(size)
  for (let i = 0; i < strings.length; i++) bytes.write(strings[i], offsets[i], 'utf8')
  return { bytes, offsets, ascii }
}

/** Reads values of a frame back from their op and number offsets (`InternedWriter.put`'s positions). */
export class InternedReader {
  private p = 0
  private q = 0
  constructor(
    readonly strings: StringTable,
    readonly ops: Uint16Array | Uint32Array,
    readonly nums: Float64Array,
  ) {}

  /** the value whose encoding starts at op `p` and number `q` */
  valueAt(p: number, q: number): unknown {
    this.p = p
    this.q = q
    return this.read()
  }

  /** the values from the start of the frame to its end, in order */
  all(): unknown[] {
    this.p = 0
    this.q = 0
    const out: unknown[] = []
    while (this.p < this.ops.length) out.push(this.read())
    return out
  }

  private read(): unknown {
    const ops = this.ops
    const op = ops[this.p++]
    switch (op) {
      case STR:
        return this.strings.at(ops[this.p++])
      case NUM:
        return this.nums[this.q++]
      case OBJ: {
        const n = ops[this.p++]
        const o: Record<string, unknown> = {}
        for (let i = 0; i < n; i++) {
          const k = this.strings.at(ops[this.p++]) as string
          o[k] = this.read()
        }
        return o
      }
      case ARR: {
        const n = ops[this.p++]
        const a: unknown[] = new Array(n)
        for (let i = 0; i < n; i++) a[i] = this.read()
        return a
      }
      case UNDEF:
        return undefined
      case NULL:
        return null
      case TRUE:
        return true
      case FALSE:
        return false
      default:
        throw new Error(`interned frame: bad op ${op} at ${this.p - 1}`)
    }
  }
}

export function encodeInterned(values: unknown[]): Buffer | undefined {
  const w = new InternedWriter()
  for (const v of values) if (!w.put(v)) return undefined
  return serialize([w.strings, Uint32Array.from(w.ops), Float64Array.from(w.nums)])
}

export function decodeInterned(body: Buffer): unknown[] {
  const [strings, ops, nums] = deserialize(body) as [string[], Uint32Array, Float64Array]
  return new InternedReader(strings, ops, nums).all()
}
