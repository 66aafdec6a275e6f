-- Reference Botega-compatible AMM pool (written for afk from the protocol notes, dex-protocols.md §2.1).
-- Process tags: Token-A, Token-B, Fee-Bps (LP fee, default 25), Protocol-Fee-Bps (default 0), Fee-Collector,
-- AMM-Factory (relays Order-/Provide- results), Name. The pool is also its LP token (Denomination 12).
--#include lib/amount.lua
--#include lib/tags.lua
--#include lib/botega_math.lua

TokenA = TokenA or Tags.processTag('Token-A')
TokenB = TokenB or Tags.processTag('Token-B')
LpFeeBps = LpFeeBps or math.tointeger(tonumber(Tags.processTag('Fee-Bps', '25')))
ProtocolFeeBps = ProtocolFeeBps or math.tointeger(tonumber(Tags.processTag('Protocol-Fee-Bps', '0')))
FeeCollector = FeeCollector or Tags.processTag('Fee-Collector')
Factory = Factory or Tags.processTag('AMM-Factory')
PoolName = PoolName or Tags.processTag('Name', 'Botega LP')
Reserves = Reserves or { [TokenA] = '0', [TokenB] = '0' }
Balances = Balances or {}
TotalSupply = TotalSupply or '0'
PendingProvides = PendingProvides or {}
ProtocolFeesAccrued = ProtocolFeesAccrued or { [TokenA] = '0', [TokenB] = '0' }

assert(Tags.isAddress(TokenA) and Tags.isAddress(TokenB), 'botega_pool: process tags Token-A and Token-B must be process ids')
assert(TokenA ~= TokenB, 'botega_pool: Token-A and Token-B must differ')
assert(LpFeeBps and ProtocolFeeBps and LpFeeBps >= 0 and ProtocolFeeBps >= 0 and LpFeeBps + ProtocolFeeBps < 10000,
  'botega_pool: Fee-Bps and Protocol-Fee-Bps must be integers with a sum below 10000')

local RESERVED = {}
for _, n in ipairs({ 'X-Action', 'X-Slippage-Tolerance', 'X-Expected-Min-Output', 'X-Token-A', 'X-Token-B', 'X-Reserves-Token-A',
  'X-Reserves-Token-B', 'X-Swap-Timestamp', 'X-Fee-Bps', 'X-Error', 'X-Refund-Reason', 'X-Refunded-Transfer', 'X-Refunded-Order',
  'X-Refunded-Provide' }) do RESERVED[n] = true end

local function res(token) return Amount.parse(Reserves[token], 'reserve') end
local function other(token) if token == TokenA then return TokenB end return TokenA end
local function inPair(token) return token == TokenA or token == TokenB end
local function ts(msg) return string.format('%d', math.floor(tonumber(msg.Timestamp))) end

-- Sends a result notice to the factory for relaying (or straight to the user without a factory).
local function notify(user, tags, fwd)
  if Factory then
    table.insert(tags, 2, { name = 'Relay-To', value = user })
    ao.send({ Target = Factory, Tags = Tags.append(tags, fwd) })
  else
    ao.send({ Target = user, Tags = Tags.append(tags, fwd) })
  end
end

local function transfer(token, recipient, qty, tags)
  ao.send({ Target = token, Tags = Tags.append(Tags.list('Action', 'Transfer', 'Recipient', recipient, 'Quantity', tostring(qty)), tags) })
end

-- Swap --------------------------------------------------------------------------------------------------------------

