-- Reference Botega-compatible factory (written for afk from dex-protocols.md §2.1): a registry of pools that answers
-- `Get-Pool` and relays pool results (`Order-Confirmation`, `Order-Error`, `Provide-Confirmation`, `Provide-Error`)
-- to `Relay-To`, adding `Relayed-From = <pool>`. Pools are registered by the owner with `Register-Pool`.
--#include lib/tags.lua

Pools = Pools or {}        -- pool id -> { tokenA, tokenB, feeBps }
PoolOrder = PoolOrder or {} -- registration order, for deterministic lookups

local RELAYED = { ['Order-Confirmation'] = true, ['Order-Error'] = true, ['Provide-Confirmation'] = true, ['Provide-Error'] = true }
-- Bookkeeping tags the MU/aos add; everything else is relayed as the pool wrote it.
local NOT_RELAYED = { ['Data-Protocol'] = true, ['Variant'] = true, ['Type'] = true, ['Reference'] = true, ['From-Process'] = true,
  ['From-Module'] = true, ['Pushed-For'] = true, ['Relayed-From'] = true }

Handlers.add('Register-Pool', 'Register-Pool', function(msg)
  if msg.From ~= Owner then error('Register-Pool: only the factory owner may register pools (From ' .. msg.From .. ')', 0) end
  local pool, a, b = msg['Pool-Id'], msg['Token-A'], msg['Token-B']
  for _, nv in ipairs({ { 'Pool-Id', pool }, { 'Token-A', a }, { 'Token-B', b } }) do
    if not Tags.isAddress(nv[2]) then error('Register-Pool: tag ' .. nv[1] .. ' must be a process id, got ' .. tostring(nv[2]), 0) end
  end
  local fee = math.tointeger(tonumber(msg['Fee-Bps'] or '25'))
  if fee == nil or fee < 0 or fee >= 10000 then error('Register-Pool: tag Fee-Bps must be an integer below 10000', 0) end
  if Pools[pool] == nil then table.insert(PoolOrder, pool) end
  Pools[pool] = { tokenA = a, tokenB = b, feeBps = fee }
  msg.reply({ Tags = Tags.list('Action', 'Register-Pool-Response', 'Pool-Id', pool, 'Token-A', a, 'Token-B', b, 'Fee-Bps', tostring(fee)) })
end)

Handlers.add('Get-Pool', 'Get-Pool', function(msg)
  local a, b = msg['Token-A'], msg['Token-B']
  local fee = msg['Fee-Bps'] and math.tointeger(tonumber(msg['Fee-Bps']))
  local found
  for _, id in ipairs(PoolOrder) do
    local p = Pools[id]
    local same = (p.tokenA == a and p.tokenB == b) or (p.tokenA == b and p.tokenB == a)
    if same and (fee == nil or p.feeBps == fee) then found = id break end
  end
  msg.reply({ Tags = Tags.list('Action', 'Get-Pool-Response', 'Pool-Id', found, 'Pending', 'false', 'Token-A', a, 'Token-B', b) })
end)

Handlers.add('Get-Pools', 'Get-Pools', function(msg)
  local parts = {}
  for _, id in ipairs(PoolOrder) do
    table.insert(parts, string.format('%q:[%q,%q]', id, Pools[id].tokenA, Pools[id].tokenB))
  end
  msg.reply({ Data = '{' .. table.concat(parts, ',') .. '}', Tags = Tags.list('Action', 'Get-Pools-Response') })
end)

Handlers.add('Relay', function(msg) return RELAYED[msg.Action] == true and msg['Relay-To'] ~= nil end, function(msg)
  if Pools[msg.From] == nil then
    error(msg.Action .. ' with Relay-To from ' .. msg.From .. ', which is not a registered pool', 0)
  end
  local tags = {}
  for _, t in ipairs(msg.TagArray) do
    if not NOT_RELAYED[t.name] then table.insert(tags, { name = t.name, value = t.value }) end
  end
  table.insert(tags, { name = 'Relayed-From', value = msg.From })
  ao.send({ Target = msg['Relay-To'], Data = msg.Data, Tags = tags })
end)
