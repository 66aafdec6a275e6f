-- Transfer-Error from a configured token. Anyone can provoke one with our Reference (a transfer of their own with
-- Reply-To = the agent and X-Reference = a Reference read from Status), so it never credits anything back: the
-- order it names is marked errored, the strategy hears swap.failed / transfer.failed, and the token is resynced,
-- which returns the amount only if the token really still holds it.
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
      if o.target == msg.From and o.ref == ref and o.kind ~= 'quote' and o.debited == nil and o.errored == nil then
        ids[#ids + 1] = id
      end
    end
    table.sort(ids)
    local reason = tostring(msg.Error or '')
    R.start_sync(rt, name)
    local oid = ids[1]
    if oid == nil then
      return { type = 'transfer.error', f = { token = msg.From, tokenParam = name, reason = reason } }
    end
    local o = S.orders[oid]
    o.errored = 'true'
    local amount = Q.new(o.amountIn or o.amount)
    if o.kind == 'swap' then
      return { type = 'swap.failed', f = { order = oid, pool = o.pool, tokenIn = o.tokenIn, tokenOut = o.tokenOut,
        amountIn = amount, reason = reason } }
    end
    return { type = 'transfer.failed', f = { order = oid, token = o.target, quantity = amount, reason = reason } }
  end,
}
