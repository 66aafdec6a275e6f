import { byteOrder } from '../protocols/stableJson.ts'

/** A Lua string literal; every non-printable or non-ASCII byte is escaped so the output is plain ASCII. */
export function luaString(s: string): string {
  let out = '"'
  for (const b of Buffer.from(s, 'utf8')) {
    if (b === 0x22) out += '\\"'
    else if (b === 0x5c) out += '\\\\'
    else if (b === 0x0a) out += '\\n'
    else if (b < 0x20 || b > 0x7e) out += `\\${String(b).padStart(3, '0')}`
    else out += String.fromCharCode(b)
  }
  return `${out}"`
}

/** Serializes plain data as a Lua table literal, keys sorted, bigint as `Q.new("…")`. */
export function luaLiteral(v: unknown, indent = ''): string {
  if (v === null || v === undefined) return 'nil'
  if (typeof v === 'string') return luaString(v)
  if (typeof v === 'boolean') return String(v)
  if (typeof v === 'bigint') return `Q.new("${v.toString()}")`
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new Error('luaLiteral: floats are not allowed')
    return String(v)
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return '{}'
    const inner = `${indent}  `
    return `{\n${v.map((x) => `${inner}${luaLiteral(x, inner)},`).join('\n')}\n${indent}}`
  }
  if (typeof v === 'object') {
    const keys = Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort(byteOrder)
    if (keys.length === 0) return '{}'
    const inner = `${indent}  `
    return `{\n${keys.map((k) => `${inner}[${luaString(k)}] = ${luaLiteral((v as Record<string, unknown>)[k], inner)},`).join('\n')}\n${indent}}`
  }
  throw new Error(`luaLiteral: cannot serialize ${typeof v}`)
}
