-- Debit-Notice from a configured token. Transfers the agent made itself (tagged X-Afk-Order) were already taken off
-- the available balance when sent; any other debit is subtracted now.
local R = require('afk.runtime')
local Q = require('afk.q')

local function ours(S, oid)
  if type(oid) ~= 'string' then return false end
  local n = oid:match('^afk%-([0-9]+)$')
  return n ~= nil and #n < 70 and Q.new(n) <= S.seq
end

return {
  name = 'debit',
  match = function(rt, msg)
    if msg.Action ~= 'Debit-Notice' then return nil end
    local S = rt.S
    local name = R.token_param(rt.def, msg.From)
    if name == nil then return nil end
    local q = Q.amount(msg.Quantity, 'Quantity')
    local oid = msg['X-Afk-Order']
    if ours(S, oid) then
      local o = S.orders[oid]
      if o ~= nil and (o.kind == 'transfer' or o.kind == 'withdraw') then S.orders[oid] = nil end
    else
      S.balances[name] = Q.sub(S.balances[name], q)
    end
    return { type = 'debit', f = { token = msg.From, tokenParam = name, quantity = q, recipient = tostring(msg.Recipient or '') } }
  end,
}
