import { ReportError } from '../../errors/metrics.ts'

/**
 * JSON with a stable layout: object keys sorted by code point at every level, bigint as integer strings,
 * `undefined` members dropped, 2-space indent, trailing newline. Non-finite numbers are rejected rather than
 * silently turned into null.
 */
export function stableStringify(value: unknown): string {
  return `${JSON.stringify(normalize(value, '$'), null, 2)}\n`
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
