import { recordQuote } from '../../../engine/runtime/batch.ts'
import type { EventPrimitive } from '../../../engine/runtime/types.ts'
import type { Value } from '../../expr.ts'
import { checkInt, parseAmount } from '../../int.ts'

/**
 * Reply to our Get-Swap-Output: from the order's pool, echoing our Reference, for our amount, under the params the
 * quote was built from. Error replies never cancel a quote (anyone can provoke them); Output = 0 is quote.failed.
 * Twin of quote_reply.lua.
 */
export const quoteReplyEvent: EventPrimitive = {
  name: 'quote_reply',
  lua: 'events/quote_reply.lua',
  events: {
    quote: { order: 'str', pool: 'str', tokenIn: 'str', amountIn: 'int', output: 'int', fee: 'int' },
    'quote.failed': { order: 'str', pool: 'str', tokenIn: 'str', amountIn: 'int', reason: 'str' },
    // raised by the gather of a quoteAll once complete (runtime/batch.ts)
    quotes: { total: 'int', answered: 'int', failed: 'int' },
  },
  match(rt, msg) {
    const S = rt.S
    const action = msg.Action
    if (action !== 'Get-Swap-Output-Response' && action !== 'Get-Swap-Output-Error') return null
    const isError = action === 'Get-Swap-Output-Error'
    const ref = msg['X-Reference']
    const oid = Object.keys(S.orders).find((id) => {
      const o = S.orders[id]
      return o.kind === 'quote' && o.pool === msg.From && (isError || o.ref === ref)
    })
    if (oid === undefined) return null
    if (isError) return 'handled'
    const o = S.orders[oid]
    const f: Record<string, Value> = {
      order: oid,
      pool: o.pool,
      tokenIn: o.tokenIn,
      amountIn: BigInt(o.amountIn),
    }
    const lp = parseAmount(msg['Lp-Fee-Quantity'] ?? '0', 'LP-Fee-Quantity')
    const proto = parseAmount(msg['Protocol-Fee-Quantity'] ?? '0', 'Protocol-Fee-Quantity')
    if (msg['Quantity-After-Fees'] === undefined || msg.Output === undefined) return null
    const after = parseAmount(msg['Quantity-After-Fees'], 'Quantity-After-Fees')
    if (checkInt(checkInt(after + lp) + proto) !== f.amountIn) return null
    delete S.orders[oid]
    const output = parseAmount(msg.Output, 'Output')
    // a gathered quote is recorded; its gather raises one `quotes` event (runtime/batch.ts)
    if (o.batch !== undefined) {
      const reason =
        o.paramsRev !== S.paramsRev.toString()
          ? 'params changed since the quote'
          : output === 0n
            ? 'the pool returned no output'
            : ''
      recordQuote(S, o, reason === '' ? output : 0n, reason === '' ? checkInt(lp + proto) : 0n, reason)
      return 'handled'
    }
    if (o.paramsRev !== S.paramsRev.toString()) {
      f.reason = 'params changed since the quote'
      return { type: 'quote.failed', f }
    }
    if (output === 0n) {
      f.reason = 'the pool returned no output'
      return { type: 'quote.failed', f }
    }
    f.output = output
    f.fee = checkInt(lp + proto)
    return { type: 'quote', f }
  },
}
