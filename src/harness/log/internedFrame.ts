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

/** Reads values of a frame back from their op and number offsets (`InternedWriter.put`'s positions). */
export class InternedReader {
  private p = 0
  private q = 0
  constructor(
    readonly strings: string[],
    readonly ops: Uint32Array,
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
        return this.strings[ops[this.p++]]
      case NUM:
        return this.nums[this.q++]
      case OBJ: {
        const n = ops[this.p++]
        const o: Record<string, unknown> = {}
        for (let i = 0; i < n; i++) {
          const k = this.strings[ops[this.p++]]
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
