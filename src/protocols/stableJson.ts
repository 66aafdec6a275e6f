/**
 * Deterministic JSON, byte-compatible with `lua/agent/json.lua`: sorted keys, bigint as decimal strings, no floats,
 * control characters and DEL escaped as \u00XX.
 */
export function stableJson(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  switch (typeof v) {
    case 'boolean':
      return String(v)
    case 'string':
      return str(v)
    case 'bigint':
      return str(v.toString())
    case 'number':
      if (!Number.isInteger(v)) throw new Error('stableJson: refusing to encode a float')
      return str(String(v))
    case 'object': {
      if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`
      const keys = Object.keys(v as object)
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .sort(byteOrder)
      return `{${keys.map((k) => `${str(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`
    }
  }
  throw new Error(`stableJson: cannot encode ${typeof v}`)
}

const ESC: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
}

function str(s: string): string {
  // most strings need no escape: test first, replace (a callback per match) only when one does
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point
  return `"${s.replace(/[\u0000-\u001f\u007f"\\]/g, (c) => ESC[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`
}
// biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point
const NEEDS_ESCAPE = /[\u0000-\u001f\u007f"\\]/

/** Lua compares strings bytewise; for the ASCII keys afk uses this equals UTF-16 order, checked anyway. */
export function byteOrder(a: string, b: string): number {
  // ASCII code units compare like their UTF-8 bytes: no Buffer per comparison on the common path.
  const n = a.length < b.length ? a.length : b.length
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    if (x < 0x80 && y < 0x80) return x < y ? -1 : 1
    return Buffer.compare(Buffer.from(a), Buffer.from(b))
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1
}
