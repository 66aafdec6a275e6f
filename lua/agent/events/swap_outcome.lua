-- Botega swap outcome: a Credit-Notice from one of our tokens, sent on by the order's pool, carrying our order tag.
-- Output token + X-Action=Swap-Output is a fill; input token + refund tags is a refund.
local R = require('afk.runtime')
local Q = require('afk.q')
local B = require('afk.batch')

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
      minOut = Q.new(o.minOut), index = B.order_index(o) }
    local fill = msg.From == o.tokenOut and msg['X-Action'] == 'Swap-Output'
    local refund = msg.From == o.tokenIn and (msg['X-Refund-Reason'] ~= nil or msg['X-Refunded-Order'] ~= nil)
    if not fill and not refund then return nil end
    S.orders[oid] = nil
    R.settle(S, oid)
    B.resolve_order(S, o, fill and 'filled' or 'refunded')
    -- an amount the agent cannot book: the order is settled and the token resynced instead
    local ok, q = pcall(Q.amount, msg.Quantity, 'Quantity')
    local b
    if ok then ok, b = pcall(Q.add, S.balances[name], q) end
    if not ok then
      R.start_sync(rt, name)
      return 'handled'
    end
    S.balances[name] = b
    if fill then
      f.amountOut = q
      return { type = 'swap.filled', f = f }
    else
      f.refunded = q
      f.reason = tostring(msg['X-Refund-Reason'] or '')
      return { type = 'swap.refunded', f = f }
    end
  end,
}
