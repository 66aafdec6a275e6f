-- Transfer-Error from a configured token, correlated to our order by X-Reference (aos replies echo our Reference).
-- The amount goes back to the available balance (and the token is asked for the true balance); a swap becomes
-- swap.failed. An order the token already debited cannot fail any more.
local R = require('afk.runtime')
local Q = require('afk.q')

return {
  name = 'transfer_error',
  match = function(rt, msg)
    if msg.Action ~= 'Transfer-Error' then return nil end
    local S = rt.S
    local name = R.token_param(rt.def, msg.From)
    if name == nil then return nil end
    local ref = msg['X-Reference']
    local ids = {}
    for id, o in pairs(S.orders) do
      if o.target == msg.From and o.ref == ref and o.kind ~= 'quote' and o.debited == nil then ids[#ids + 1] = id end
    end
    table.sort(ids)
    local reason = tostring(msg.Error or '')
    local oid = ids[1]
    if oid == nil then
      return { type = 'transfer.error', f = { token = msg.From, tokenParam = name, reason = reason } }
    end
    local o = S.orders[oid]
    S.orders[oid] = nil
    local amount = Q.new(o.amountIn or o.amount)
    S.balances[o.tokenParam] = Q.add(S.balances[o.tokenParam], amount)
    -- a Transfer-Error can be provoked by a third party (Reply-To + a guessed Reference): resync from the token
    R.request_balance(S, o.tokenParam)
    if o.kind == 'swap' then
      return { type = 'swap.failed', f = { order = oid, pool = o.pool, tokenIn = o.tokenIn, tokenOut = o.tokenOut,
        amountIn = amount, reason = reason } }
    end
    return { type = 'transfer.failed', f = { order = oid, token = o.target, quantity = amount, reason = reason } }
  end,
}
