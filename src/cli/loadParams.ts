import { existsSync, readFileSync } from 'node:fs'
import { BaseError } from '../errors/BaseError.ts'
import { onUserPath } from '../errors/file.ts'

export class ParamsFileError extends BaseError {
  override name = 'ParamsFileError'
}

/** Text that can only be meant as inline JSON (an object, array, string, number or literal), not as a file name. */
const INLINE = /^\s*([[{"]|-?\d|true\b|false\b|null\b)/

/**
 * Reads `-p/--params` the same way on every command: an existing file is read as JSON, anything that looks like JSON
 * is parsed inline, and either way the result must be a JSON object. Amounts may be strings or integers.
 */
export function loadParams(arg: string | undefined): Record<string, unknown> {
  if (arg === undefined) return {}
  const inline = !existsSync(arg) && INLINE.test(arg)
  const where = inline ? 'inline params' : `params file ${arg}`
  const text = inline ? arg : onUserPath(arg, 'read params file', () => readFileSync(arg, 'utf8'))
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch (cause) {
    throw new ParamsFileError(`The ${where} are not valid JSON (${(cause as Error).message}).`)
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>
  const got = Array.isArray(v) ? 'an array' : v === null ? 'null' : `a ${typeof v}`
  throw new ParamsFileError(`The ${where} must be a JSON object, e.g. {"amount": "1000"}; got ${got}.`)
}
