import { type AnyLike, type BoolLike, type ExprNode, type IntLike, lit, type StrLike } from './expr.ts'

/** An action as written in a strategy: a primitive name, expression arguments and compile-time constants. */
export interface ActionSpec {
  afk: string
  args: Record<string, ExprNode>
  static?: Record<string, string>
}

const spec = (
  afk: string,
  args: Record<string, AnyLike | undefined>,
  st?: Record<string, string>,
): ActionSpec => {
  const out: Record<string, ExprNode> = {}
  for (const [k, v] of Object.entries(args)) if (v !== undefined) out[k] = lit(v)
  return st ? { afk, args: out, static: st } : { afk, args: out }
}

/** Writes context fields; every value is evaluated against the context before the assign. */
export const assign = (values: Record<string, AnyLike>) => spec('assign', values)

/** Sends a message: `action` becomes the Action tag; tag names should be Title-Case-With-Dashes. */
export const send = (p: {
  target: StrLike
  action: StrLike
  tags?: Record<string, AnyLike>
  data?: StrLike
}) =>
  spec('send', {
    target: p.target,
    action: p.action,
    data: p.data,
    ...Object.fromEntries(Object.entries(p.tags ?? {}).map(([k, v]) => [`tag:${k}`, v])),
  })

/** Transfers `quantity` of a configured token (a token param's value) to `recipient`. */
export const transfer = (p: { token: StrLike; recipient: StrLike; quantity: IntLike }) => spec('transfer', p)

/** Asks a Botega pool for Get-Swap-Output; handle the `quote` / `quote.failed` events. */
export const quote = (p: { pool: StrLike; tokenIn: StrLike; amountIn: IntLike }) => spec('quote', p)

/** Swaps through a Botega pool; handle `swap.filled`, `swap.refunded` and `swap.failed`. */
export const swap = (p: {
  pool: StrLike
  tokenIn: StrLike
  tokenOut: StrLike
  amountIn: IntLike
  minOut: IntLike
}) => spec('swap', p)

/** Asks a configured token for the agent's balance; handle `balance`. */
export const refreshBalance = (p: { token: StrLike }) => spec('refreshBalance', p)

/** Sends the owner an `Afk-Notice`. */
export const notify = (p: { topic: StrLike; message: StrLike }) => spec('notify', p)

/** Schedules `timeout.<name>` after `after` milliseconds (fires on the first message at or past the deadline). */
export const scheduleTimeout = (name: string, after: IntLike) => spec('scheduleTimeout', { after }, { name })
export const cancelTimeout = (name: string) => spec('cancelTimeout', {}, { name })

/** Emits a structured log line (`afk:log {json}`) with the given fields. */
export const log = (event: string, fields: Record<string, AnyLike> = {}) => spec('log', fields, { event })

export type { BoolLike }
