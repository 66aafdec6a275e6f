-- Notes as JSON with a fixed key order (deterministic text; mirrored by src/models/permaswapNote.ts).
local NoteJson = {}
local ORDER = { 'NoteID', 'Issuer', 'Settle', 'AssetID', 'Amount', 'HolderAssetID', 'HolderAmount', 'Holder', 'IssueDate', 'ExpireDate', 'Status' }
local NUMERIC = { IssueDate = true, ExpireDate = true }

function NoteJson.encode(note)
  local parts = {}
  for _, k in ipairs(ORDER) do
    local v = note[k]
    if v ~= nil then
      if NUMERIC[k] then table.insert(parts, string.format('"%s":%d', k, v))
      else table.insert(parts, string.format('"%s":"%s"', k, tostring(v))) end
    end
  end
  return '{' .. table.concat(parts, ',') .. '}'
end
