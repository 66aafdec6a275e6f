-- Reference Permaswap-compatible pool (written for afk from dex-protocols.md §2.3): quotes with `GetAmountOut`, issues
-- notes on `RequestOrder` (registered at the settle process, expiring `TimeoutPeriod` ms after issue, judged by
-- msg.Timestamp), and delivers the note's asset to the settle process on `Execute`.
-- Process tags: X, Y (token ids), Fee (bps, default 30), Settle, TimeoutPeriod (ms, default 90000), Name.
-- Liquidity: the owner transfers X or Y to the pool (no X-FFP-For) to fund reserves.
--#include lib/amount.lua
--#include lib/tags.lua
--#include lib/note_json.lua

TokenX = TokenX or Tags.processTag('X')
TokenY = TokenY or Tags.processTag('Y')
FeeBps = FeeBps or math.tointeger(tonumber(Tags.processTag('Fee', '30')))
Settle = Settle or Tags.processTag('Settle')
TimeoutPeriod = TimeoutPeriod or math.tointeger(tonumber(Tags.processTag('TimeoutPeriod', '90000')))
PoolName = PoolName or Tags.processTag('Name', 'Permaswap LP')
Reserves = Reserves or { [TokenX] = '0', [TokenY] = '0' }
Committed = Committed or { [TokenX] = '0', [TokenY] = '0' } -- promised to open notes, not yet delivered
Notes = Notes or {}
NoteOrder = NoteOrder or {}
Unclaimed = Unclaimed or {}

assert(Tags.isAddress(TokenX) and Tags.isAddress(TokenY) and TokenX ~= TokenY, 'permaswap_pool: process tags X and Y must be two process ids')
assert(Tags.isAddress(Settle), 'permaswap_pool: process tag Settle must be the settle process id')
assert(FeeBps and FeeBps >= 0 and FeeBps < 10000, 'permaswap_pool: Fee must be an integer bps below 10000')
assert(TimeoutPeriod and TimeoutPeriod > 0, 'permaswap_pool: TimeoutPeriod must be a positive integer (ms)')

local function amt(v) return Amount.parse(v, 'amount') end
local function other(t) if t == TokenX then return TokenY end return TokenX end
local function ts(msg) return math.tointeger(math.floor(tonumber(msg.Timestamp))) end

-- out = floor(in·(10000−fee)·R_out / (10000·R_in + in·(10000−fee))), against reserves not promised to open notes.
local function amountOut(tokenIn, amountIn)
  local bint = Amount.bint
  local rIn = amt(Reserves[tokenIn])
  local rOut = amt(Reserves[other(tokenIn)]) - amt(Committed[other(tokenIn)])
  if bint.iszero(rIn) or not Amount.isPositive(rOut) then return Amount.ZERO end
  local inFee = Amount.mul(amountIn, bint(10000 - FeeBps))
  return Amount.mul(inFee, rOut) // Amount.add(Amount.mul(rIn, bint(10000)), inFee)
end

-- Lets notes past their ExpireDate release the liquidity they held.
local function expireNotes(now)
  local keep = {}
  for _, id in ipairs(NoteOrder) do
    local n = Notes[id]
    if n.Status == 'Open' and now > n.ExpireDate then
      n.Status = 'Expired'
      Committed[n.AssetID] = tostring(amt(Committed[n.AssetID]) - amt(n.Amount))
    end
    if n.Status == 'Open' then table.insert(keep, id) end
  end
  NoteOrder = keep
end

local function fail(msg, err)
  msg.reply({ Tags = Tags.list('Response-For', msg.Action, 'Error', err) })
end

local function quote(msg)
  local tokenIn = msg.Tokenin
  if tokenIn ~= TokenX and tokenIn ~= TokenY then return nil, 'err_invalid_token_in' end
  local amountIn = Amount.tryParse(msg.Amountin)
  if amountIn == nil or not Amount.isPositive(amountIn) then return nil, 'err_invalid_amount_in' end
  local out = amountOut(tokenIn, amountIn)
  if not Amount.isPositive(out) then return nil, 'err_no_amount_out' end
  return { tokenIn = tokenIn, tokenOut = other(tokenIn), amountIn = amountIn, amountOut = out }
end

Handlers.add('Info', 'Info', function(msg)
  msg.reply({ Tags = Tags.list('Action', 'Info-Response', 'Name', PoolName, 'X', TokenX, 'Y', TokenY, 'Fee', tostring(FeeBps),
    'PX', Reserves[TokenX], 'PY', Reserves[TokenY], 'Settle', Settle, 'TimeoutPeriod', tostring(TimeoutPeriod)) })
end)

