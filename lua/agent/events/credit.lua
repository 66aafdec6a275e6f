-- A Credit-Notice counts only when msg.From is one of the agent's configured token processes (a token sends it to
-- the recipient itself, so nobody can provoke one without paying). The agent's own sync self-transfer arms the sync;
-- a notice the agent cannot book (an amount that overflows, as the aos blueprint states for wrapped transfers) or
-- one naming an order already settled (a re-delivery) changes nothing and resyncs the token instead.
local R = require('afk.runtime')
local Q = require('afk.q')

return {
  name = 'credit',
  match = function(rt, msg)
    if msg.Action ~= 'Credit-Notice' then return nil end
    local S = rt.S
    local name = R.token_param(rt.def, msg.From)
    if name == nil then return nil end
    if msg.Sender == ao.id then
      local s = S.syncs[name]
      if s ~= nil and msg['X-Afk-Sync'] == s.id then
        s.armed = 'true'
        s.failed = nil
      end
      return 'handled'
    end
    local oid = msg['X-Afk-Order']
    local ok, q = pcall(Q.amount, msg.Quantity, 'Quantity')
    local b
    if ok then ok, b = pcall(Q.add, S.balances[name], q) end
    if not ok or (type(oid) == 'string' and R.was_settled(S, oid)) then
      R.start_sync(rt, name)
      return 'handled'
    end
    S.balances[name] = b
    return { type = 'credit', f = { token = msg.From, tokenParam = name, quantity = q, sender = tostring(msg.Sender or '') } }
  end,
}
