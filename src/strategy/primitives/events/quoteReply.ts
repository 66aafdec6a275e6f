import type { Value } from '../../expr.ts'
import { checkInt, parseAmount } from '../../int.ts'
import type { EventPrimitive } from '../../runtime/types.ts'

/**
 * Reply to our Get-Swap-Output: from the order's pool, echoing our Reference, and (for a quote) fees and input that
 * add up to our amount, since anyone can ask the pool for a quote with our Reference and Reply-To. Twin of
 * quote_reply.lua.
 */
export const quoteReplyEvent: EventPrimitive = {
  name: 'quote_reply',
  lua: 'events/quote_reply.lua',
  events: {
    quote: { order: 'str', pool: 'str', tokenIn: 'str', amountIn: 'int', output: 'int', fee: 'int' },
    'quote.failed': { order: 'str', pool: 'str', tokenIn: 'str', amountIn: 'int', reason: 'str' },
  },
  match(rt, msg) {
    const S = rt.S
    const ref = msg['X-Reference']
    const action = msg.Action
    if (ref === undefined || (action !== 'Get-Swap-Output-Response' && action !== 'Get-Swap-Output-Error'))
      return null
    const oid = Object.keys(S.orders).find((id) => {
      const o = S.orders[id]
      return o.kind === 'quote' && o.pool === msg.From && o.ref === ref
    })
    if (oid === undefined) return null
    const o = S.orders[oid]
    const f: Record<string, Value> = {
      order: oid,
      pool: o.pool,
      tokenIn: o.tokenIn,
      amountIn: BigInt(o.amountIn),
    }
    if (action === 'Get-Swap-Output-Error') {
      delete S.orders[oid]
      f.reason = String(msg.Error ?? 'quote refused')
      return { type: 'quote.failed', f }
    }
    const lp = parseAmount(msg['Lp-Fee-Quantity'] ?? '0', 'LP-Fee-Quantity')
    const proto = parseAmount(msg['Protocol-Fee-Quantity'] ?? '0', 'Protocol-Fee-Quantity')
    if (msg['Quantity-After-Fees'] === undefined || msg.Output === undefined) return null
    const after = parseAmount(msg['Quantity-After-Fees'], 'Quantity-After-Fees')
    if (checkInt(checkInt(after + lp) + proto) !== f.amountIn) return null
    delete S.orders[oid]
    f.output = parseAmount(msg.Output, 'Output')
    f.fee = checkInt(lp + proto)
    return { type: 'quote', f }
  },
}
