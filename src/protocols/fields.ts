import { z } from 'zod'

/**
 * Field codecs for AO tag values. Every tag value on the wire is a string; these codecs decode it to the TS type and
 * encode it back (`z.encode`). Amounts are never floats: integer strings become `bigint`.
 */

const INT_RE = /^[0-9]+$/
const SIGNED_INT_RE = /^-?[0-9]+$/
const ID_RE = /^(?:[A-Za-z0-9_-]{43}|0x[0-9a-fA-F]{40})$/
const DECIMAL_RE = /^-?[0-9]+(?:\.[0-9]+)?$/

/** A non-negative integer string ⇄ `bigint` (token quantities, reserves, fees). */
export const quantity = z.codec(
  z.string().regex(INT_RE, 'expected a non-negative integer string'),
  z.bigint().nonnegative(),
  {
    decode: (s) => BigInt(s),
    encode: (b) => b.toString(),
  },
)

/** A strictly positive integer string ⇄ `bigint` (transfer amounts). */
export const positiveQuantity = z.codec(
  z.string().regex(INT_RE, 'expected a positive integer string'),
  z.bigint().positive(),
  {
    decode: (s) => BigInt(s),
    encode: (b) => b.toString(),
  },
)

/** A small integer string ⇄ `number` (denominations, bps, timestamps in ms). */
export const integer = z.codec(
  z.string().regex(SIGNED_INT_RE, 'expected an integer string'),
  z.number().int().safe(),
  {
    decode: (s) => Number(s),
    encode: (n) => String(n),
  },
)

/** A whole number that may be written as a float with a zero fraction (`25.0`, Botega's Info FeeBps) ⇄ `number`. */
export const wholeNumber = z.codec(
  z.string().regex(/^[0-9]+(\.0+)?$/, 'expected a whole number'),
  z.number().int().safe(),
  {
    decode: (s) => Number(s.split('.')[0]),
    encode: (n) => String(n),
  },
)

/** An AO process or wallet id (43-char base64url) or an Ethereum address. */
export const address = z.string().regex(ID_RE, 'expected a 43-character process/wallet id')

/** A free text tag value. */
export const text = z.string()

/** A decimal ratio kept as a string (percentages); parse with decimal.js for display. */
export const decimalText = z.string().regex(DECIMAL_RE, 'expected a decimal number string')

/** `"true"`/`"false"` ⇄ boolean. */
export const flag = z.codec(z.enum(['true', 'false']), z.boolean(), {
  decode: (s) => s === 'true',
  encode: (b) => (b ? 'true' : 'false'),
})

/** A fixed tag value (e.g. `X-Action = Swap`). */
export function literal<const V extends string>(value: V) {
  return z.literal(value)
}

/** A JSON text tag/Data ⇄ parsed value validated by `schema`. */
export function jsonOf<T extends z.ZodType>(schema: T) {
  return z.codec(z.string(), schema, {
    decode: (s, ctx) => {
      try {
        return JSON.parse(s)
      } catch (e) {
        ctx.issues.push({ code: 'custom', message: `invalid JSON: ${(e as Error).message}`, input: s })
        return z.NEVER
      }
    },
    encode: (v) => JSON.stringify(v),
  })
}

/** JSON object of account → integer-string balance ⇄ `Record<string, bigint>` (token `Balances` reply). */
export const balanceMap = jsonOf(
  z.record(z.string(), z.union([z.string().regex(INT_RE), z.number().int().nonnegative()])),
).transform((rec) => {
  const out: Record<string, bigint> = {}
  for (const [k, v] of Object.entries(rec)) out[k] = BigInt(v)
  return out
})