local function swap(msg, tokenIn, sender, qty, fwd)
  if msg['X-Expected-Output'] ~= nil then error('X-Expected-Output is disabled, use X-Expected-Min-Output instead', 0) end
  if msg['X-Expected-Min-Output'] == nil then error('X-Expected-Min-Output is not present', 0) end
  local minOut = Amount.tryParse(msg['X-Expected-Min-Output'])
  if minOut == nil or not Amount.isPositive(minOut) then error('Invalid expected min output', 0) end
  local tokenOut = other(tokenIn)
  local r = BotegaMath.swap(res(tokenIn), res(tokenOut), qty, LpFeeBps, ProtocolFeeBps)
  if r.amountOut < minOut then error('Could not swap with expected min output', 0) end
  -- Everything that can fail is computed before the first state change, so a refund leaves the pool untouched.
  local accrued
  if Amount.isPositive(r.protocolFee) and not FeeCollector then
    accrued = tostring(Amount.add(Amount.parse(ProtocolFeesAccrued[tokenIn], 'fees'), r.protocolFee))
  end
  Reserves[tokenIn] = tostring(r.newIn)
  Reserves[tokenOut] = tostring(r.newOut)
  local ra, rb = Reserves[TokenA], Reserves[TokenB]
  transfer(tokenOut, sender, r.amountOut, Tags.append(Tags.list('X-Action', 'Swap-Output', 'X-Reserves-Token-A', ra,
    'X-Reserves-Token-B', rb, 'X-Fee-Bps', tostring(LpFeeBps + ProtocolFeeBps), 'X-Token-A', TokenA, 'X-Token-B', TokenB,
    'X-Swap-Timestamp', ts(msg)), fwd))
  if Amount.isPositive(r.protocolFee) then
    if FeeCollector then
      transfer(tokenIn, FeeCollector, r.protocolFee, Tags.list('X-Action', 'Protocol-Fee', 'X-Refunded-Order', msg.Id))
    else
      ProtocolFeesAccrued[tokenIn] = accrued
    end
  end
  notify(sender, Tags.list('Action', 'Order-Confirmation', 'Order-Id', msg.Id, 'From-Token', tokenIn, 'From-Quantity', tostring(qty),
    'To-Token', tokenOut, 'To-Quantity', tostring(r.amountOut), 'Reserves-Token-A', ra, 'Reserves-Token-B', rb, 'Token-A', TokenA,
    'Token-B', TokenB, 'Fee-Percentage', BotegaMath.bpsToPercent(LpFeeBps + ProtocolFeeBps), 'Total-Fee', tostring(r.totalFee),
    'LP-Fee', tostring(r.lpFee), 'Protocol-Fee', tostring(r.protocolFee), 'User', sender, 'Trigger-Timestamp', ts(msg)), fwd)
end

local function refundSwap(msg, tokenIn, sender, qty, fwd, reason)
  transfer(tokenIn, sender, qty, Tags.append(Tags.list('X-Refund-Reason', reason, 'X-Refunded-Transfer', msg['Pushed-For'],
    'X-Refunded-Order', msg.Id), fwd))
  notify(sender, Tags.list('Action', 'Order-Error', 'Response-For', 'Swap', 'Order-Id', msg.Id, 'Result', reason, 'From-Token', tokenIn,
    'From-Quantity', tostring(qty), 'To-Token', other(tokenIn), 'To-Quantity', msg['X-Expected-Min-Output'] or '0', 'User', sender), fwd)
end

-- Provide -----------------------------------------------------------------------------------------------------------

local function provideAmounts(a, b)
  local bint = Amount.bint
  local supply = Amount.parse(TotalSupply, 'TotalSupply')
  local ra, rb = res(TokenA), res(TokenB)
  if bint.iszero(supply) or bint.iszero(ra) or bint.iszero(rb) then
    return a, b, Amount.isqrt(Amount.mul(a, b))
  end
  local useA, useB = a, Amount.mul(a, rb) // ra
  if useB > b then useA, useB = Amount.mul(b, ra) // rb, b end
  local lpA, lpB = Amount.mul(useA, supply) // ra, Amount.mul(useB, supply) // rb
  if lpB < lpA then lpA = lpB end
  return useA, useB, lpA
end

