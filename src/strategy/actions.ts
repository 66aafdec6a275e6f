import {
  type AnyLike,
  type BoolLike,
  type EvOf,
  type ExprNode,
  type IntLike,
  lit,
  type StrLike,
} from './expr.ts'

/**
 * An action as written in a strategy: a primitive name, expression arguments and compile-time constants. `F` (the
 * event fields its arguments read) only exists at compile time.
 */
export interface ActionSpec<F extends string = never> {
  afk: string
  args: Record<string, ExprNode>
  static?: Record<string, string>
  /** actions run for each item (forEach) */
  body?: ActionSpec<any>[]
  readonly __ev?: F
}

/** The event fields read by the values of an argument object. */
export type EvOfArgs<X> = { [K in keyof X]-?: EvOf<X[K]> }[keyof X]
type Action<X> = ActionSpec<EvOfArgs<X> & string>
/** `X` with no keys beyond `S`: an unknown argument is a type error. */
type Exact<X, S> = X & Record<Exclude<keyof X, keyof S>, never>

const spec = (
  afk: string,
  args: Record<string, AnyLike | undefined>,
  st?: Record<string, string>,
): ActionSpec<any> => {
  const out: Record<string, ExprNode> = {}
  for (const [k, v] of Object.entries(args)) if (v !== undefined) out[k] = lit(v)
  return st ? { afk, args: out, static: st } : { afk, args: out }
}

/** Writes context fields; every value is evaluated against the context before the assign. */
export const assign = <X extends Record<string, AnyLike>>(values: X) => spec('assign', values) as Action<X>

/** Sends a message: `action` becomes the Action tag; tag names should be Title-Case-With-Dashes. */
type SendArgs = { target: StrLike; action: StrLike; data?: StrLike }
export const send = <X extends SendArgs, T extends Record<string, AnyLike> = Record<never, never>>(
  p: Exact<X, SendArgs & { tags?: T }> & { tags?: T },
) =>
  spec('send', {
    target: p.target,
    action: p.action,
    data: p.data,
    ...Object.fromEntries(Object.entries(p.tags ?? {}).map(([k, v]) => [`tag:${k}`, v])),
  }) as ActionSpec<(EvOfArgs<Omit<X, 'tags'>> | EvOfArgs<T>) & string>

/**
 * Asks another process: `action` and `tags` go out with an aos Reference; the reply (from that process, naming it
 * in X-Reference) is checked against the strategy's `replies[reply]` schema and raises `reply.<reply>` (fields
 * typed by the schema), `reply.<reply>.invalid` (reason) or `reply.<reply>.timeout` after `timeoutMs`. Tags named
 * in `echo` must come back unchanged in the reply (pin what you asked about).
 */
export type AskArgs = { process: StrLike; action: StrLike; data?: StrLike; timeoutMs: IntLike }
export const ask = <
  N extends string,
  X extends AskArgs,
  T extends Record<string, AnyLike> = Record<never, never>,
>(
  p: Exact<X, AskArgs & { reply: N; tags?: T; echo?: readonly string[] }> & {
    reply: N
    tags?: T
    echo?: readonly NoInfer<keyof T & string>[]
  },
) => {
  const echo = [...(p.echo ?? [])].sort().join(',')
  return spec(
    'ask',
    {
      process: p.process,
      action: p.action,
      data: p.data,
      timeoutMs: p.timeoutMs,
      ...Object.fromEntries(Object.entries(p.tags ?? {}).map(([k, v]) => [`tag:${k}`, v])),
    },
    echo ? { reply: p.reply, echo } : { reply: p.reply },
  ) as ActionSpec<(EvOfArgs<Omit<X, 'tags' | 'reply' | 'echo'>> | EvOfArgs<T>) & string>
}

/** Transfers `quantity` of a configured token (a token param's value) to `recipient`. */
type TransferArgs = { token: StrLike; recipient: StrLike; quantity: IntLike }
export const transfer = <X extends TransferArgs>(p: Exact<X, TransferArgs>) =>
  spec('transfer', p) as Action<X>

/**
 * Pays the agent's whole booked balance of a configured token (a token param's value) to the owner, booked like the
 * owner's `Withdraw` of everything; nothing at zero. Not skipped while halted. Use it where a liquidation ends.
 */
type PayOwnerArgs = { token: StrLike }
export const payOwner = <X extends PayOwnerArgs>(p: Exact<X, PayOwnerArgs>) =>
  spec('payOwner', p) as Action<X>

/** Asks a Botega pool for Get-Swap-Output; handle the `quote` / `quote.failed` events. */
type QuoteArgs = { pool: StrLike; tokenIn: StrLike; amountIn: IntLike }
export const quote = <X extends QuoteArgs>(p: Exact<X, QuoteArgs>) => spec('quote', p) as Action<X>

/**
 * Reads a Botega pool's reserves (Get-Reserves) of two tokens; handle `reserves` and `reserves.timeout` (after
 * `timeoutMs`, default 60000: 1 ms to a day).
 */
type ReservesArgs = { pool: StrLike; tokenIn: StrLike; tokenOut: StrLike; timeoutMs?: IntLike }
export const reserves = <X extends ReservesArgs>(p: Exact<X, ReservesArgs>) =>
  spec('reserves', p) as Action<X>

/** Reads a Botega pool's Info (pair, fee, LP supply); handle `info`, `info.failed` and `info.timeout`. */
type PoolInfoArgs = { pool: StrLike; timeoutMs: IntLike }
export const poolInfo = <X extends PoolInfoArgs>(p: Exact<X, PoolInfoArgs>) =>
  spec('poolInfo', p) as Action<X>

/** Swaps through a Botega pool; handle `swap.filled`, `swap.refunded` and `swap.failed`. */
type SwapArgs = {
  pool: StrLike
  tokenIn: StrLike
  tokenOut: StrLike
  amountIn: IntLike
  minOut: IntLike
  /** the quoted output minOut was derived from: needed when the strategy has a slippage budget (`risk`) */
  quoted?: IntLike
}
export const swap = <X extends SwapArgs>(p: Exact<X, SwapArgs>) => spec('swap', p) as Action<X>

/** Asks a configured token for the agent's balance; handle `balance`. */
export const refreshBalance = <X extends { token: StrLike }>(p: Exact<X, { token: StrLike }>) =>
  spec('refreshBalance', p) as Action<X>

/** Sends the owner an `Afk-Notice`. */
type NotifyArgs = { topic: StrLike; message: StrLike }
export const notify = <X extends NotifyArgs>(p: Exact<X, NotifyArgs>) => spec('notify', p) as Action<X>

/** Schedules `timeout.<name>` after `after` milliseconds (fires on the first message at or past the deadline). */
export const scheduleTimeout = <A extends IntLike>(name: string, after: A) =>
  spec('scheduleTimeout', { after }, { name }) as ActionSpec<EvOf<A>>
export const cancelTimeout = (name: string) => spec('cancelTimeout', {}, { name }) as ActionSpec

/** Emits a structured log line (`afk:log {json}`) with the given fields. */
export const log = <X extends Record<string, AnyLike> = Record<never, never>>(event: string, fields?: X) =>
  spec('log', fields ?? {}, { event }) as Action<X>

export type { BoolLike }
