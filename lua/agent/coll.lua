-- afk collections: list params and ring buffers are arrays (oldest first), maps are string-keyed tables of
-- integers. Every loop is a plain loop over an array whose size is bounded when the strategy compiles. Loop items
-- live in E.L[depth] = { v = item, i = index }. Twin of the collection cases in src/engine/runtime/evalExpr.ts.
local Q = require('afk.q')
local bint = Q.bint
local C = {}

local ZERO = bint.zero()
local ONE = bint.one()
local TWO = bint(2)

function C.len(list) return bint(#list) end

function C.at(list, i)
  if i < ZERO or i >= bint(#list) then
    Q.fail('OUT_OF_RANGE', 'index ' .. tostring(i) .. ' is out of range (length ' .. #list .. ')')
  end
  return list[bint.tointeger(i) + 1]
end

-- The gathered quote (quoteAll) of a list index (`by` = 'index') or a token; twin of quotedItem in expr.ts.
function C.quoted(E, by, key)
  local g = E.g
  if g == nil then Q.fail('OUT_OF_RANGE', 'no quotes gathered yet') end
  if by == 'index' then return C.at(g.items, key) end
  for _, it in ipairs(g.items) do
    if it.token == key then return it end
  end
  Q.fail('OUT_OF_RANGE', 'no gathered quote for token ' .. tostring(key))
end

-- The tracked balance of a token given by its process id.
function C.bal_of(E, id)
  local name = E.tn(id)
  if name == nil then Q.fail('UNKNOWN_TOKEN', 'unconfigured token ' .. tostring(id)) end
  return E.bal[name]
end

-- The env inside loop `depth` at item `v` (0-based index `i`).
function C.bind(E, depth, v, i)
  local L = {}
  for d = 1, depth - 1 do L[d] = E.L and E.L[d] end
  L[depth] = { v = v, i = bint(i) }
  local inner = {}
  for k, x in pairs(E) do inner[k] = x end
  inner.L = L
  return inner
end

function C.sum(E, list, depth, body)
  local acc = ZERO
  for i, v in ipairs(list) do acc = Q.add(acc, body(C.bind(E, depth, v, i - 1))) end
  return acc
end

function C.count(E, list, depth, body)
  local n = ZERO
  for i, v in ipairs(list) do
    if body(C.bind(E, depth, v, i - 1)) == true then n = n + ONE end
  end
  return n
end

local function extreme(name, less)
  return function(E, list, depth, body)
    local acc = nil
    for i, v in ipairs(list) do
      local x = body(C.bind(E, depth, v, i - 1))
      if acc == nil or less(x, acc) then acc = x end
    end
    if acc == nil then Q.fail('OUT_OF_RANGE', name .. ' of an empty list') end
    return acc
  end
end
C.min = extreme('min', function(a, b) return a < b end)
C.max = extreme('max', function(a, b) return a > b end)

function C.get(m, key)
  local v = m[key]
  if v == nil then return ZERO end
  return v
end

-- Floor square root by Newton's iteration (exact on integers).
function C.isqrt(n)
  if n < ZERO then Q.fail('INVALID_QUANTITY', 'isqrt of a negative number') end
  if n < TWO then return n end
  local x = n
  local y = (x + ONE) // TWO
  while y < x do
    x = y
    y = (x + n // x) // TWO
  end
  return x
end

function C.abs(x)
  if x < ZERO then return -x end
  return x
end

function C.clamp(x, lo, hi)
  if lo > hi then Q.fail('OUT_OF_RANGE', 'clamp bounds are reversed') end
  if x < lo then return lo end
  if x > hi then return hi end
  return x
end

return C
