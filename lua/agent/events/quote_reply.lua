-- Reply to our Get-Swap-Output request: from the order's pool, with our Reference echoed as X-Reference.
local Q = require('afk.q')

return {
  name = 'quote_reply',
  match = function(rt, msg)
    local S = rt.S
    local ref = msg['X-Reference']
    if ref == nil then return nil end
    local oid = nil
    for id, o in pairs(S.orders) do
      if o.kind == 'quote' and o.pool == msg.From and o.ref == ref then oid = id end
    end
    if oid == nil then return nil end
    local o = S.orders[oid]
    S.orders[oid] = nil
    local f = { order = oid, pool = o.pool, tokenIn = o.tokenIn, amountIn = Q.new(o.amountIn) }
    if msg.Action == 'Get-Swap-Output-Error' or msg.Error ~= nil or msg.Output == nil then
      f.reason = tostring(msg.Error or 'no Output in quote reply')
      return { type = 'quote.failed', f = f }
    end
    f.output = Q.amount(msg.Output, 'Output')
    f.fee = Q.add(Q.amount(msg['Lp-Fee-Quantity'] or '0', 'LP-Fee-Quantity'),
      Q.amount(msg['Protocol-Fee-Quantity'] or '0', 'Protocol-Fee-Quantity'))
    return { type = 'quote', f = f }
  end,
}
