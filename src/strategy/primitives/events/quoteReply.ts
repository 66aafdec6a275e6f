import type { Value } from '../../expr.ts'
import { checkInt, parseAmount } from '../../int.ts'
import type { EventPrimitive } from '../../runtime/types.ts'

/** Reply to our Get-Swap-Output: from the order's pool, echoing our Reference; twin of quote_reply.lua. */
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
    if (ref === undefined) return null
    const oid = Object.keys(S.orders).find((id) => {
      const o = S.orders[id]
      return o.kind === 'quote' && o.pool === msg.From && o.ref === ref
    })
    if (oid === undefined) return null
    const o = S.orders[oid]
    delete S.orders[oid]
    const f: Record<string, Value> = {
      order: oid,
      pool: o.pool,
      tokenIn: o.tokenIn,
      amountIn: BigInt(o.amountIn),
    }
    if (msg.Action === 'Get-Swap-Output-Error' || msg.Error !== undefined || msg.Output === undefined) {
      f.reason = String(msg.Error ?? 'no Output in quote reply')
      return { type: 'quote.failed', f }
    }
    f.output = parseAmount(msg.Output, 'Output')
    f.fee = checkInt(
      parseAmount(msg['Lp-Fee-Quantity'] ?? '0', 'LP-Fee-Quantity') +
        parseAmount(msg['Protocol-Fee-Quantity'] ?? '0', 'Protocol-Fee-Quantity'),
    )
    return { type: 'quote', f }
  },
}