local function provide(msg, token, sender, qty, fwd)
  local pending = PendingProvides[sender]
  if pending == nil then
    PendingProvides[sender] = { token = token, quantity = tostring(qty), id = msg.Id }
    return
  end
  if pending.token == token then
    transfer(token, sender, qty, Tags.append(Tags.list('X-Action', 'Provide-Error', 'X-Error', 'A provide of this token is already pending',
      'X-Refunded-Provide', msg.Id), fwd))
    return
  end
  PendingProvides[sender] = nil
  local legs = { [token] = qty, [pending.token] = Amount.parse(pending.quantity, 'pending quantity') }
  local a, b = legs[TokenA], legs[TokenB]
  local ok, useA, useB, lp = pcall(function()
    local ua, ub, l = provideAmounts(a, b)
    if not Amount.isPositive(l) then error('Provided quantities are too small to mint pool tokens', 0) end
    local newA, newB = Amount.add(res(TokenA), ua), Amount.add(res(TokenB), ub)
    local newSupply = Amount.add(Amount.parse(TotalSupply, 'TotalSupply'), l)
    local newBal = Amount.add(Amount.parse(Balances[sender] or '0', 'balance'), l)
    Reserves[TokenA], Reserves[TokenB] = tostring(newA), tostring(newB)
    TotalSupply, Balances[sender] = tostring(newSupply), tostring(newBal)
    return ua, ub, l
  end)
  if not ok then
    local reason = tostring(useA)
    for _, t in ipairs({ TokenA, TokenB }) do
      transfer(t, sender, legs[t], Tags.append(Tags.list('X-Action', 'Provide-Error', 'X-Error', reason, 'X-Refunded-Provide', pending.id), fwd))
    end
    notify(sender, Tags.list('Action', 'Provide-Error', 'Provide-Id', pending.id, 'Result', reason, 'User', sender), fwd)
    return
  end
  if a > useA then transfer(TokenA, sender, a - useA, Tags.append(Tags.list('X-Action', 'Provide-Refund', 'X-Refunded-Provide', pending.id), fwd)) end
  if b > useB then transfer(TokenB, sender, b - useB, Tags.append(Tags.list('X-Action', 'Provide-Refund', 'X-Refunded-Provide', pending.id), fwd)) end
  ao.send({ Target = sender, Tags = Tags.append(Tags.list('Action', 'Credit-Notice', 'Sender', ao.id, 'Quantity', tostring(lp),
    'X-Action', 'Provide-Output', 'X-Refunded-Provide', pending.id), fwd) })
  notify(sender, Tags.list('Action', 'Provide-Confirmation', 'Provide-Id', pending.id, 'Received-Pool-Tokens', tostring(lp), 'Token-A', TokenA,
    'Token-B', TokenB, 'Token-A-Quantity', tostring(useA), 'Token-B-Quantity', tostring(useB), 'User', sender), fwd)
end

-- Incoming tokens ---------------------------------------------------------------------------------------------------

Handlers.add('Credit-Notice', 'Credit-Notice', function(msg)
  local token = msg.From
  local sender = msg.Sender
  if not Tags.isAddress(sender) then error('Credit-Notice from ' .. token .. ': tag Sender must be a process/wallet id', 0) end
  local qty = Amount.parse(msg.Quantity, 'Credit-Notice from ' .. token .. ': tag Quantity')
  local fwd = Tags.forwardX(msg, RESERVED)
  local action = msg['X-Action']
  if not inPair(token) or (action ~= 'Swap' and action ~= 'Provide') then
    local err = inPair(token) and 'Invalid forwarded action' or 'Token is not in pair'
    transfer(token, sender, qty, Tags.append(Tags.list('X-Action', action and (action .. '-Error') or 'Credit-Notice-Error', 'X-Error', err,
      'X-Refunded-Order', msg.Id), fwd))
    return
  end
  if action == 'Provide' then return provide(msg, token, sender, qty, fwd) end
  local ok, err = pcall(swap, msg, token, sender, qty, fwd)
  if not ok then
    refundSwap(msg, token, sender, qty, fwd, tostring(err))
  end
end)

-- Burn --------------------------------------------------------------------------------------------------------------

Handlers.add('Burn', 'Burn', function(msg)
  local qty = Amount.parse(msg.Quantity, 'Burn: tag Quantity')
  if not Amount.isPositive(qty) then error('Burn: tag Quantity must be greater than 0', 0) end
  local bal = Amount.parse(Balances[msg.From] or '0', 'balance')
  local supply = Amount.parse(TotalSupply, 'TotalSupply')
  local err
  local a, b = Amount.ZERO, Amount.ZERO
  if bal < qty then err = 'Insufficient pool token balance'
  else
    a, b = Amount.mul(qty, res(TokenA)) // supply, Amount.mul(qty, res(TokenB)) // supply
    if not Amount.isPositive(a) or not Amount.isPositive(b) then err = 'Burn quantity is too small to withdraw both tokens' end
  end
  if err then
    msg.reply({ Tags = Tags.list('Action', 'Burn-Error', 'Error', err, 'Quantity', tostring(qty)) })
    return
  end
  Balances[msg.From] = tostring(bal - qty)
  TotalSupply = tostring(supply - qty)
  Reserves[TokenA] = tostring(res(TokenA) - a)
  Reserves[TokenB] = tostring(res(TokenB) - b)
  transfer(TokenA, msg.From, a, Tags.list('X-Action', 'Burn-LP-Output'))
  transfer(TokenB, msg.From, b, Tags.list('X-Action', 'Burn-LP-Output'))
  msg.reply({ Tags = Tags.list('Action', 'Burn-Confirmation', 'Burned-Pool-Tokens', tostring(qty), 'Token-A', TokenA, 'Token-B', TokenB,
    'Token-A-Quantity', tostring(a), 'Token-B-Quantity', tostring(b)) })
end)

