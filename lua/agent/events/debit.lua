-- Debit-Notice from a configured token: settles the agent's own transfer (tagged X-Afk-Order, same amount).
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
    local o = ours(S, oid) and S.orders[oid] or nil
    -- Our own transfers were taken off when sent; the Debit-Notice settles the order (a swap stays open until its
    -- fill or refund). Untagged or mismatched notices change nothing: a sender can make a token send us one with
    -- Reply-To, so only the token's Balance reply may correct the books.
    if o ~= nil and o.target == msg.From and Q.new(o.amount or o.amountIn) == q then
      if o.kind == 'swap' then o.debited = 'true' else S.orders[oid] = nil end
    end
    return { type = 'debit', f = { token = msg.From, tokenParam = name, quantity = q, recipient = tostring(msg.Recipient or '') } }
  end,
}
