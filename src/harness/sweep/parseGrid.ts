import { GridParseError } from '../../errors/sweep.ts'

/** A grid value as typed on the command line: integers stay integer strings (amounts), true/false become booleans. */
export type GridValue = string | boolean

export interface GridAxis {
  name: string
  values: GridValue[]
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/
const INT = /^-?\d+$/
const RANGE = /^(-?\d+):(-?\d+):(\d+)$/
const MAX_VALUES = 10_000

function parseValue(raw: string): GridValue {
  if (raw === 'true') return true
  if (raw === 'false') return false
  return raw
}

/** Expands `from:to:step` (integers, inclusive) into values; exact with bigint so amounts never lose digits. */
function expandRange(arg: string, m: RegExpMatchArray): string[] {
  const [from, to, step] = [BigInt(m[1]), BigInt(m[2]), BigInt(m[3])]
  if (step === 0n) throw new GridParseError(arg, 'range step must be > 0')
  if (to < from) throw new GridParseError(arg, `range end ${to} is below its start ${from}`)
  if ((to - from) / step >= BigInt(MAX_VALUES))
    throw new GridParseError(arg, `range has more than ${MAX_VALUES} values`)
  const out: string[] = []
  for (let v = from; v <= to; v += step) out.push(v.toString())
  return out
}

/**
 * Parses repeated `--grid name=v1,v2,...` (or `name=from:to:step`) arguments. Order is kept: axes in the order
 * given, values in the order written, which fixes the order of the expanded parameter sets.
 */
export function parseGrid(args: readonly string[]): GridAxis[] {
  const axes: GridAxis[] = []
  for (const arg of args) {
    const eq = arg.indexOf('=')
    if (eq < 0) throw new GridParseError(arg, 'missing "="')
    const name = arg.slice(0, eq).trim()
    const body = arg.slice(eq + 1).trim()
    if (!NAME.test(name))
      throw new GridParseError(
        arg,
        `"${name}" is not a parameter name`,
        'names are letters, digits, _ and . (for nested params)',
      )
    if (axes.some((a) => a.name === name))
      throw new GridParseError(
        arg,
        `parameter "${name}" is given twice`,
        'put all values in one --grid, e.g. amount=1000,2000',
      )
    if (body === '') throw new GridParseError(arg, 'no values after "="')
    const range = body.match(RANGE)
    const raws = range ? expandRange(arg, range) : body.split(',').map((v) => v.trim())
    if (raws.some((v) => v === ''))
      throw new GridParseError(arg, 'empty value (two commas in a row or a trailing comma)')
    const values = raws.map(parseValue)
    const seen = new Set<string>()
    for (const v of values) {
      const key = String(v)
      if (seen.has(key)) throw new GridParseError(arg, `value ${key} is listed twice`)
      seen.add(key)
    }
    axes.push({ name, values })
  }
  return axes
}

/** All parameter sets of the grid (cartesian product), first axis varying slowest. */
export function expandGrid(axes: readonly GridAxis[]): Record<string, GridValue>[] {
  let sets: Record<string, GridValue>[] = [{}]
  for (const axis of axes) sets = sets.flatMap((s) => axis.values.map((v) => ({ ...s, [axis.name]: v })))
  return sets
}

/** True when a grid value is an integer literal (used when coercing to a strategy's param schema). */
export const isIntegerLiteral = (v: GridValue): v is string => typeof v === 'string' && INT.test(v)
