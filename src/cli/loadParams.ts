import { readFileSync } from 'node:fs'
import { BaseError } from '../errors/BaseError.ts'

export class ParamsFileError extends BaseError {
  override name = 'ParamsFileError'
}

/** Reads `--params` as a JSON file path or inline JSON; amounts may be strings or integers. */
export function loadParams(arg: string | undefined): Record<string, unknown> {
  if (!arg) return {}
  const text = arg.trimStart().startsWith('{') ? arg : readText(arg)
  try {
    const v = JSON.parse(text)
    if (v && typeof v === 'object' && !Array.isArray(v)) return v
  } catch (cause) {
    throw new ParamsFileError(`Params ${arg.startsWith('{') ? '(inline)' : arg} are not valid JSON.`, {
      cause,
    })
  }
  throw new ParamsFileError('Params must be a JSON object, e.g. {"amount": "1000"}.')
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (cause) {
    throw new ParamsFileError(`Cannot read params file ${path}.`, { cause })
  }
}
