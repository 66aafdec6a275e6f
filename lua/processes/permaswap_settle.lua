-- Reference Permaswap/FFP settle process (written for afk from dex-protocols.md §2.3). Pools register notes; a
-- holder pays a note by transferring the note's HolderAmount of HolderAssetID here with `X-FFP-For = Settle` and
-- `X-FFP-NoteIDs = ["<id>"]` before ExpireDate (msg.Timestamp). Settle asks the issuer to `Execute`; on delivery it
-- pays the holder (`X-FFP-For = Settled`) and forwards the holder's payment to the issuer. Any failure refunds the
-- holder with `X-FFP-For = Refund` and `X-FFP-Error`.
--#include lib/amount.lua
--#include lib/tags.lua

local json = require('json')
SettleNotes = SettleNotes or {}
Unclaimed = Unclaimed or {}

local function transfer(token, recipient, qty, tags)
  ao.send({ Target = token, Tags = Tags.append(Tags.list('Action', 'Transfer', 'Recipient', recipient, 'Quantity', qty), tags) })
end

local function refund(token, recipient, qty, noteId, err)
  transfer(token, recipient, qty, Tags.list('X-FFP-For', 'Refund', 'X-FFP-NoteID', noteId, 'X-FFP-Error', err))
end

Handlers.add('Register-Note', 'Register-Note', function(msg)
  local ok, note = pcall(json.decode, msg.Data)
  if not ok or type(note) ~= 'table' then error('Register-Note from ' .. msg.From .. ': Data must be the note JSON', 0) end
  if note.Issuer ~= msg.From then error('Register-Note from ' .. msg.From .. ': Issuer must be the sender', 0) end
  if type(note.NoteID) ~= 'string' or SettleNotes[note.NoteID] then error('Register-Note: NoteID missing or already registered', 0) end
  Amount.parse(note.Amount, 'note Amount')
  Amount.parse(note.HolderAmount, 'note HolderAmount')
  SettleNotes[note.NoteID] = { issuer = note.Issuer, asset = note.AssetID, amount = note.Amount, holderAsset = note.HolderAssetID,
    holderAmount = note.HolderAmount, holder = note.Holder, expire = math.tointeger(note.ExpireDate), status = 'Open' }
end)

local function settle(msg)
  local token, sender, qty = msg.From, msg.Sender, msg.Quantity
  local ok, ids = pcall(json.decode, msg['X-Ffp-Noteids'] or '')
  local id = ok and type(ids) == 'table' and #ids == 1 and type(ids[1]) == 'string' and ids[1] or nil
  local note = id and SettleNotes[id]
  local err
  if not note then err = 'err_note_not_found'
  elseif note.status ~= 'Open' then err = 'err_note_not_open'
  elseif math.tointeger(math.floor(tonumber(msg.Timestamp))) > note.expire then err = 'err_note_expired'
  elseif token ~= note.holderAsset then err = 'err_wrong_holder_asset'
  elseif qty ~= note.holderAmount then err = 'err_wrong_holder_amount'
  elseif note.holder and sender ~= note.holder then err = 'err_wrong_holder' end
  if err then
    if note and note.status == 'Open' and err == 'err_note_expired' then note.status = 'Expired' end
    return refund(token, sender, qty, id, err)
  end
  note.status = 'Executing'
  note.payer = sender
  ao.send({ Target = note.issuer, Tags = Tags.list('Action', 'Execute', 'NoteID', id, 'SettleID', msg.Id) })
end

local function delivered(msg)
  local id = msg['X-Ffp-Noteid']
  local note = id and SettleNotes[id]
  if not note or note.status ~= 'Executing' or msg.From ~= note.asset or msg.Sender ~= note.issuer or msg.Quantity ~= note.amount then
    return refund(msg.From, msg.Sender, msg.Quantity, id, 'err_unknown_settlement')
  end
  note.status = 'Settled'
  transfer(note.asset, note.payer, note.amount, Tags.list('X-FFP-For', 'Settled', 'X-FFP-NoteID', id))
  transfer(note.holderAsset, note.issuer, note.holderAmount, Tags.list('X-FFP-For', 'Execute', 'X-FFP-NoteID', id))
end

Handlers.add('Credit-Notice', 'Credit-Notice', function(msg)
  if not Tags.isAddress(msg.Sender) then error('Credit-Notice from ' .. msg.From .. ': tag Sender must be a process/wallet id', 0) end
  Amount.parse(msg.Quantity, 'Credit-Notice from ' .. msg.From .. ': tag Quantity')
  local purpose = msg['X-Ffp-For']
  if purpose == 'Settle' then return settle(msg) end
  if purpose == 'Execute' then return delivered(msg) end
  if purpose == 'Refund' then
    -- Never bounce a refund back (two processes would refund each other forever); keep it claimable.
    Unclaimed[msg.From] = tostring(Amount.add(Amount.parse(Unclaimed[msg.From] or '0', 'unclaimed'), Amount.parse(msg.Quantity, 'Quantity')))
    return
  end
  refund(msg.From, msg.Sender, msg.Quantity, nil, 'err_unknown_settlement')
end)

Handlers.add('Reject', 'Reject', function(msg)
  local id = msg.Noteid
  local note = id and SettleNotes[id]
  if not note or note.issuer ~= msg.From then error('Reject from ' .. msg.From .. ': unknown note or not its issuer', 0) end
  if note.status ~= 'Executing' then error('Reject for note ' .. id .. ' in status ' .. note.status, 0) end
  note.status = 'Rejected'
  refund(note.holderAsset, note.payer, note.holderAmount, id, msg.Error or 'err_rejected')
end)

Handlers.add('Get-Note', 'Get-Note', function(msg)
  local note = msg.Noteid and SettleNotes[msg.Noteid]
  msg.reply({ Tags = Tags.list('Action', 'Get-Note-Response', 'NoteID', msg.Noteid, 'Status', note and note.status or 'Unknown') })
end)
