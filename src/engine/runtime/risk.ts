import { stableJson } from '../../protocols/stableJson.ts'
import { checkInt, floorDiv, mulDiv } from '../../strategy/int.ts'
import { type RefusalReason, RISK_DAY_MS, type RiskIR } from '../../strategy/risk.ts'
import type { AgentState, RiskState, Rt } from './types.ts'

/** An order the strategy is about to send, as the risk controls see it. */
export interface OrderToAdmit {
  kind: string
  /** token param name and process id of the token it spends */
  tokenParam: string
  token: string
  tokenOut: string
  amount: bigint
  minOut: bigint
  /** the quoted output the min output was derived from (needed by a slippage budget) */
  quoted?: bigint
}

export const newRiskState = (): RiskState => ({ day: 0n, spent: {}, slip: {} })

const int = (S: AgentState, name: string): bigint => S.params[name] as bigint

/** The budget of `token` refilled up to `now` (pure: the caller stores it). */
function refilled(S: AgentState, spec: { budget: string; refillPerDay: string }, token: string, now: bigint) {
  const cap = int(S, spec.budget)
  const e = S.risk!.slip[token] ?? { left: cap, rem: 0n, at: now }
  const elapsed = now > e.at ? now - e.at : 0n
  const acc = checkInt(e.rem + checkInt(elapsed * int(S, spec.refillPerDay)))
  let left = checkInt(e.left + floorDiv(acc, RISK_DAY_MS))
  let rem = acc % RISK_DAY_MS
  if (left >= cap) {
    left = cap
    rem = 0n
  }
  return { left, rem, at: now }
}

/** ceil((quoted − minOut) · 10,000 · amount / quoted): the slippage an order tolerates, in bps·units. */
export function slippageCost(amount: bigint, minOut: bigint, quoted: bigint): bigint {
  if (minOut >= quoted) return 0n
  return mulDiv(quoted - minOut, checkInt(10_000n * amount), quoted, 'ceil')
}

/** The log line of a refused order; identical to R.risk_log in lua/agent/risk.lua. */
export function refusalLog(
  o: Pick<OrderToAdmit, 'kind' | 'token' | 'tokenOut' | 'amount'>,
  reason: RefusalReason,
): string {
  return `afk:log ${stableJson({
    event: 'order.refused',
    fields: { amount: o.amount, kind: o.kind, reason, token: o.token, tokenOut: o.tokenOut },
  })}`
}

/** Which control refuses the order, or undefined when every one admits it. Checks in a fixed order. */
function refusal(rt: Rt, risk: RiskIR, o: OrderToAdmit): RefusalReason | undefined {
  const S = rt.S
  if (risk.reduceOnly && S.params[risk.reduceOnly.param] === true)
    if (o.tokenOut !== S.params[risk.reduceOnly.numeraire]) return 'reduce-only'
  const lim = risk.limits[o.tokenParam]
  if (!lim) return undefined
  if (lim.perTrade && o.amount > int(S, lim.perTrade)) return 'trade-cap'
  if (lim.perDay) {
    const day = floorDiv(rt.now, RISK_DAY_MS)
    const spent = S.risk!.day === day ? (S.risk!.spent[o.tokenParam] ?? 0n) : 0n
    if (checkInt(spent + o.amount) > int(S, lim.perDay)) return 'day-cap'
  }
  if (lim.slippage) {
    if (o.quoted === undefined || o.quoted <= 0n) return 'no-quote'
    const b = refilled(S, lim.slippage, o.tokenParam, rt.now)
    if (slippageCost(o.amount, o.minOut, o.quoted) > b.left) return 'slippage-budget'
  }
  return undefined
}

/**
 * The one gate every order-sending primitive calls before it moves funds (twin of R.risk_admit). Admitted: the
 * order's spend and slippage are booked, true. Refused: nothing is booked, the refusal is logged, an `order.refused`
 * event is queued for the strategy (handled after the current event), false.
 */
export function admitOrder(rt: Rt, o: OrderToAdmit): boolean {
  const risk = rt.ir.risk
  if (!risk) return true
  const S = rt.S
  const why = refusal(rt, risk, o)
  if (why !== undefined) {
    rt.logs.push(refusalLog(o, why))
    rt.raised?.push({
      type: 'order.refused',
      f: { kind: o.kind, token: o.token, tokenOut: o.tokenOut, amount: o.amount, reason: why },
    })
    return false
  }
  const lim = risk.limits[o.tokenParam]
  if (lim?.perDay) {
    const day = floorDiv(rt.now, RISK_DAY_MS)
    if (S.risk!.day !== day) S.risk = { ...S.risk!, day, spent: {} }
    S.risk!.spent[o.tokenParam] = checkInt((S.risk!.spent[o.tokenParam] ?? 0n) + o.amount)
  }
  if (lim?.slippage) {
    const b = refilled(S, lim.slippage, o.tokenParam, rt.now)
    b.left -= slippageCost(o.amount, o.minOut, o.quoted!)
    S.risk!.slip[o.tokenParam] = b
  }
  return true
}

/** The `risk` section of Status, as of the last message: spent today and slippage budget left per token. */
export function riskView(S: AgentState, risk: RiskIR) {
  const now = S.lastNow ?? 0n
  const day = floorDiv(now, RISK_DAY_MS)
  const tokens: Record<string, Record<string, bigint>> = {}
  for (const [name, lim] of Object.entries(risk.limits)) {
    const t: Record<string, bigint> = {}
    if (lim.perDay) t.spentToday = S.risk!.day === day ? (S.risk!.spent[name] ?? 0n) : 0n
    if (lim.slippage) t.slippageLeft = refilled(S, lim.slippage, name, now).left
    tokens[name] = t
  }
  return { day, tokens }
}
