-- Reply to our Get-Swap-Output request: from the order's pool, with our Reference echoed as X-Reference, for our
-- amount (anyone can ask the pool for a quote with our Reference and Reply-To), sent while the params the order was
-- built from still hold (otherwise it is re-quoted). A Get-Swap-Output-Error never cancels a quote: anyone can
-- provoke one (with our Reference, or without any as the real pool sends them), so a quote that gets no usable
-- answer ends with the strategy's own timeout. Output = 0 (an empty pool) is a verified answer: quote.failed.
local Q = require('afk.q')

return {
  name = 'quote_reply',
  match = function(rt, msg)
    local S = rt.S
    local action = msg.Action
    if action ~= 'Get-Swap-Output-Response' and action ~= 'Get-Swap-Output-Error' then return nil end
    local oid = nil
    local ref = msg['X-Reference']
    for id, o in pairs(S.orders) do
      if o.kind == 'quote' and o.pool == msg.From and (action == 'Get-Swap-Output-Error' or o.ref == ref) then oid = id end
    end
    if oid == nil then return nil end
    if action == 'Get-Swap-Output-Error' then return 'handled' end
    local o = S.orders[oid]
    local f = { order = oid, pool = o.pool, tokenIn = o.tokenIn, amountIn = Q.new(o.amountIn) }
    local lp = Q.amount(msg['Lp-Fee-Quantity'] or '0', 'LP-Fee-Quantity')
    local proto = Q.amount(msg['Protocol-Fee-Quantity'] or '0', 'Protocol-Fee-Quantity')
    if msg['Quantity-After-Fees'] == nil or msg.Output == nil then return nil end
    local after = Q.amount(msg['Quantity-After-Fees'], 'Quantity-After-Fees')
    if Q.add(Q.add(after, lp), proto) ~= f.amountIn then return nil end
    S.orders[oid] = nil
    local output = Q.amount(msg.Output, 'Output')
    -- a gathered quote is recorded; its gather raises one `quotes` event (batch.lua)
    if o.batch ~= nil then
      local reason = ''
      if o.paramsRev ~= Q.str(S.paramsRev) then reason = 'params changed since the quote'
      elseif output == Q.new('0') then reason = 'the pool returned no output' end
      if reason == '' then
        require('afk.batch').record_quote(S, o, output, Q.add(lp, proto), reason)
      else
        require('afk.batch').record_quote(S, o, Q.new('0'), Q.new('0'), reason)
      end
      return 'handled'
    end
    if o.paramsRev ~= Q.str(S.paramsRev) then
      f.reason = 'params changed since the quote'
      return { type = 'quote.failed', f = f }
    end
    if output == Q.new('0') then
      f.reason = 'the pool returned no output'
      return { type = 'quote.failed', f = f }
    end
    f.output = output
    f.fee = Q.add(lp, proto)
    return { type = 'quote', f = f }
  end,
}
