-- Deterministic JSON encoder: object keys sorted, bint written as decimal strings, no floats. Used for Status so
-- the TS and Lua engines produce byte-identical state documents.
local Q = require('afk.q')
local J = {}

local str = Q.json_str

local function encode(v, out)
  local t = type(v)
  if v == nil or v == J.null then out[#out + 1] = 'null'
  elseif t == 'boolean' then out[#out + 1] = tostring(v)
  elseif t == 'string' then out[#out + 1] = str(v)
  elseif t == 'number' then
    if math.type(v) ~= 'integer' then error('afk json: refusing to encode a float') end
    out[#out + 1] = str(tostring(v))
  elseif Q.is(v) then out[#out + 1] = str(Q.str(v))
  elseif t == 'table' then
    if v[1] ~= nil or getmetatable(v) == J.array_mt then
      out[#out + 1] = '['
      for i = 1, #v do
        if i > 1 then out[#out + 1] = ',' end
        encode(v[i], out)
      end
      out[#out + 1] = ']'
    else
      local keys = {}
      for k in pairs(v) do keys[#keys + 1] = k end
      table.sort(keys)
      out[#out + 1] = '{'
      for i, k in ipairs(keys) do
        if i > 1 then out[#out + 1] = ',' end
        out[#out + 1] = str(k)
        out[#out + 1] = ':'
        encode(v[k], out)
      end
      out[#out + 1] = '}'
    end
  else error('afk json: cannot encode ' .. t) end
end

J.null = setmetatable({}, { __tostring = function() return 'null' end })
J.array_mt = {}
function J.array(t) return setmetatable(t or {}, J.array_mt) end

function J.encode(v)
  local out = {}
  encode(v, out)
  return table.concat(out)
end

return J
