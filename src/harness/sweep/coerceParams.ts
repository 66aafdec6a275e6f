import { isIntegerLiteral } from './parseGrid.ts'

/** The part of a zod object schema used here: `shape[key].safeParse(value)`. */
export interface ParamsSchemaLike {
  shape: Record<string, { safeParse(v: unknown): { success: boolean } }>
}

/**
 * Grid values arrive as text. Integer literals stay strings (raw token amounts must not pass through floats) unless
 * the strategy's schema rejects the string and accepts the number (e.g. a `basisPoints()` param). Nested names
 * (`a.b`) become nested objects.
 */
export function coerceParams(
  params: Record<string, unknown>,
  schema?: ParamsSchemaLike,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(params)) {
    let v = value
    const field = schema?.shape?.[name]
    if (field && typeof v === 'string' && isIntegerLiteral(v) && !field.safeParse(v).success) {
      const n = Number(v)
      if (Number.isSafeInteger(n) && field.safeParse(n).success) v = n
    }
    const path = name.split('.')
    let target = out
    for (const key of path.slice(0, -1)) {
      if (typeof target[key] !== 'object' || target[key] === null) target[key] = {}
      target = target[key] as Record<string, unknown>
    }
    target[path[path.length - 1]] = v
  }
  return out
}

/**
 * Finds a strategy's params schema (zod object): `default.config.params` (a `defineStrategy` result),
 * `default.params`, `default.paramsSchema` or a named `params` export with a `.shape`. Returns undefined when there is none or the
 * module cannot be loaded here (runBacktest then reports the real loading error).
 */
export async function loadParamsSchema(strategyPath: string): Promise<ParamsSchemaLike | undefined> {
  const { pathToFileURL } = await import('node:url')
  const { resolve } = await import('node:path')
  let mod: Record<string, unknown>
  try {
    mod = await import(pathToFileURL(resolve(strategyPath)).href)
  } catch {
    return undefined
  }
  const def = mod.default as Record<string, unknown> | undefined
  const config = def?.config as Record<string, unknown> | undefined
  for (const c of [config?.params, def?.params, def?.paramsSchema, mod.params]) {
    if (c && typeof c === 'object' && 'shape' in c && typeof (c as ParamsSchemaLike).shape === 'object')
      return c as ParamsSchemaLike
  }
  return undefined
}
