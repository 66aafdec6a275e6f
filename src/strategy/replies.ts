import type { z } from 'zod'
import type { ExprType } from './expr.ts'

/**
 * Reply schemas for `ask()`: a strategy declares `replies: { name: z.object({...}) }` and each field becomes a
 * check both engines run on the reply before the strategy sees it. Only a subset of zod compiles (ints as integer
 * strings or safe JSON integers, bounded strings, string literals/enums, booleans); anything else is refused with a
 * diagnostic. Keys are the reply's wire names: a tag of that name, else a key of its JSON Data object.
 */
export type ReplyField =
  | { name: string; type: 'int'; min?: string; max?: string }
  | { name: string; type: 'str'; minLen: number; maxLen: number; values?: string[] }
  | { name: string; type: 'bool' }

/** Longest string a reply field may hold (UTF-8 bytes). */
export const MAX_REPLY_STRING = 4096
/** Most fields one reply schema may check. */
export const MAX_REPLY_FIELDS = 16
/** A reply name: it becomes part of the event names `reply.<name>`, `.invalid`, `.timeout`. */
export const REPLY_NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/
/** Field keys are tag names as aos delivers them (Title-Case-With-Dashes or any plain name) */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/
/** Root keys aos sets itself: reading them as reply fields would read the envelope, not the answer. */
export const RESERVED_REPLY_KEYS = new Set([
  'Id',
  'From',
  'Owner',
  'Target',
  'Data',
  'Tags',
  'TagArray',
  'Anchor',
  'Signature',
  'Timestamp',
  'Block-Height',
  'Module',
  'Forwarded-By',
  'From-Process',
  'Hash-Chain',
  'Epoch',
  'Nonce',
  'Cron',
  'Reference',
  'X-Reference',
  'Reply-To',
])

/** Why a reply failed its schema (`reply.<name>.invalid` reason); the Lua twin gets this table from the compiler. */
export const REPLY_REASONS = {
  missing: '{field} is missing',
  notInt: '{field} must be an integer',
  tooSmall: '{field} is below {min}',
  tooLarge: '{field} is above {max}',
  notStr: '{field} must be a string',
  tooShort: '{field} is shorter than {min} bytes',
  tooLong: '{field} is longer than {max} bytes',
  notOneOf: '{field} must be one of {values}',
  notBool: '{field} must be true or false',
  badData: 'Data is not a JSON object',
} as const
export type ReplyReason = keyof typeof REPLY_REASONS

export function replyReason(key: ReplyReason, vars: Record<string, string> = {}): string {
  return REPLY_REASONS[key].replace(/\{(\w+)\}/g, (_m, k: string) => vars[k] ?? '')
}

/** The machine events one reply name produces, with their fields. */
export function replyEvents(name: string, fields: ReplyField[]): Record<string, Record<string, ExprType>> {
  return {
    [`reply.${name}`]: {
      order: 'str',
      from: 'str',
      ...Object.fromEntries(fields.map((f) => [f.name, f.type])),
    },
    [`reply.${name}.invalid`]: { order: 'str', from: 'str', reason: 'str' },
    [`reply.${name}.timeout`]: { order: 'str' },
  }
}

export interface ReplyProblem {
  code: 'unsupported-reply-schema' | 'invalid-reply-name'
  path: string[]
  message: string
  hint?: string
}

const checksOf = (def: any): any[] => (def?.checks ?? []).map((c: any) => c._zod?.def ?? {})

