-- Balance reply from a configured token about this agent. Anyone can provoke one (Balance with Recipient = the
-- agent and Reply-To = the agent) and an early one predates our own transfers, so only the reply that completes a
-- sync counts: it echoes the sync's Balance Reference and arrives after the sync's self-transfer Credit-Notice (see
-- R.start_sync). It settles every order sent before the sync; orders sent since are still in flight and subtracted.
local R = require('afk.runtime')
local Q = require('afk.q')

return {
  name = 'balance_reply',
  match = function(rt, msg)
    if msg.Balance == nil or msg.Account ~= ao.id then return nil end
    local S = rt.S
    local name = R.token_param(rt.def, msg.From)
    if name == nil then return nil end
    local s = S.syncs[name]
    if s == nil or s.armed ~= 'true' or msg['X-Reference'] ~= s.balRef then return 'handled' end
    local ok, v = pcall(Q.amount, msg.Balance, 'Balance')
    if not ok then return 'handled' end
    local since = R.order_seq(s.id)
    local ids = {}
    for id, o in pairs(S.orders) do
      if o.kind ~= 'quote' and o.tokenParam == name then ids[#ids + 1] = id end
    end
    table.sort(ids)
    local inflight = Q.new('0')
    for _, id in ipairs(ids) do
      local o = S.orders[id]
      if R.order_seq(id) > since then
        inflight = Q.add(inflight, Q.new(o.amount or o.amountIn))
      elseif o.kind == 'swap' and o.errored == nil then
        -- the token has executed it: the fill or refund (a Credit-Notice) is still to come
        o.debited = 'true'
      else
        S.orders[id] = nil
        R.settle(S, id)
      end
    end
    local b = Q.sub(v, inflight)
    if b < Q.new('0') then b = Q.new('0') end
    S.balances[name] = b
    S.syncs[name] = nil
    if s.again == 'true' then R.start_sync(rt, name) end
    return { type = 'balance', f = { token = msg.From, tokenParam = name, balance = b } }
  end,
}
