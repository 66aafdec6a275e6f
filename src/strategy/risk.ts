import type { ExprType } from './expr.ts'

/** Names of the params whose value is an integer (bigint or number). */
export type IntParamName<P> = { [K in keyof P]: P[K] extends bigint | number ? K : never }[keyof P] & string
/** Names of the params whose value is a boolean. */
export type BoolParamName<P> = { [K in keyof P]: P[K] extends boolean ? K : never }[keyof P] & string

/** Limits on the swaps that spend one token; each names an integer param, so the owner can tune it (Update-Params). */
export interface TokenLimits<P> {
  /** most raw units of the token one swap may spend */
  perTrade?: IntParamName<P>
  /** most raw units of the token the swaps of one UTC day (86,400,000 ms slot of message Timestamps) may spend */
  perDay?: IntParamName<P>
  /**
   * A budget of tolerated slippage in bps·units of the token: a swap costs ceil((quoted − minOut) · 10,000 ·
   * amountIn / quoted), so it needs the swap's `quoted` argument. The budget refills linearly by `refillPerDay` per
   * day up to `budget` (exact integer accounting: the remainder carries over in ms·units).
   */
  slippage?: { budget: IntParamName<P>; refillPerDay: IntParamName<P> }
}

/**
 * Risk controls a strategy switches on: enforced by the runtime on every `swap` in both engines, not written per
 * agent. A swap a control refuses is not sent: the agent logs `afk:log {"event":"order.refused",…}` and the strategy
 * gets an `order.refused` event with the reason.
 */
export interface RiskConfig<P, Tok extends string> {
  /** while the bool param is true, only swaps into the numeraire token (that reduce the risky position) are sent */
  reduceOnly?: { param: BoolParamName<P>; numeraire: Tok }
  /** per token param: caps and slippage budget of the swaps that spend it */
  limits?: { [T in Tok]?: TokenLimits<P> }
}

/** The risk section of the IR (same shape as the config, names only). */
export interface RiskIR {
  reduceOnly?: { param: string; numeraire: string }
  limits: Record<
    string,
    { perTrade?: string; perDay?: string; slippage?: { budget: string; refillPerDay: string } }
  >
}

/** Why an order was refused, as `ev.reason` and the log line say it. */
export const REFUSAL_REASONS = ['reduce-only', 'trade-cap', 'day-cap', 'slippage-budget', 'no-quote'] as const
export type RefusalReason = (typeof REFUSAL_REASONS)[number]

/** The event a refused order raises, with its fields. */
export const ORDER_REFUSED_EVENT: Record<string, Record<string, ExprType>> = {
  'order.refused': { kind: 'str', token: 'str', tokenOut: 'str', amount: 'int', reason: 'str' },
}

/** Length of a spend-cap day and the refill period of a slippage budget, in ms of message Timestamp. */
export const RISK_DAY_MS = 86_400_000n
