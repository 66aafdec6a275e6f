-- Reply to our Info: Info-Response from the read's pool, echoing our Reference, before the deadline (a late one is
-- consumed and the timeout raised instead). A reply from the pool we cannot read is `info.failed` with a fixed
-- reason. Tags are read under aos's normalized names (TokenA -> Tokena). Twin of poolInfoReply.ts.
local Q = require('afk.q')

local LIMIT = Q.bint.ipow(Q.bint(2), Q.bint(255))
local TOKENS = 'TokenA and TokenB must name two different process ids'
local FEE = 'FeeBps must be a whole number of bps from 0 to 10000'
local SUPPLY = 'TotalSupply must be a non-negative integer string'

local function is_id(s) return type(s) == 'string' and #s == 43 and s:match('^[A-Za-z0-9_%-]+$') ~= nil end

-- a non-negative integer string below the agent's integer limit (Q.parse's rules), else nil
local function whole(s)
  if type(s) ~= 'string' or #s == 0 or #s > 80 or not s:match('^[0-9]+$') then return nil end
  local v = Q.bint.fromstring(s)
  if v < LIMIT then return v end
  return nil
end

-- the real pool writes FeeBps as a float string (25.0): a zero fraction is accepted
local function fee_bps(s)
  if type(s) ~= 'string' then return nil end
  local v = whole(s:match('^([0-9]+)$') or s:match('^([0-9]+)%.0+$'))
  if v ~= nil and v <= Q.new('10000') then return v end
  return nil
end

local function read(msg)
  local a, b = msg.Tokena, msg.Tokenb
  if not is_id(a) or not is_id(b) or a == b then return TOKENS end
  local fee = fee_bps(msg.Feebps)
  if fee == nil then return FEE end
  local supply = whole(msg.Totalsupply)
  if supply == nil then return SUPPLY end
  return { tokenA = a, tokenB = b, feeBps = fee, totalSupply = supply }
end

return {
  name = 'pool_info_reply',
  match = function(rt, msg)
    if msg.Action ~= 'Info-Response' then return nil end
    local ref = msg['X-Reference']
    if type(ref) ~= 'string' then return nil end
    local S = rt.S
    local ids = {}
    for id, o in pairs(S.orders) do
      if o.kind == 'info' and o.pool == msg.From and o.ref == ref then ids[#ids + 1] = id end
    end
    table.sort(ids)
    local oid = ids[1]
    if oid == nil then return nil end
    local o = S.orders[oid]
    if rt.now >= Q.new(o.deadline) then return 'handled' end
    S.orders[oid] = nil
    S.timers['info.' .. oid] = nil
    local r = read(msg)
    if type(r) == 'string' then return { type = 'info.failed', f = { order = oid, pool = o.pool, reason = r } } end
    r.order, r.pool = oid, o.pool
    return { type = 'info', f = r }
  end,
}
