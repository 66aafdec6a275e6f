import { AgentRuntimeError } from '../../errors/agent.ts'
import { checkInt } from '../../strategy/int.ts'
import type { AgentEvent, AgentState, Order, Rt } from './types.ts'

/**
 * Batches: a scatter-gather of quotes (`quoteAll`) and a batch of swaps in flight together (`swapAll`). Replies and
 * fills are recorded while the runtime books a message (phase 1); the batch's completion event (`quotes`,
 * `swaps.done`) is raised in the strategy phase, after the message's own event, once nothing is pending or the
 * deadline has passed. So a strategy error undoes only the completion, which the next message raises again.
 * Twin of lua/agent/batch.lua; their state (Gather, SwapBatch) is part of AgentState (types.ts).
 */

/** Completion rounds per message: a completion handler may start another batch that completes at once. */
const MAX_ROUNDS = 4

/** Opens a new gather; an open one is dropped with its unanswered quotes. */
export function startGather(rt: Rt, after: bigint): void {
  const S = rt.S
  if (after <= 0n) throw new AgentRuntimeError('INVALID_QUANTITY', 'quoteAll timeout must be positive')
  dropGatherQuotes(S)
  S.gather = { id: rt.nextOrderId(), deadline: checkInt(rt.now + after), open: true, items: [] }
}

function dropGatherQuotes(S: AgentState): void {
  const g = S.gather
  if (g === undefined) return
  for (const it of g.items) if (!it.done) delete S.orders[it.order]
}

/** Adds one item's quote order to the open gather (the quote action in a quoteAll body). */
export function addGatherItem(rt: Rt, index: bigint, o: Order): void {
  const g = rt.S.gather
  if (g === undefined || !g.open)
    throw new AgentRuntimeError('INVALID_COMMAND', 'an indexed quote runs only inside quoteAll')
  o.batch = g.id
  o.index = index.toString()
  g.items.push({
    index,
    order: o.id,
    pool: o.pool,
    token: o.tokenIn,
    amountIn: BigInt(o.amountIn),
    output: 0n,
    fee: 0n,
    ok: false,
    done: false,
    reason: '',
  })
}

/** Records a verified reply (or a verified failure) of a gathered quote; a reply to an older gather is dropped. */
export function recordQuote(S: AgentState, o: Order, output: bigint, fee: bigint, reason: string): void {
  const g = S.gather
  if (g === undefined || !g.open || g.id !== o.batch) return
  const it = g.items.find((x) => x.order === o.id)
  if (it === undefined) return
  it.done = true
  it.ok = reason === ''
  it.output = output
  it.fee = fee
  it.reason = reason
}

/** Opens a new swap batch; orders of an older batch stay tracked but no longer count. */
export function startBatch(rt: Rt, after: bigint): void {
  if (after <= 0n) throw new AgentRuntimeError('INVALID_QUANTITY', 'swapAll timeout must be positive')
  rt.S.batch = {
    id: rt.nextOrderId(),
    deadline: checkInt(rt.now + after),
    open: true,
    total: 0n,
    filled: 0n,
    refunded: 0n,
    failed: 0n,
    pending: 0n,
  }
}

/** Adds one swap order to the open batch (the swap action in a swapAll body). */
export function addBatchOrder(rt: Rt, index: bigint, o: Order): void {
  const b = rt.S.batch
  if (b === undefined || !b.open)
    throw new AgentRuntimeError('INVALID_COMMAND', 'an indexed swap runs only inside swapAll')
  o.batch = b.id
  o.index = index.toString()
  b.total += 1n
  b.pending += 1n
}

/** Counts a swap order's outcome once, in its batch while that batch is open. */
export function resolveBatchOrder(S: AgentState, o: Order, how: 'filled' | 'refunded' | 'failed'): void {
  if (o.batch === undefined || o.resolved !== undefined) return
  o.resolved = how
  const b = S.batch
  if (b === undefined || !b.open || b.id !== o.batch) return
  b[how] = (b[how] as bigint) + 1n
  b.pending -= 1n
}

/** The list item index an order belongs to; -1 outside a batch. */
export const orderIndex = (o: Order): bigint => (o.index === undefined ? -1n : BigInt(o.index))

/** Raises the completion events that are due, after the message's own event (strategy phase). */
export function completeBatches(rt: Rt, dispatch: (e: AgentEvent) => void): void {
  const S = rt.S
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let fired = false
    const g = S.gather
    if (g?.open && (g.items.every((x) => x.done) || rt.now >= g.deadline)) {
      for (const it of g.items)
        if (!it.done) {
          delete S.orders[it.order]
          it.done = true
          it.reason = 'timeout'
        }
      g.open = false
      const ok = BigInt(g.items.filter((x) => x.ok).length)
      const total = BigInt(g.items.length)
      dispatch({ type: 'quotes', f: { total, answered: ok, failed: total - ok } })
      fired = true
    }
    const b = S.batch
    if (b?.open && (b.pending === 0n || rt.now >= b.deadline)) {
      b.open = false
      const { total, filled, refunded, failed, pending } = b
      dispatch({ type: 'swaps.done', f: { total, filled, refunded, failed, pending } })
      fired = true
    }
    if (!fired) return
  }
}
