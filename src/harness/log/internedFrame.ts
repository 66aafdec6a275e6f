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

export function encodeInterned(values: unknown[]): Buffer | undefined {
  const strings: string[] = []
  const index = new Map<string, number>()
  const ops: number[] = []
  const nums: number[] = []
  const str = (s: string) => {
    let i = index.get(s)
    if (i === undefined) {
      i = strings.length
      strings.push(s)
      index.set(s, i)
    }
    return i
  }
  const put = (v: unknown): boolean => {
    if (v === undefined) ops.push(UNDEF)
    else if (v === null) ops.push(NULL)
    else if (v === true) ops.push(TRUE)
    else if (v === false) ops.push(FALSE)
    else if (typeof v === 'string') ops.push(STR, str(v))
    else if (typeof v === 'number') {
      ops.push(NUM)
      nums.push(v)
    } else if (Array.isArray(v)) {
      ops.push(ARR, v.length)
      for (let i = 0; i < v.length; i++) if (!(i in v) || !put(v[i])) return false
    } else if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const keys = Object.keys(v)
      if (Object.getOwnPropertySymbols(v).length) return false
      ops.push(OBJ, keys.length)
      for (const k of keys) {
        ops.push(str(k))
        if (!put((v as Record<string, unknown>)[k])) return false
      }
    } else return false
    return true
  }
  for (const v of values) if (!put(v)) return undefined
  return serialize([strings, Uint32Array.from(ops), Float64Array.from(nums)])
}

export function decodeInterned(body: Buffer): unknown[] {
  const [strings, ops, nums] = deserialize(body) as [string[], Uint32Array, Float64Array]
  let p = 0
  let q = 0
  const read = (): unknown => {
    const op = ops[p++]
    switch (op) {
      case STR:
        return strings[ops[p++]]
      case NUM:
        return nums[q++]
      case OBJ: {
        const n = ops[p++]
        const o: Record<string, unknown> = {}
        for (let i = 0; i < n; i++) {
          const k = strings[ops[p++]]
          o[k] = read()
        }
        return o
      }
      case ARR: {
        const n = ops[p++]
        const a: unknown[] = new Array(n)
        for (let i = 0; i < n; i++) a[i] = read()
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
        throw new Error(`interned frame: bad op ${op} at ${p - 1}`)
    }
  }
  const out: unknown[] = []
  while (p < ops.length) out.push(read())
  return out
}
