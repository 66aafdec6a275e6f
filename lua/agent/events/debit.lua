-- Debit-Notice from a configured token. Anyone can make a token send one (a transfer of their own with Reply-To =
-- the agent and our order tag), so it never moves the books: our transfers were taken off when sent. A notice that
-- matches an order (tag, Reference, amount, recipient) marks it debited; a withdraw or transfer is then closed by a
-- resync from the token, which is the only evidence that settles it.
local R = require('afk.runtime')
local Q = require('afk.q')

return {
  name = 'debit',
  match = function(rt, msg)
    if msg.Action ~= 'Debit-Notice' then return nil end
    local S = rt.S
    local name = R.token_param(rt.def, msg.From)
    if name == nil then return nil end
    local ok, q = pcall(Q.amount, msg.Quantity, 'Quantity')
    if not ok then return 'handled' end
    local oid = msg['X-Afk-Order']
    local o = type(oid) == 'string' and S.orders[oid] or nil
    if o ~= nil and o.kind ~= 'quote' and o.debited == nil and o.target == msg.From and o.ref == msg['X-Reference']
      and Q.new(o.amount or o.amountIn) == q and msg.Recipient == (o.recipient or o.pool) then
      o.debited = 'true'
      if o.kind ~= 'swap' then R.start_sync(rt, name) end
    end
    return { type = 'debit', f = { token = msg.From, tokenParam = name, quantity = q, recipient = tostring(msg.Recipient or '') } }
  end,
}
