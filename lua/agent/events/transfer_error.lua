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
    -- the sync's own self-transfer failed (or someone says so): the sync is marked failed, and the next reason to
    -- sync replaces it; its self-transfer's Credit-Notice, which nobody can forge, still arms it
    local sync = S.syncs[name]
    if sync ~= nil and sync.ref == ref then
      sync.failed = 'true'
      return 'handled'
    end
    local ids = {}
    local ours = false
    for id, o in pairs(S.orders) do
      -- quotes and asks move no tokens (an ask may target a token process, e.g. for Info)
      if o.target == msg.From and o.ref == ref and o.kind ~= 'quote' and o.kind ~= 'ask' then
        ours = true
        if o.debited == nil and o.errored == nil then ids[#ids + 1] = id end
      end
    end
    table.sort(ids)
    local reason = tostring(msg.Error or '')
    -- only an error naming one of our orders is a reason to resync (a random Reference would be an amplifier)
    if ours then R.start_sync(rt, name) end
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
