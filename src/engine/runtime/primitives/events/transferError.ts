import { byteOrder } from '../../../../protocols/stableJson.ts'
import { orderIndex, resolveBatchOrder } from '../../batch.ts'
import { startSync } from '../../sync.ts'
import type { AgentEvent, EventMatch } from '../../types.ts'

/**
 * `transfer_error` in the TS engine
 * (definition: src/strategy/primitives/events/transferError.ts; twin: lua/agent/events/transfer_error.lua).
 */
export const matchTransferError: EventMatch = (rt, msg): AgentEvent | 'handled' | null => {
  if (msg.Action !== 'Transfer-Error') return null
  const S = rt.S
  const name = rt.tokenParam(msg.From)
  if (name === undefined) return null
  const ref = msg['X-Reference']
  // the sync's own self-transfer failed (or someone says so): marked failed, replaced by the next sync; see Lua
  const sync = S.syncs[name]
  if (sync !== undefined && sync.ref === ref) {
    sync.failed = 'true'
    return 'handled'
  }
  // quotes and asks move no tokens (an ask may target a token process, e.g. for Info)
  const mine = Object.keys(S.orders).filter((id) => {
    const o = S.orders[id]
    return o.target === msg.From && o.ref === ref && o.kind !== 'quote' && o.kind !== 'ask'
  })
  const ids = mine
    .filter((id) => S.orders[id].debited === undefined && S.orders[id].errored === undefined)
    .sort(byteOrder)
  const reason = String(msg.Error ?? '')
  // only an error naming one of our orders is a reason to resync (a random Reference would be an amplifier)
  if (mine.length > 0) startSync(rt, name)
  const oid = ids[0]
  if (oid === undefined)
    return { type: 'transfer.error', f: { token: msg.From as string, tokenParam: name, reason } }
  const o = S.orders[oid]
  o.errored = 'true'
  const amount = BigInt(o.amountIn ?? o.amount)
  if (o.kind === 'swap') {
    resolveBatchOrder(S, o, 'failed')
    return {
      type: 'swap.failed',
      f: {
        order: oid,
        pool: o.pool,
        tokenIn: o.tokenIn,
        tokenOut: o.tokenOut,
        amountIn: amount,
        reason,
        index: orderIndex(o),
      },
    }
  }
  return { type: 'transfer.failed', f: { order: oid, token: o.target, quantity: amount, reason } }
}
