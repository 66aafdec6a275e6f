import { z } from 'zod'
import type { ExprType } from './expr.ts'

/**
 * Param helpers. Each param's *kind* decides how it is stored (bigint/bint, string, boolean) and how the Lua runtime
 * re-validates `Update-Params`, so both languages accept exactly the same values.
 */
export type ParamKind =
  | { kind: 'int'; min?: string; max?: string }
  | { kind: 'processId' }
  | { kind: 'str' }
  | { kind: 'bool' }

const kinds = new WeakMap<z.ZodType, ParamKind>()

/** A process id (43-char base64url). */
export function processId() {
  const s = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'expected a 43-character AO process id')
  kinds.set(s, { kind: 'processId' })
  return s
}

const INT_MAX = (1n << 255n) - 1n

/** A raw token quantity: an integer string (or bigint) ≥ 0, stored as bigint. */
export function quantity(opts: { min?: bigint; max?: bigint } = {}) {
  const min = opts.min ?? 0n
  const s = z
    .union([z.bigint(), z.string().regex(/^[0-9]+$/, 'expected an integer string (raw token units)')])
    .transform((v) => BigInt(v))
    // without an explicit max, the agent's 256-bit integer range is the bound (Lua refuses anything larger)
    .refine((v) => v >= min && v <= (opts.max ?? INT_MAX), {
      message: `must be between ${min} and ${opts.max ?? '2^255-1'}`,
    })
  kinds.set(s as unknown as z.ZodType, { kind: 'int', min: String(min), max: opts.max?.toString() })
  return s
}

/** Basis points, an integer in [0, max]. */
export function basisPoints(max = 10_000) {
  const s = z.number().int().min(0).max(max)
  kinds.set(s, { kind: 'int', min: '0', max: String(max) })
  return s
}

/** Reads the kind of one field of a strategy's params schema; `undefined` when it cannot be compiled. */
export function paramKind(schema: z.ZodType): ParamKind | undefined {
  const known = kinds.get(schema)
  if (known) return known
  const def = (schema as any)._zod?.def
  switch (def?.type) {
    case 'string':
      return { kind: 'str' }
    case 'boolean':
      return { kind: 'bool' }
    case 'bigint':
      return { kind: 'int' }
    case 'number': {
      const n = schema as z.ZodNumber
      if (!n.isInt) return undefined
      const min = Number.isFinite(n.minValue) ? String(n.minValue) : undefined
      const max = Number.isFinite(n.maxValue) ? String(n.maxValue) : undefined
      return { kind: 'int', min: min ?? undefined, max: max ?? undefined }
    }
    case 'default':
      return paramKind(def.innerType)
  }
  return undefined
}

export function exprTypeOfKind(k: ParamKind): ExprType {
  return k.kind === 'int' ? 'int' : k.kind === 'bool' ? 'bool' : 'str'
}
