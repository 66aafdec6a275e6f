-- Botega swap outcome: a Credit-Notice from one of our tokens, sent on by the order's pool, carrying our order tag.
-- Output token + X-Action=Swap-Output is a fill; input token + refund tags is a refund.
local R = require('afk.runtime')
local Q = require('afk.q')

return {
  name = 'swap_outcome',
  match = function(rt, msg)
    if msg.Action ~= 'Credit-Notice' then return nil end
    local S = rt.S
    local name = R.token_param(rt.def, msg.From)
    if name == nil then return nil end
    local oid = msg['X-Afk-Order']
    local o = oid and S.orders[oid]
    if o == nil or o.kind ~= 'swap' or msg.Sender ~= o.pool then return nil end
    local f = { order = oid, pool = o.pool, tokenIn = o.tokenIn, tokenOut = o.tokenOut, amountIn = Q.new(o.amountIn),
      minOut = Q.new(o.minOut) }
    if msg.From == o.tokenOut and msg['X-Action'] == 'Swap-Output' then
      local q = Q.amount(msg.Quantity, 'Quantity')
      S.balances[name] = Q.add(S.balances[name], q)
      S.orders[oid] = nil
      f.amountOut = q
      return { type = 'swap.filled', f = f }
    elseif msg.From == o.tokenIn and (msg['X-Refund-Reason'] ~= nil or msg['X-Refunded-Order'] ~= nil) then
      local q = Q.amount(msg.Quantity, 'Quantity')
      S.balances[name] = Q.add(S.balances[name], q)
      S.orders[oid] = nil
      f.refunded = q
      f.reason = tostring(msg['X-Refund-Reason'] or '')
      return { type = 'swap.refunded', f = f }
    end
    return nil
  end,
}
