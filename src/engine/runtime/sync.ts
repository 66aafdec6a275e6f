import { checkInt, parseAmount } from '../../strategy/int.ts'
import { tokenId } from './tokens.ts'
import type { AgentState, Rt } from './types.ts'

/** The number in an order id `afk-<n>` (ids come only from Rt.nextOrderId). */
export const orderSeq = (id: string): bigint => BigInt(id.slice(4))

const SETTLED_CAP = 64

/**
 * Remembers a settled order id (newest last, bounded): a notice naming it is a re-delivery, never new money. The list
 * is replaced, never changed in place, so the per-message rollback copy shares it (see copyState.ts): a settle is
 * once per order, a copy was once per message.
 */
export function settle(S: AgentState, id: string): void {
  const old = S.settled
  const from = old.length >= SETTLED_CAP ? old.length - SETTLED_CAP + 1 : 0
  const next = old.slice(from)
  next.push(id)
  S.settled = next
}

export const wasSettled = (S: AgentState, id: unknown): boolean =>
  typeof id === 'string' && S.settled.includes(id)

/**
 * Resyncs one token from the token itself (a failed one is replaced); twin of R.start_sync in lua/agent/runtime.lua (which explains why a
 * self-transfer of 1 followed by a Balance request is evidence nobody else can forge or replay).
 */
export function startSync(rt: Rt, name: string): void {
  const S = rt.S
  const s = S.syncs[name]
  if (s !== undefined && s.failed !== 'true') {
    s.again = 'true'
    return
  }
  const id = rt.nextOrderId()
  const token = tokenId(rt.ir, S.params, name)
  const ref = rt.send(token, [
    { name: 'Action', value: 'Transfer' },
    { name: 'Recipient', value: rt.selfId },
    { name: 'Quantity', value: '1' },
    { name: 'X-Afk-Sync', value: id },
  ])
  const balRef = rt.send(token, [
    { name: 'Action', value: 'Balance' },
    { name: 'Recipient', value: rt.selfId },
  ])
  S.syncs[name] = { id, ref, balRef, sentAt: rt.now.toString(), armed: 'false' }
}

/**
 * A credited `Quantity` (raw wire value) and the balance it makes: undefined when it is not an amount or the sum
 * cannot be booked, and the caller then resyncs the token instead (twin of a pcall'd Q.parse_amount + Q.add).
 */
export function creditOf(balance: bigint, quantity: unknown): { q: bigint; balance: bigint } | undefined {
  try {
    const q = parseAmount(quantity, 'Quantity')
    return { q, balance: checkInt(balance + q) }
  } catch {
    return undefined
  }
}
