-- The reply to a pending ask: from the asked process, naming the request's Reference in X-Reference, echoing the
-- request tags the ask pinned, before the deadline. Anything else is no reply (forged by another process, a replay
-- of a consumed one, a late one: ignored). A reply at or past the deadline is consumed; the timeout is raised
-- instead. The reply is checked against the strategy's schema (def.replies). Twin of primitives/events/askReply.ts
-- and runtime/checkReply.ts.
local Q = require('afk.q')
local json = require('json')

local SAFE = 9007199254740991 -- 2^53 - 1: JSON numbers beyond it are not exact in JS

local function reason(def, key, vars)
  return (def.replyText[key]:gsub('{(%a+)}', function(k) return (vars and vars[k]) or '' end))
end

-- Data as a JSON object (aos may have decoded it already); false when it is not one
local function data_object(data)
  local v = data
  if type(data) == 'string' then
    local ok, d = pcall(json.decode, data)
    if not ok then return false end
    v = d
  end
  if type(v) ~= 'table' or v[1] ~= nil then return false end
  return v
end

local function read_int(v)
  if type(v) == 'number' then
    local n = math.tointeger(v)
    if n == nil or n > SAFE or n < -SAFE then return nil end
    return Q.new(string.format('%d', n))
  end
  local ok, n = pcall(Q.parse, v, 'reply')
  if not ok then return nil end
  return n
end

local function check(def, fields, msg)
  local out, data = {}, nil
  for _, f in ipairs(fields) do
    local field = f.name
    local v = msg[field]
    if v == nil then
      if data == nil then data = data_object(msg.Data) end
      if data == false then return nil, reason(def, 'badData') end
      v = data[field]
      if v == json.null then v = nil end
    end
    if v == nil then return nil, reason(def, 'missing', { field = field }) end
    if f.type == 'int' then
      local n = read_int(v)
      if n == nil then return nil, reason(def, 'notInt', { field = field }) end
      if f.min ~= nil and n < Q.new(f.min) then return nil, reason(def, 'tooSmall', { field = field, min = f.min }) end
      if f.max ~= nil and n > Q.new(f.max) then return nil, reason(def, 'tooLarge', { field = field, max = f.max }) end
      out[field] = n
    elseif f.type == 'str' then
      if type(v) ~= 'string' then return nil, reason(def, 'notStr', { field = field }) end
      if f.values ~= nil then
        local found = false
        for _, x in ipairs(f.values) do if x == v then found = true end end
        if not found then return nil, reason(def, 'notOneOf', { field = field, values = table.concat(f.values, ', ') }) end
      else
        if #v < f.minLen then return nil, reason(def, 'tooShort', { field = field, min = tostring(f.minLen) }) end
        if #v > f.maxLen then return nil, reason(def, 'tooLong', { field = field, max = tostring(f.maxLen) }) end
      end
      out[field] = v
    else
      if v == true or v == 'true' then out[field] = true
      elseif v == false or v == 'false' then out[field] = false
      else return nil, reason(def, 'notBool', { field = field }) end
    end
  end
  return out
end

return {
  name = 'ask_reply',
  match = function(rt, msg)
    local S = rt.S
    local ref = msg['X-Reference']
    if type(ref) ~= 'string' then return nil end
    local oid = nil
    for id, o in pairs(S.orders) do
      if o.kind == 'ask' and o.target == msg.From and o.ref == ref then oid = id end
    end
    if oid == nil then return nil end
    local o = S.orders[oid]
    for k, v in pairs(o) do
      if k:sub(1, 5) == 'echo:' and msg[k:sub(6)] ~= v then return 'handled' end
    end
    if rt.now >= Q.new(o.deadline) then return 'handled' end
    S.orders[oid] = nil
    S.timers['reply.' .. o.reply] = nil
    local fields = (rt.def.replies or {})[o.reply] or {}
    local out, why = check(rt.def, fields, msg)
    if out == nil then
      return { type = 'reply.' .. o.reply .. '.invalid', f = { order = oid, from = o.target, reason = why } }
    end
    out.order = oid
    out.from = o.target
    return { type = 'reply.' .. o.reply, f = out }
  end,
}
