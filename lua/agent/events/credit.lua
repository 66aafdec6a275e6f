-- A Credit-Notice counts only when msg.From is one of the agent's configured token processes.
local R = require('afk.runtime')
local Q = require('afk.q')

return {
  name = 'credit',
  match = function(rt, msg)
    if msg.Action ~= 'Credit-Notice' then return nil end
    local name = R.token_param(rt.def, msg.From)
    if name == nil then return nil end
    local q = Q.amount(msg.Quantity, 'Quantity')
    rt.S.balances[name] = Q.add(rt.S.balances[name], q)
    return { type = 'credit', f = { token = msg.From, tokenParam = name, quantity = q, sender = tostring(msg.Sender or '') } }
  end,
}
