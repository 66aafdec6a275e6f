-- Balance reply from a configured token about this agent. It resets the available balance only when no order on
-- that token is in flight (otherwise it would double count).
local R = require('afk.runtime')
local Q = require('afk.q')

return {
  name = 'balance_reply',
  match = function(rt, msg)
    if msg.Balance == nil or msg.Account ~= ao.id then return nil end
    local S = rt.S
    local name = R.token_param(rt.def, msg.From)
    if name == nil then return nil end
    local b = Q.amount(msg.Balance, 'Balance')
    local busy = false
    for _, o in pairs(S.orders) do
      if o.kind ~= 'quote' and o.tokenParam == name then busy = true end
    end
    if not busy then S.balances[name] = b end
    return { type = 'balance', f = { token = msg.From, tokenParam = name, balance = b } }
  end,
}