-- Queries -----------------------------------------------------------------------------------------------------------

-- FeeBps is LP and protocol fee together, as the real pool reports it (dex-protocols.md §2.1.5b; it writes `25.0`)
Handlers.add('Info', 'Info', function(msg)
  msg.reply({ Tags = Tags.list('Action', 'Info-Response', 'Name', PoolName, 'Ticker', 'BOTG-LP', 'Denomination', '12', 'TotalSupply', TotalSupply,
    'Type', 'AMM', 'TokenA', TokenA, 'TokenB', TokenB, 'FeeBps', tostring(LpFeeBps + ProtocolFeeBps), 'Protocol-Fee-Bps', tostring(ProtocolFeeBps)) })
end)

Handlers.add('Get-Pair', 'Get-Pair', function(msg)
  msg.reply({ Tags = Tags.list('Action', 'Get-Pair-Response', 'Token-A', TokenA, 'Token-B', TokenB) })
end)

Handlers.add('Get-Reserves', 'Get-Reserves', function(msg)
  msg.reply({ Tags = Tags.list('Action', 'Get-Reserves-Response', TokenA, Reserves[TokenA], TokenB, Reserves[TokenB]) })
end)

Handlers.add('Get-K', 'Get-K', function(msg)
  msg.reply({ Tags = Tags.list('Action', 'Get-K-Response', 'K', tostring(Amount.mul(res(TokenA), res(TokenB)))) })
end)

Handlers.add('Get-Price', 'Get-Price', function(msg)
  local qty = Amount.parse(msg.Quantity or '1', 'Get-Price: tag Quantity')
  local price = '0'
  if inPair(msg.Token) and Amount.isPositive(qty) then
    local ok, r = pcall(BotegaMath.swap, res(msg.Token), res(other(msg.Token)), qty, 0, 0)
    if ok then price = tostring(r.amountOut) end
  end
  msg.reply({ Tags = Tags.list('Action', 'Get-Price-Response', 'Price', price) })
end)

-- As the real pool (dex-protocols.md §2.1.5b): a token not in the pair is answered with ao.send (so no X-Reference,
-- and Reply-To is not honoured); a malformed request raises, so there is no reply at all; a pool that cannot pay
-- anything out quotes Output = 0.
Handlers.add('Get-Swap-Output', 'Get-Swap-Output', function(msg)
  if not inPair(msg.Token) then
    ao.send({ Target = msg.From, Tags = Tags.list('Action', 'Get-Swap-Output-Error', 'Error', 'Unknown token', 'Status', 'Error') })
    return
  end
  if not Tags.isAddress(msg.Swapper) then error('Swapper is required', 0) end
  local qty = Amount.parse(msg.Quantity, 'Quantity')
  if not Amount.isPositive(qty) then error('Quantity must be greater than 0', 0) end
  local r = BotegaMath.quote(res(msg.Token), res(other(msg.Token)), qty, LpFeeBps, ProtocolFeeBps)
  msg.reply({ Tags = Tags.list('Action', 'Get-Swap-Output-Response', 'Output', tostring(r.amountOut), 'Quantity-After-Fees', tostring(r.adjusted),
    'LP-Fee-Quantity', tostring(r.lpFee), 'Protocol-Fee-Quantity', tostring(r.protocolFee), 'Has-Fee-Discount', 'false') })
end)

Handlers.add('Get-Fee-Percentage', 'Get-Fee-Percentage', function(msg)
  msg.reply({ Tags = Tags.list('Action', 'Get-Fee-Percentage-Response', 'LP-Fee-Percentage', BotegaMath.bpsToPercent(LpFeeBps),
    'Protocol-Fee-Percentage', BotegaMath.bpsToPercent(ProtocolFeeBps), 'Fee-Percentage', BotegaMath.bpsToPercent(LpFeeBps + ProtocolFeeBps)) })
end)

Handlers.add('Balance', 'Balance', function(msg)
  local account = msg.Recipient or msg.Tags.Target or msg.From
  local bal = Balances[account] or '0'
  msg.reply({ Data = bal, Tags = Tags.list('Action', 'Balance-Response', 'Balance', bal, 'Ticker', 'BOTG-LP', 'Account', account) })
end)

Handlers.add('Total-Supply', 'Total-Supply', function(msg)
  msg.reply({ Data = TotalSupply, Tags = Tags.list('Action', 'Total-Supply', 'Ticker', 'BOTG-LP') })
end)
