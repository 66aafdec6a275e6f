import { ReportError } from '../../errors/metrics.ts'

/**
 * JSON with a stable layout: object keys sorted by code point at every level, bigint as integer strings,
 * `undefined` members dropped, 2-space indent, trailing newline. Non-finite numbers are rejected rather than
 * silently turned into null.
 */
export function stableStringify(value: unknown): string {
  return `${JSON.stringify(normalize(value, '$'), null, 2)}\n`
}

/** Arrays longer than this are written one element per chunk by `stableJsonChunks`. */
const CHUNKED_ARRAY = 64

/**
 * `stableStringify(value)` in pieces, for large documents (a long run's report): the same bytes, but long arrays are
 * normalized and stringified one element at a time, so no second copy of the whole document is ever in memory.
 */
export function* stableJsonChunks(value: unknown): Generator<string> {
  yield* chunks(value, '$', '')
  yield '\n'
}

/**
 * An array for `stableJsonChunks` whose elements are made one at a time while it is written (a long run's trade
 * rows), so they are never all in memory; written exactly like the array of the same elements.
 */
export class LazyJsonArray<T> {
  constructor(
    readonly length: number,
    readonly at: (i: number) => T,
  ) {}
}

function* chunks(value: unknown, path: string, indent: string): Generator<string> {
  const inner = `${indent}  `
  const lazy = value instanceof LazyJsonArray
  if ((lazy && value.length > 0) || (Array.isArray(value) && value.length > CHUNKED_ARRAY)) {
    const items = value as { length: number }
    const at = lazy ? (i: number) => value.at(i) : (i: number) => (value as unknown[])[i]
    yield '['
    for (let i = 0; i < items.length; i++) {
      yield `${i ? ',' : ''}\n${inner}`
      const v = at(i)
      yield* chunks(v === undefined ? null : v, `${path}[${i}]`, inner)
    }
    yield `\n${indent}]`
    return
  }
  if (lazy) {
    yield '[]'
    return
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value)
      .sort()
      .filter((k) => value[k] !== undefined)
    if (keys.length === 0) {
      yield '{}'
      return
    }
    yield '{'
    for (let i = 0; i < keys.length; i++) {
      yield `${i ? ',' : ''}\n${inner}${JSON.stringify(keys[i])}: `
      yield* chunks(value[keys[i]], `${path}.${keys[i]}`, inner)
    }
    yield `\n${indent}}`
    return
  }
  // small values: JSON.stringify at depth 0, then indented like JSON.stringify would at this depth (JSON text has
  // no raw newline inside strings, so every newline is layout)
  const text = JSON.stringify(normalize(value, path), null, 2)
  yield indent ? text.replace(/\n/g, `\n${indent}`) : text
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Map) &&
    !(value instanceof Set)
  )
}

function normalize(value: unknown, path: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new ReportError('cannot write a non-finite number to JSON', {
        metaMessages: [`at: ${path}`, `value: ${value}`],
      })
    return Object.is(value, -0) ? 0 : value
  }
  if (Array.isArray(value)) return value.map((v, i) => normalize(v === undefined ? null : v, `${path}[${i}]`))
  if (typeof value === 'object') {
    if (value instanceof Map || value instanceof Set) {
      throw new ReportError('cannot write a Map/Set to JSON; convert it to a sorted object/array first', {
        metaMessages: [`at: ${path}`],
      })
    }
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key]
      if (v !== undefined) out[key] = normalize(v, `${path}.${key}`)
    }
    return out
  }
  throw new ReportError(`cannot write a ${typeof value} to JSON`, { metaMessages: [`at: ${path}`] })
}