/** Compiles one zod field to a check, or explains why it cannot run on AO. */
function fieldOf(name: string, s: z.ZodType): ReplyField | ReplyProblem {
  const def = (s as any)?._zod?.def
  const bad = (message: string, hint?: string): ReplyProblem => ({
    code: 'unsupported-reply-schema',
    path: [name],
    message,
    hint,
  })
  switch (def?.type) {
    case 'boolean':
      return { name, type: 'bool' }
    case 'bigint':
    case 'number': {
      const checks = checksOf(def)
      if (def.type === 'number' && !checks.some((c) => c.check === 'number_format' && c.format === 'safeint'))
        return bad(
          `reply field '${name}' is a number: amounts are integers on AO`,
          'use z.bigint() or z.number().int()',
        )
      // a JS number is exact only up to 2^53 - 1: a z.number() field is bounded there at least
      const safe = 9_007_199_254_740_991n
      const out: ReplyField =
        def.type === 'number'
          ? { name, type: 'int', min: String(-safe), max: String(safe) }
          : { name, type: 'int' }
      for (const c of checks) {
        if (c.check === 'number_format') continue
        if (c.check !== 'greater_than' && c.check !== 'less_than')
          return bad(
            `reply field '${name}' has a check ('${c.check}') that does not compile`,
            'use .min() and .max()',
          )
        const v = BigInt(c.value)
        if (c.check === 'greater_than') out.min = String(c.inclusive ? v : v + 1n)
        else out.max = String(c.inclusive ? v : v - 1n)
        if (def.type === 'number' && (BigInt(out.min!) < -safe || BigInt(out.max!) > safe))
          return bad(
            `reply field '${name}' has a bound beyond 2^53 - 1`,
            'use z.bigint() for larger integers',
          )
      }
      return out
    }
    case 'string': {
      let minLen = 0
      let maxLen: number | undefined
      for (const c of checksOf(def)) {
        if (c.check === 'max_length') maxLen = c.maximum
        else if (c.check === 'min_length') minLen = c.minimum
        else
          return bad(
            `reply field '${name}' has a string check ('${c.format ?? c.check}') that does not compile`,
            'use .min(n), .max(n), z.literal() or z.enum()',
          )
      }
      if (maxLen === undefined || maxLen > MAX_REPLY_STRING)
        return bad(
          `reply field '${name}' is a string without a bound of at most ${MAX_REPLY_STRING} bytes`,
          `add .max(n) with n ≤ ${MAX_REPLY_STRING}`,
        )
      return { name, type: 'str', minLen, maxLen }
    }
    case 'literal':
    case 'enum': {
      const values: unknown[] = def.type === 'literal' ? def.values : Object.values(def.entries)
      if (!values.every((v) => typeof v === 'string' && Buffer.byteLength(v) <= MAX_REPLY_STRING))
        return bad(
          `reply field '${name}' must list strings only`,
          "z.enum(['up', 'down']) or z.literal('ok')",
        )
      const sorted = [...(values as string[])].sort()
      return {
        name,
        type: 'str',
        minLen: 0,
        maxLen: Math.max(...sorted.map((v) => Buffer.byteLength(v))),
        values: sorted,
      }
    }
  }
  return bad(
    `reply field '${name}' has a type (${def?.type ?? typeof s}) that cannot run on AO`,
    'use z.bigint(), z.number().int(), z.string().max(n), z.literal(), z.enum() or z.boolean()',
  )
}

/**
 * Compiles one reply schema to its checks, sorted by field name (both engines check in this order and report the
 * first failure). Problems carry a path below `replies.<name>`.
 */
export function replyFields(
  name: string,
  schema: unknown,
): { fields?: ReplyField[]; problems: ReplyProblem[] } {
  const problems: ReplyProblem[] = []
  if (!REPLY_NAME.test(name))
    problems.push({
      code: 'invalid-reply-name',
      path: [],
      message: `reply name '${name}' must be a letter then letters, digits or _ (at most 32)`,
      hint: "e.g. replies: { signal: z.object({ 'Signal-Bps': z.bigint() }) }",
    })
  const def = (schema as any)?._zod?.def
  if (def?.type !== 'object') {
    problems.push({
      code: 'unsupported-reply-schema',
      path: [],
      message: `reply '${name}' must be a z.object({...}) of fields`,
      hint: "replies: { signal: z.object({ 'Signal-Bps': z.bigint() }) }",
    })
    return { problems }
  }
  const shape = (schema as z.ZodObject<any>).shape as Record<string, z.ZodType>
  const keys = Object.keys(shape).sort()
  if (keys.length > MAX_REPLY_FIELDS)
    problems.push({
      code: 'unsupported-reply-schema',
      path: [],
      message: `reply '${name}' has ${keys.length} fields, at most ${MAX_REPLY_FIELDS} are checked`,
      hint: 'declare only the fields the strategy reads',
    })
  const fields: ReplyField[] = []
  for (const k of keys) {
    if (!FIELD_NAME.test(k) || RESERVED_REPLY_KEYS.has(k)) {
      problems.push({
        code: 'unsupported-reply-schema',
        path: [k],
        message: RESERVED_REPLY_KEYS.has(k)
          ? `'${k}' is set by aos itself, not by the replying process`
          : `reply field '${k}' must be a tag or JSON key name (a letter, then letters, digits, - or _)`,
        hint: 'name a tag or a key of the JSON Data the process replies with',
      })
      continue
    }
    const f = fieldOf(k, shape[k])
    if ('code' in f) problems.push(f)
    else fields.push(f)
  }
  return problems.length ? { problems } : { fields, problems }
}
