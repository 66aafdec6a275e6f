-- Reply to our Get-Reserves: from the order's pool, echoing our Reference. The real pool names each reserve tag by
-- its token id, and aos normalizes tag names (`_` → `-`, capitalized words), so each is read under its token's
-- normalized id; a reply without both (or where both ids normalize alike) is not ours to read, nor one past the
-- read's deadline (consumed: the timeout was raised). Reserves are public
-- facts: a stranger who makes the pool answer with our Reference only makes us read them earlier. Twin of
-- reservesReply.ts.
local Q = require('afk.q')

-- aos's tag-name normalization (twin of normalizeTagName in src/ao/normalize.ts)
local function normalize(name)
  local lower = name:gsub('_', '-'):lower()
  return (lower:gsub('^%l', string.upper):gsub('%-%l', string.upper))
end

return {
  name = 'reserves_reply',
  match = function(rt, msg)
    if msg.Action ~= 'Get-Reserves-Response' then return nil end
    local S = rt.S
    local ids = {}
    for id, o in pairs(S.orders) do
      if o.kind == 'reserves' and o.pool == msg.From and o.ref == msg['X-Reference'] then ids[#ids + 1] = id end
    end
    table.sort(ids)
    local oid = ids[1]
    if oid == nil then return nil end
    local o = S.orders[oid]
    -- past the deadline the read has timed out (reserves.timeout): the late reply is consumed, never read
    if o.deadline ~= nil and rt.now >= Q.new(o.deadline) then return 'handled' end
    local kIn, kOut = normalize(o.tokenIn), normalize(o.tokenOut)
    if kIn == kOut or type(msg[kIn]) ~= 'string' or type(msg[kOut]) ~= 'string' then return nil end
    local reserveIn = Q.amount(msg[kIn], 'reserve')
    local reserveOut = Q.amount(msg[kOut], 'reserve')
    S.orders[oid] = nil
    S.timers['reserves.' .. oid] = nil
    return { type = 'reserves', f = { order = oid, pool = o.pool, tokenIn = o.tokenIn, tokenOut = o.tokenOut,
      reserveIn = reserveIn, reserveOut = reserveOut } }
  end,
}
