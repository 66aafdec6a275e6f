-- Reference AO token (written for afk from the token protocol description; not the aos blueprint).
-- Parameters come from spawn tags: Name, Ticker, Denomination (default 12), Logo. Seed balances with owner `Mint`.
-- Balances are integer strings; arithmetic is bint(256) and refuses overflow instead of wrapping.
--#include lib/amount.lua
--#include lib/tags.lua

TokenName = TokenName or Tags.processTag('Name', 'Token')
Ticker = Ticker or Tags.processTag('Ticker', 'TKN')
Denomination = Denomination or Tags.processTag('Denomination', '12')
Logo = Logo or Tags.processTag('Logo', '')
Balances = Balances or {}
TotalSupply = TotalSupply or '0'

assert(Denomination:match('^%d+$'), 'Denomination process tag must be an integer, got ' .. Denomination)

local function balanceOf(account) return Amount.parse(Balances[account] or '0', 'balance') end

local function isMinter(msg) return msg.From == Owner or msg.From == ao.id end

Handlers.add('Info', 'Info', function(msg)
  msg.reply({ Tags = Tags.list('Action', 'Info-Response', 'Name', TokenName, 'Ticker', Ticker, 'Logo', Logo,
    'Denomination', Denomination, 'Supply', TotalSupply) })
end)

Handlers.add('Balance', 'Balance', function(msg)
  local account = msg.Recipient or msg.Tags.Target or msg.From
  local bal = Balances[account] or '0'
  msg.reply({ Data = bal, Tags = Tags.list('Action', 'Balance-Response', 'Balance', bal, 'Ticker', Ticker, 'Account', account) })
end)

Handlers.add('Balances', 'Balances', function(msg)
  -- Keys sorted so the JSON text is deterministic.
  local keys = {}
  for k in pairs(Balances) do table.insert(keys, k) end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do table.insert(parts, string.format('%q:%q', k, Balances[k])) end
  msg.reply({ Data = '{' .. table.concat(parts, ',') .. '}', Tags = Tags.list('Action', 'Balances-Response') })
end)

Handlers.add('Total-Supply', 'Total-Supply', function(msg)
  msg.reply({ Data = TotalSupply, Tags = Tags.list('Action', 'Total-Supply', 'Ticker', Ticker) })
end)

Handlers.add('Transfer', 'Transfer', function(msg)
  local recipient = msg.Recipient or msg.Tags.Target
  if not Tags.isAddress(recipient) then
    error('Transfer: tag Recipient must be a 43-character process/wallet id, got ' .. tostring(recipient), 0)
  end
  local qty = Amount.parse(msg.Quantity, 'Transfer: tag Quantity')
  if not Amount.isPositive(qty) then error('Transfer: tag Quantity must be greater than 0', 0) end
  local from = balanceOf(msg.From)
  if from < qty then
    msg.reply({ Tags = Tags.append(Tags.list('Action', 'Transfer-Error', 'Message-Id', msg.Id, 'Error', 'Insufficient Balance!'),
      Tags.forwardX(msg, Tags.REPLY_SKIP)) })
    return
  end
  if recipient ~= msg.From then
    local to = Amount.add(balanceOf(recipient), qty)
    Balances[msg.From] = tostring(from - qty)
    Balances[recipient] = tostring(to)
  end
  if msg.Cast then return end
  local q = tostring(qty)
  msg.reply({ Data = 'You transferred ' .. q .. ' to ' .. recipient,
    Tags = Tags.append(Tags.list('Action', 'Debit-Notice', 'Recipient', recipient, 'Quantity', q), Tags.forwardX(msg, Tags.REPLY_SKIP)) })
  ao.send({ Target = recipient, Data = 'You received ' .. q .. ' from ' .. msg.From,
    Tags = Tags.append(Tags.list('Action', 'Credit-Notice', 'Sender', msg.From, 'Quantity', q), Tags.forwardX(msg)) })
end)

Handlers.add('Mint', 'Mint', function(msg)
  if not isMinter(msg) then
    msg.reply({ Tags = Tags.list('Action', 'Mint-Error', 'Message-Id', msg.Id, 'Error', 'Only the process owner can mint') })
    return
  end
  local qty = Amount.parse(msg.Quantity, 'Mint: tag Quantity')
  if not Amount.isPositive(qty) then error('Mint: tag Quantity must be greater than 0', 0) end
  local recipient = msg.Recipient or msg.From
  if not Tags.isAddress(recipient) then error('Mint: tag Recipient must be a 43-character process/wallet id, got ' .. tostring(recipient), 0) end
  local supply = Amount.add(Amount.parse(TotalSupply, 'TotalSupply'), qty)
  Balances[recipient] = tostring(Amount.add(balanceOf(recipient), qty))
  TotalSupply = tostring(supply)
  msg.reply({ Data = 'Minted ' .. tostring(qty) .. ' to ' .. recipient,
    Tags = Tags.list('Action', 'Mint-Response', 'Recipient', recipient, 'Quantity', tostring(qty)) })
end)
