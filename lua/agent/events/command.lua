-- Owner commands (Status is public). Each changes runtime state, then becomes an `owner.*` machine event. Tags,
-- replies and error texts come from the wire table (R.wire, generated from src/protocols/agentWire.ts).
local R = require('afk.runtime')
local Q = require('afk.q')
local J = require('afk.json')
local json = require('json')

local COMMANDS = {}
local LOWER = {}
for _, a in ipairs(R.wire.commands) do
  COMMANDS[a] = true
  LOWER[a:lower()] = a
end

local ID = '^[A-Za-z0-9_%-]+$'
local function is_id(s) return type(s) == 'string' and #s == 43 and s:match(ID) ~= nil end
local fail = R.wire_fail

local function check_param(spec, key, v)
  if spec == nil then fail('unknownParam', { key = key }) end
  if type(v) ~= 'string' then fail('paramNotString', { key = key }) end
  if spec.kind == 'int' then
    local ok, n = pcall(Q.parse, v, key)
    if not ok then fail('paramNotInt', { key = key }) end
    if (spec.min and n < Q.new(spec.min)) or (spec.max and n > Q.new(spec.max)) then fail('paramRange', { key = key }) end
    return n
  elseif spec.kind == 'processId' then
    if not is_id(v) then fail('paramNotId', { key = key }) end
    return v
  elseif spec.kind == 'bool' then
    if v ~= 'true' and v ~= 'false' then fail('paramNotBool', { key = key }) end
    return v == 'true'
  end
  return v
end

