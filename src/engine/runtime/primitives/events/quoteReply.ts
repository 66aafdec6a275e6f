import type { Value } from '../../../../strategy/expr.ts'
import { checkInt, parseAmount } from '../../../../strategy/int.ts'
import { recordQuote } from '../../batch.ts'
import type { EventMatch } from '../../types.ts'

/**
 * `quote_reply` in the TS engine
 * (definition: src/strategy/primitives/events/quoteReply.ts; twin: lua/agent/events/quote_reply.lua).
 */
export const matchQuoteReply: EventMatch = (rt, msg) => {
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
}
