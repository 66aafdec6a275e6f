-- Reply to our Get-Swap-Output request: from the order's pool, with our Reference echoed as X-Reference, and (for a
-- quote) fees and input that add up to our amount.
local Q = require('afk.q')

return {
  name = 'quote_reply',
  match = function(rt, msg)
    local S = rt.S
    local ref = msg['X-Reference']
    local action = msg.Action
    if ref == nil or (action ~= 'Get-Swap-Output-Response' and action ~= 'Get-Swap-Output-Error') then return nil end
    local oid = nil
    for id, o in pairs(S.orders) do
      if o.kind == 'quote' and o.pool == msg.From and o.ref == ref then oid = id end
    end
    if oid == nil then return nil end
    local o = S.orders[oid]
    local f = { order = oid, pool = o.pool, tokenIn = o.tokenIn, amountIn = Q.new(o.amountIn) }
    if action == 'Get-Swap-Output-Error' then
      S.orders[oid] = nil
      f.reason = tostring(msg.Error or 'quote refused')
      return { type = 'quote.failed', f = f }
    end
    -- a quote must be for our amount: anyone can ask the pool for a quote with our Reference and Reply-To
    local lp = Q.amount(msg['Lp-Fee-Quantity'] or '0', 'LP-Fee-Quantity')
    local proto = Q.amount(msg['Protocol-Fee-Quantity'] or '0', 'Protocol-Fee-Quantity')
    if msg['Quantity-After-Fees'] == nil or msg.Output == nil then return nil end
    local after = Q.amount(msg['Quantity-After-Fees'], 'Quantity-After-Fees')
    if Q.add(Q.add(after, lp), proto) ~= f.amountIn then return nil end
    S.orders[oid] = nil
    f.output = Q.amount(msg.Output, 'Output')
    f.fee = Q.add(lp, proto)
    return { type = 'quote', f = f }
  end,
}