-- A list param's Update-Params value, checked as at spawn (twin of checkListParam in runtime/paramPatch.ts): an
-- array (aos's json leaves nulls out; `{}` and `[]` are the same empty table) of min..max records holding exactly the
-- list's fields, each checked like a scalar param under the key `name[i].field` (i from 0).
local function is_list(v)
  if type(v) ~= 'table' then return nil end
  local n = 0
  for k in pairs(v) do
    if math.type(k) ~= 'integer' or k < 1 then return nil end
    if k > n then n = k end
  end
  return n
end
local function check_list(spec, key, v)
  if spec.fixed then fail('listParamFixed', { key = key }) end
  local n = is_list(v)
  if n == nil then fail('paramNotList', { key = key }) end
  if n < spec.min or n > spec.max then
    fail('paramLength', { key = key, min = tostring(spec.min), max = tostring(spec.max) })
  end
  local fields = {}
  for f in pairs(spec.fields) do fields[#fields + 1] = f end
  table.sort(fields)
  local out = J.array({})
  for i = 1, n do
    local at = key .. '[' .. tostring(i - 1) .. ']'
    local item = v[i]
    local keys = {}
    if type(item) == 'table' then
      for k in pairs(item) do
        if type(k) ~= 'string' then item = nil break end
        keys[#keys + 1] = k
      end
    end
    if type(item) ~= 'table' then fail('paramNotRecord', { key = at }) end
    table.sort(keys)
    for _, k in ipairs(keys) do
      if spec.fields[k] == nil then fail('unknownParam', { key = at .. '.' .. k }) end
    end
    local rec = {}
    for _, f in ipairs(fields) do
      if item[f] == nil then fail('paramMissing', { key = at .. '.' .. f }) end
      rec[f] = check_param(spec.fields[f], at .. '.' .. f, item[f])
    end
    out[i] = rec
  end
  return out
end

-- whether changing a param from a to b changes a process id (a pool, a token, an asset's process)
local function identity_changed(spec, a, b)
  if spec.kind == 'processId' then return a ~= b end
  if spec.kind ~= 'list' then return false end
  local ids = {}
  for f, fk in pairs(spec.fields) do if fk.kind == 'processId' then ids[#ids + 1] = f end end
  if #ids == 0 then return false end
  a, b = a or {}, b or {}
  if #a ~= #b then return true end
  for i = 1, #a do
    for _, f in ipairs(ids) do if a[i][f] ~= b[i][f] then return true end end
  end
  return false
end

-- the oldest order an identity change would strand (a quote is asked again under the new params instead)
local function order_in_flight(S)
  local best = nil
  for id, o in pairs(S.orders) do
    if o.kind ~= 'quote' and (best == nil or R.order_seq(id) < R.order_seq(best)) then best = id end
  end
  return best
end

-- a token param name or a token process id
local function token_name(rt, token)
  -- a token's name (its balance key: a token param, or `<list>[<i>]` for listTokens) or its process id
  local known = type(token) == 'string' and rt.S.balances[token] ~= nil
  local name = known and token or R.token_param(rt.def, token)
  if name == nil or rt.S.balances[name] == nil then fail('unknownToken', { token = tostring(token) }) end
  return name
end

return {
  name = 'command',
  match = function(rt, msg)
    local a = msg.Action
    if type(a) ~= 'string' then return nil end
    if not COMMANDS[a] then
      -- a command spelled with odd case or blanks is answered, never silently ignored
      local near = LOWER[(a:gsub('[ \t\r\n\f\v]', '')):lower()]
      if near ~= nil then fail('unknownCommand', { action = a, command = near }) end
      return nil
    end
    local S = rt.S
    if a == 'Status' then
      local doc = R.snapshot(S)
      doc.meta = rt.def.meta
      R.send(msg.From, { { name = 'Action', value = 'Status-Response' },
        { name = 'X-Reference', value = tostring(msg.Reference or '') } }, J.encode(doc))
      return 'handled'
    end
    if msg.From ~= S.owner then fail('ownerOnly', { action = a }) end
    if a == 'Pause' then
      S.paused = true
      return { type = 'owner.pause', f = {} }
    elseif a == 'Halt' then
      S.halted = true
      return { type = 'owner.halt', f = {} }
    elseif a == 'Resume' then
      -- lifts both Pause and Halt
      S.paused = false
      S.halted = false
      return { type = 'owner.resume', f = {} }
    elseif a == 'Liquidate' then
      return { type = 'owner.liquidate', f = {} }
    elseif a == 'Sync' then
      -- the owner's Sync replaces one in flight (its late answer no longer matches)
      local name = token_name(rt, msg.Token)
      S.syncs[name] = nil
      R.start_sync(rt, name)
      return 'handled'
    elseif a == 'Transfer-Ownership' then
      local to = msg['New-Owner']
      if not is_id(to) then fail('badNewOwner') end
      local unreachable = to == ao.id
      for k, spec in pairs(rt.def.paramSpec) do
        if spec.kind == 'processId' and S.params[k] == to then unreachable = true end
      end
      -- a list item's process (an asset's token or pool) is as unreachable
      for k, spec in pairs(rt.def.listParams or {}) do
        for _, item in ipairs(S.params[k]) do
          for f, fk in pairs(spec.fields) do
            if fk.kind == 'processId' and item[f] == to then unreachable = true end
          end
        end
      end
      -- a token held in a list param (listTokens) cannot own the agent either
      if R.token_param(rt.def, to) ~= nil then unreachable = true end
      if unreachable then fail('unreachableOwner') end
      S.owner = to
      -- aos's own Owner (who may Eval) moves too, or the old owner could still rewrite the agent
      if not S.immutable then Owner = to end
      return { type = 'owner.transfer-ownership', f = { owner = to } }
    elseif a == 'Update-Params' then
      -- with Content-Type application/json aos has already decoded Data into a table (JSON nulls vanish there)
      local ok, patch = true, msg.Data
      if type(patch) ~= 'table' then
        if type(patch) == 'string' and patch:match('[:,%[][ \t\r\n]*null[ \t\r\n]*[,}%]]') then fail('nullParam') end
        ok, patch = pcall(json.decode, msg.Data or '')
      end
      if not ok or type(patch) ~= 'table' or patch[1] ~= nil then fail('badPatch') end
      local keys = {}
      for k in pairs(patch) do
        if type(k) ~= 'string' then fail('badPatch') end
        keys[#keys + 1] = k
      end
      if #keys == 0 then fail('emptyPatch') end
      table.sort(keys)
      local next_params = R.copy(S.params)
      local lists = rt.def.listParams or {}
      for _, k in ipairs(keys) do
        if lists[k] then next_params[k] = check_list(lists[k], k, patch[k])
        else next_params[k] = check_param(rt.def.paramSpec[k], k, patch[k]) end
      end
      for _, name in ipairs(rt.def.tokens) do
        if next_params[name] ~= S.params[name] then fail('tokenParamFixed', { key = name }) end
      end
      -- a process an order in flight was sent to (or will be answered by) must not change under it
      local busy = order_in_flight(S)
      if busy ~= nil then
        for _, k in ipairs(keys) do
          if identity_changed(rt.def.paramSpec[k] or lists[k], S.params[k], next_params[k]) then
            fail('paramInFlight', { key = k, order = busy })
          end
        end
      end
      S.params = next_params
      S.paramsRev = Q.add(S.paramsRev, Q.new('1'))
      return { type = 'owner.update-params', f = {} }
    elseif a == 'Withdraw' then
      local name = token_name(rt, msg.Token)
      local bal = S.balances[name]
      local q = bal
      if msg.Quantity ~= nil then q = Q.amount(msg.Quantity, 'Quantity') end
      if q <= Q.new('0') then fail('nothingToWithdraw') end
      if q > bal then fail('withdrawTooMuch') end
      local tokenId = R.pay_owner(rt, name, q)
      return { type = 'owner.withdraw', f = { token = tokenId, quantity = q } }
    end
  end,
}
