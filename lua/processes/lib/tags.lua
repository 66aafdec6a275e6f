-- Tag helpers shared by the reference processes. Tag order is kept as given (arrays, not maps) so outputs are
-- reproducible by the TS models.
local Tags = {}

-- Every X- tag of the message in arrival order (names already normalized by aos), minus `skip` names.
function Tags.forwardX(msg, skip)
  local out, seen = {}, {}
  for _, t in ipairs(msg.TagArray or {}) do
    local n = t.name
    if n:sub(1, 2) == 'X-' and not seen[n] and not (skip and skip[n]) then
      seen[n] = true
      table.insert(out, { name = n, value = t.value })
    end
  end
  return out
end

-- msg.reply adds X-Reference/X-Origin itself; forwarding them too would duplicate the tags.
Tags.REPLY_SKIP = { ['X-Reference'] = true, ['X-Origin'] = true }

function Tags.append(list, more)
  for _, t in ipairs(more) do table.insert(list, t) end
  return list
end

-- Builds an array of {name, value} from alternating name, value arguments, skipping nil values.
function Tags.list(...)
  local args, out = { ... }, {}
  for i = 1, select('#', ...), 2 do
    if args[i + 1] ~= nil then table.insert(out, { name = args[i], value = tostring(args[i + 1]) }) end
  end
  return out
end

function Tags.isAddress(s)
  if type(s) ~= 'string' then return false end
  if #s == 43 and s:match('^[%w_%-]+$') then return true end
  return #s == 42 and s:match('^0x%x+$') ~= nil
end

function Tags.processTag(name, default)
  local v = ao.env.Process.Tags[name]
  if v == nil or v == '' then return default end
  return v
end
