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
  /** a bounded list of records (zod array of objects with a max length of 1–8) */
  | {
      kind: 'list'
      min: number
      max: number
      fields: Record<string, ParamKind>
      /** a zod refinement on the list or its items: the agent cannot re-run it, so Update-Params refuses the list */
      fixed?: boolean
    }

/** Longest list param: a loop over a list is unrolled into at most this many iterations per message. */
export const MAX_LIST_LENGTH = 8

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

/** Why a zod array cannot be a list param, with a fix (code, path below the param, message, hint). */
export interface ListProblem {
  code: 'unbounded-list' | 'list-too-long' | 'unsupported-param-type'
  path: string[]
  message: string
  hint: string
}

/** Reads a list param's kind: a zod array of objects with scalar fields and a max length of 1–8. */
export function listKind(schema: z.ZodType): { kind?: ParamKind; problems: ListProblem[] } {
  const def = (schema as any)._zod?.def
  const checks: any[] = (def?.checks ?? []).map((c: any) => c._zod?.def ?? {})
  const max = checks.find((c) => c.check === 'max_length')?.maximum as number | undefined
  const min = (checks.find((c) => c.check === 'min_length')?.minimum as number | undefined) ?? 0
  const problems: ListProblem[] = []
  if (max === undefined)
    problems.push({
      code: 'unbounded-list',
      path: [],
      message: 'a list param needs a max length so every loop over it is bounded',
      hint: `add .max(n) with n ≤ ${MAX_LIST_LENGTH}`,
    })
  else if (max < 1 || max > MAX_LIST_LENGTH)
    problems.push({
      code: 'list-too-long',
      path: [],
      message: `a list param holds 1–${MAX_LIST_LENGTH} items, this one up to ${max}`,
      hint: `use .max(${MAX_LIST_LENGTH}) or less, or split the strategy`,
    })
  const el = def?.element
  const shape = el?._zod?.def?.type === 'object' ? (el.shape as Record<string, z.ZodType>) : undefined
  const fields: Record<string, ParamKind> = {}
  if (!shape)
    problems.push({
      code: 'unsupported-param-type',
      path: ['item'],
      message: 'list items must be records (z.object)',
      hint: 'z.array(z.object({ token: processId(), weightBps: basisPoints() })).max(8)',
    })
  else
    for (const [k, f] of Object.entries(shape)) {
      const kind = paramKind(f)
      if (!kind || kind.kind === 'list')
        problems.push({
          code: 'unsupported-param-type',
          path: ['item', k],
          message: `list item field '${k}' must be a scalar (integer, process id, string or boolean)`,
          hint: 'use quantity(), processId(), basisPoints(), z.string(), z.boolean() or z.number().int()',
        })
      else fields[k] = kind
    }
  const custom = (cs: any[]) => cs.some((c) => c.check === 'custom')
  const fixed = custom(checks) || custom((el?._zod?.def?.checks ?? []).map((c: any) => c._zod?.def ?? {}))
  return problems.length
    ? { problems }
    : { kind: { kind: 'list', min, max: max!, fields, ...(fixed ? { fixed: true } : {}) }, problems }
}
