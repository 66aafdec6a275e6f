-- Reference signal process (written for afk): answers `Get-Signal` in the X-Reference request/reply style with an
-- integer signal in bps that its owner sets per asset. Deterministic and integer-only, for tests and the devnet.
-- Get-Signal always gets a reply (a value or `Get-Signal-Error`) unless the owner switched it silent
-- (`Set-Silent`, for timeout tests). Owner commands with bad input raise an error naming the tag (no reply).
--#include lib/tags.lua

Signals = Signals or {}      -- asset -> integer string (bps)
Silent = Silent or false

local DEFAULT_ASSET = 'default'
local MAX_ABS_BPS = 1000000 -- |signal| bound: 100x in bps, well inside Lua's exact integers

-- Asset names are a plain charset so they go into tags and JSON without escaping.
local function assetError(asset)
  if asset == nil then return nil end
  if #asset == 0 or #asset > 64 or not asset:match('^[%w%-_%.:/]+$') then
    return 'tag Asset must be 1-64 characters of A-Z a-z 0-9 - _ . : /'
  end
  return nil
end

local function parseBps(v)
  if type(v) ~= 'string' or not v:match('^%-?%d+$') or #v > 12 then return nil end
  local n = math.tointeger(tonumber(v))
  if n == nil or n > MAX_ABS_BPS or n < -MAX_ABS_BPS then return nil end
  return n
end

local function requireOwner(msg)
  if msg.From ~= Owner then error(msg.Action .. ': only the process owner may do this (From ' .. msg.From .. ')', 0) end
end

Handlers.add('Get-Signal', 'Get-Signal', function(msg)
  if Silent then return end
  local asset = msg.Asset or DEFAULT_ASSET
  local bad = assetError(msg.Asset)
  if bad == nil and Signals[asset] == nil then bad = 'Unknown asset ' .. asset end
  if bad ~= nil then
    msg.reply({ Data = bad, Tags = Tags.list('Action', 'Get-Signal-Error', 'Asset', msg.Asset, 'Error', bad) })
    return
  end
  local bps = Signals[asset]
  msg.reply({ Data = '{"Asset":"' .. asset .. '","Signal-Bps":' .. bps .. '}',
    Tags = Tags.list('Action', 'Get-Signal-Response', 'Asset', asset, 'Signal-Bps', bps) })
end)

Handlers.add('Set-Signal', 'Set-Signal', function(msg)
  requireOwner(msg)
  local bad = assetError(msg.Asset)
  if bad ~= nil then error('Set-Signal: ' .. bad, 0) end
  local n = parseBps(msg['Signal-Bps'])
  if n == nil then
    error('Set-Signal: tag Signal-Bps must be an integer between -' .. MAX_ABS_BPS .. ' and ' .. MAX_ABS_BPS ..
      ', got ' .. tostring(msg['Signal-Bps']), 0)
  end
  local asset = msg.Asset or DEFAULT_ASSET
  Signals[asset] = tostring(n)
  msg.reply({ Tags = Tags.list('Action', 'Set-Signal-Response', 'Asset', asset, 'Signal-Bps', Signals[asset]) })
end)

Handlers.add('Set-Silent', 'Set-Silent', function(msg)
  requireOwner(msg)
  local v = msg.Silent
  if v ~= 'true' and v ~= 'false' then error('Set-Silent: tag Silent must be "true" or "false", got ' .. tostring(v), 0) end
  Silent = v == 'true'
  msg.reply({ Tags = Tags.list('Action', 'Set-Silent-Response', 'Silent', v) })
end)
