-- Owner commands (Status is public). Each changes runtime state, then becomes an `owner.*` machine event.
local R = require('afk.runtime')
local Q = require('afk.q')
local J = require('afk.json')
local json = require('json')

local COMMANDS = { Status = true, Pause = true, Resume = true, Withdraw = true, ['Update-Params'] = true,
  ['Transfer-Ownership'] = true, Liquidate = true }

local ID = '^[A-Za-z0-9_%-]+$'
local function is_id(s) return type(s) == 'string' and #s == 43 and s:match(ID) ~= nil end

local function check_param(spec, key, v)
  if spec == nil then Q.fail('INVALID_PARAMS', 'unknown param ' .. key) end
  if type(v) ~= 'string' then Q.fail('INVALID_PARAMS', 'param ' .. key .. ' must be a JSON string') end
  if spec.kind == 'int' then
    local ok, n = pcall(Q.parse, v, key)
    if not ok then Q.fail('INVALID_PARAMS', 'param ' .. key .. ' must be an integer string') end
    if (spec.min and n < Q.new(spec.min)) or (spec.max and n > Q.new(spec.max)) then
      Q.fail('INVALID_PARAMS', 'param ' .. key .. ' is out of range')
    end
    return n
  elseif spec.kind == 'processId' then
    if not is_id(v) then Q.fail('INVALID_PARAMS', 'param ' .. key .. ' must be a process id') end
    return v
  elseif spec.kind == 'bool' then
    if v ~= 'true' and v ~= 'false' then Q.fail('INVALID_PARAMS', 'param ' .. key .. ' must be "true" or "false"') end
    return v == 'true'
  end
  return v
end

return {
  name = 'command',
  match = function(rt, msg)
    local a = msg.Action
    if not COMMANDS[a] then return nil end
    local S = rt.S
    if a == 'Status' then
      local doc = R.snapshot(S)
      doc.meta = rt.def.meta
      R.send(msg.From, { { name = 'Action', value = 'Status-Response' },
        { name = 'X-Reference', value = tostring(msg.Reference or '') } }, J.encode(doc))
      return 'handled'
    end
    if msg.From ~= S.owner then Q.fail('UNAUTHORIZED', a .. ' is owner-only') end
    if a == 'Pause' then
      S.paused = true
      return { type = 'owner.pause', f = {} }
    elseif a == 'Resume' then
      S.paused = false
      return { type = 'owner.resume', f = {} }
    elseif a == 'Liquidate' then
      return { type = 'owner.liquidate', f = {} }
    elseif a == 'Transfer-Ownership' then
      local to = msg['New-Owner']
      if not is_id(to) then Q.fail('INVALID_COMMAND', 'New-Owner must be a process or wallet id') end
      S.owner = to
      -- aos's own Owner (who may Eval) moves too, or the old owner could still rewrite the agent
      Owner = to
      return { type = 'owner.transfer-ownership', f = { owner = to } }
    elseif a == 'Update-Params' then
      -- with Content-Type application/json aos has already decoded Data into a table
      local ok, patch = true, msg.Data
      if type(patch) ~= 'table' then ok, patch = pcall(json.decode, msg.Data or '') end
      if not ok or type(patch) ~= 'table' or patch[1] ~= nil then
        Q.fail('INVALID_PARAMS', 'Data must be a JSON object of params')
      end
      local keys = {}
      for k in pairs(patch) do
        if type(k) ~= 'string' then Q.fail('INVALID_PARAMS', 'Data must be a JSON object of params') end
        keys[#keys + 1] = k
      end
      table.sort(keys)
      local next_params = R.copy(S.params)
      for _, k in ipairs(keys) do next_params[k] = check_param(rt.def.paramSpec[k], k, patch[k]) end
      for _, name in ipairs(rt.def.tokens) do
        if next_params[name] ~= S.params[name] then Q.fail('INVALID_PARAMS', 'token param ' .. name .. ' cannot change') end
      end
      S.params = next_params
      return { type = 'owner.update-params', f = {} }
    elseif a == 'Withdraw' then
      local token = msg.Token
      local name = rt.def.paramSpec[token] and token or R.token_param(rt.def, token)
      if name == nil or S.balances[name] == nil then Q.fail('UNKNOWN_TOKEN', 'unknown token ' .. tostring(token)) end
      local bal = S.balances[name]
      local q = bal
      if msg.Quantity ~= nil then q = Q.amount(msg.Quantity, 'Quantity') end
      if q <= Q.new('0') then Q.fail('INVALID_QUANTITY', 'nothing to withdraw') end
      if q > bal then Q.fail('INSUFFICIENT_FUNDS', 'withdraw exceeds the available balance') end
      S.balances[name] = Q.sub(bal, q)
      local id = R.next_order_id(S)
      local tokenId = S.params[name]
      local ref = R.send(tokenId, {
        { name = 'Action', value = 'Transfer' }, { name = 'Recipient', value = S.owner },
        { name = 'Quantity', value = tostring(q) }, { name = 'X-Afk-Order', value = id } }, '')
      S.orders[id] = { id = id, kind = 'withdraw', target = tokenId, tokenParam = name, amount = tostring(q),
        recipient = S.owner, sentAt = tostring(rt.now), ref = ref }
      return { type = 'owner.withdraw', f = { token = tokenId, quantity = q } }
    end
  end,
}