Handlers.add('GetAmountOut', 'GetAmountOut', function(msg)
  local q, err = quote(msg)
  if not q then return fail(msg, err) end
  msg.reply({ Tags = Tags.list('Action', 'GetAmountOut-Response', 'TokenIn', q.tokenIn, 'AmountIn', tostring(q.amountIn),
    'TokenOut', q.tokenOut, 'AmountOut', tostring(q.amountOut)) })
end)

Handlers.add('RequestOrder', 'RequestOrder', function(msg)
  local now = ts(msg)
  expireNotes(now)
  local q, err = quote(msg)
  if not q then return fail(msg, err) end
  if msg.Tokenout ~= nil and msg.Tokenout ~= q.tokenOut then return fail(msg, 'err_invalid_token_out') end
  if msg.Amountout ~= nil then
    local minOut = Amount.tryParse(msg.Amountout)
    if minOut == nil then return fail(msg, 'err_invalid_amount_out') end
    if q.amountOut < minOut then return fail(msg, 'err_amount_out_too_small') end
  end
  local note = { NoteID = msg.Id, Issuer = ao.id, Settle = Settle, AssetID = q.tokenOut, Amount = tostring(q.amountOut),
    HolderAssetID = q.tokenIn, HolderAmount = tostring(q.amountIn), Holder = msg.From, IssueDate = now,
    ExpireDate = now + TimeoutPeriod, Status = 'Open' }
  Notes[note.NoteID] = note
  table.insert(NoteOrder, note.NoteID)
  Committed[q.tokenOut] = tostring(Amount.add(amt(Committed[q.tokenOut]), q.amountOut))
  local data = NoteJson.encode(note)
  ao.send({ Target = Settle, Data = data, Tags = Tags.list('Action', 'Register-Note', 'NoteID', note.NoteID) })
  msg.reply({ Data = data, Tags = Tags.list('Action', 'OrderMade-Notice', 'NoteID', note.NoteID, 'NoteSettle', Settle,
    'NoteSettleVersion', 'afk-1', 'AssetID', note.AssetID, 'Amount', note.Amount, 'HolderAssetID', note.HolderAssetID,
    'HolderAmount', note.HolderAmount, 'ExpireDate', tostring(note.ExpireDate)) })
end)

Handlers.add('Execute', 'Execute', function(msg)
  if msg.From ~= Settle then error('Execute from ' .. msg.From .. ': only the settle process ' .. Settle .. ' may execute notes', 0) end
  local id = msg.Noteid
  local note = id and Notes[id]
  local now = ts(msg)
  expireNotes(now)
  local err
  if not note then err = 'err_note_not_found'
  elseif note.Status == 'Expired' then err = 'err_note_expired'
  elseif note.Status ~= 'Open' then err = 'err_note_not_open' end
  if err then
    ao.send({ Target = Settle, Tags = Tags.list('Action', 'Reject', 'NoteID', tostring(id), 'Error', err) })
    return
  end
  note.Status = 'Executed'
  local qty = amt(note.Amount)
  Committed[note.AssetID] = tostring(amt(Committed[note.AssetID]) - qty)
  Reserves[note.AssetID] = tostring(amt(Reserves[note.AssetID]) - qty)
  ao.send({ Target = note.AssetID, Tags = Tags.list('Action', 'Transfer', 'Recipient', Settle, 'Quantity', note.Amount,
    'X-FFP-For', 'Execute', 'X-FFP-SettleID', msg.Settleid, 'X-FFP-NoteID', id) })
end)

Handlers.add('Credit-Notice', 'Credit-Notice', function(msg)
  local token, sender = msg.From, msg.Sender
  local qty = Amount.parse(msg.Quantity, 'Credit-Notice from ' .. token .. ': tag Quantity')
  if not Tags.isAddress(sender) then error('Credit-Notice from ' .. token .. ': tag Sender must be a process/wallet id', 0) end
  local known = token == TokenX or token == TokenY
  local funding = known and sender == Owner and msg['X-Ffp-For'] == nil
  local settlement = known and sender == Settle and msg['X-Ffp-For'] == 'Execute'
  if funding or settlement then
    Reserves[token] = tostring(Amount.add(amt(Reserves[token]), qty))
    return
  end
  if msg['X-Ffp-For'] == 'Refund' then
    -- Never bounce a refund back (two processes would refund each other forever); keep it claimable by the owner.
    Unclaimed[token] = tostring(Amount.add(amt(Unclaimed[token] or '0'), qty))
    return
  end
  ao.send({ Target = token, Tags = Tags.list('Action', 'Transfer', 'Recipient', sender, 'Quantity', tostring(qty),
    'X-FFP-For', 'Refund', 'X-FFP-Error', 'err_unexpected_deposit') })
end)
