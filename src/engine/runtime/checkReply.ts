import type { Value } from '../../strategy/expr.ts'
import { INT_LIMIT } from '../../strategy/int.ts'
import { type ReplyField, type ReplyReason, replyReason } from '../../strategy/replies.ts'
import type { MsgView } from './types.ts'

const INT_RE = /^-?[0-9]+$/

/** Data as a JSON object, read as aos's json module does (an empty array is an empty table); null when it is not. */
function dataObject(data: unknown): Record<string, unknown> | null {
  let v = data
  if (typeof data === 'string') {
    try {
      v = JSON.parse(data)
    } catch {
      return null
    }
  }
  if (Array.isArray(v)) return v.length === 0 ? {} : null
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : null
}

function readInt(v: unknown): bigint | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? BigInt(v) : undefined
  if (typeof v !== 'string' || v.length > 80 || !INT_RE.test(v)) return undefined
  const n = BigInt(v)
  return n >= INT_LIMIT || n <= -INT_LIMIT ? undefined : n
}

/**
 * Checks a reply against its schema's fields (sorted by name): each is the tag of that name, else the key of the
 * JSON Data object. Returns the typed values, or the first failure's reason. Twin of `check` in ask_reply.lua.
 */
export function checkReply(fields: ReplyField[], msg: MsgView): Record<string, Value> | string {
  const out: Record<string, Value> = {}
  let data: Record<string, unknown> | null | undefined
  const fail = (key: ReplyReason, vars: Record<string, string>) => replyReason(key, vars)
  for (const f of fields) {
    const field = f.name
    let v: unknown = Object.hasOwn(msg, field) ? msg[field] : undefined
    if (v === undefined) {
      if (data === undefined) data = dataObject(msg.Data)
      if (data === null) return fail('badData', {})
      v = Object.hasOwn(data, field) ? data[field] : undefined
      if (v === null) v = undefined
    }
    if (v === undefined) return fail('missing', { field })
    if (f.type === 'int') {
      const n = readInt(v)
      if (n === undefined) return fail('notInt', { field })
      if (f.min !== undefined && n < BigInt(f.min)) return fail('tooSmall', { field, min: f.min })
      if (f.max !== undefined && n > BigInt(f.max)) return fail('tooLarge', { field, max: f.max })
      out[field] = n
    } else if (f.type === 'str') {
      if (typeof v !== 'string') return fail('notStr', { field })
      if (f.values) {
        if (!f.values.includes(v)) return fail('notOneOf', { field, values: f.values.join(', ') })
      } else {
        const len = Buffer.byteLength(v, 'utf8')
        if (len < f.minLen) return fail('tooShort', { field, min: String(f.minLen) })
        if (len > f.maxLen) return fail('tooLong', { field, max: String(f.maxLen) })
      }
      out[field] = v
    } else {
      if (v === true || v === 'true') out[field] = true
      else if (v === false || v === 'false') out[field] = false
      else return fail('notBool', { field })
    }
  }
  return out
}
