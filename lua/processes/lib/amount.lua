-- Amounts: 256-bit integers (bint) parsed from integer strings. bint wraps on overflow, so every parse, add and
-- multiply is checked and refuses instead of wrapping. Values are kept in [0, 2^255 - 1].
local bint = require('.bint')(256)
local Amount = {}
Amount.bint = bint
Amount.ZERO = bint.zero()
Amount.MAX = bint.maxinteger()

-- Parses a non-negative integer string; errors name the tag (`what`).
function Amount.parse(s, what)
  if type(s) ~= 'string' or not s:match('^%d+$') then
    error(what .. ' must be a non-negative integer string, got ' .. (s == nil and 'nothing' or ('"' .. tostring(s) .. '"')), 0)
  end
  local canon = (s:gsub('^0+', ''))
  if canon == '' then canon = '0' end
  if #canon > 77 then error(what .. ' is larger than 2^255 - 1', 0) end
  local b = bint(canon)
  if bint.isneg(b) or tostring(b) ~= canon then error(what .. ' is larger than 2^255 - 1', 0) end
  return b
end

-- Like parse, but nil when the value is absent or malformed (for refund paths that must not abort).
function Amount.tryParse(s)
  local ok, v = pcall(Amount.parse, s, 'value')
  if ok then return v end
  return nil
end

function Amount.add(a, b)
  local r = a + b
  if bint.isneg(r) or r < a then error('amount overflow: result exceeds 2^255 - 1', 0) end
  return r
end

function Amount.sub(a, b)
  if b > a then error('amount underflow', 0) end
  return a - b
end

function Amount.mul(a, b)
  if not bint.iszero(a) and b > Amount.MAX // a then error('amount overflow: product exceeds 2^255 - 1', 0) end
  return a * b
end

-- floor(a / b) and ceil(a / b) for non-negative a, positive b.
function Amount.floorDiv(a, b) return a // b end
function Amount.ceilDiv(a, b)
  local q = a // b
  if not bint.iszero(a % b) then q = q + 1 end
  return q
end

-- Integer square root (floor), Newton's method on bint.
function Amount.isqrt(n)
  if bint.iszero(n) then return Amount.ZERO end
  local x = n
  local y = (x + 1) // 2
  while y < x do
    x = y
    y = (x + n // x) // 2
  end
  return x
end

function Amount.isPositive(b) return not bint.iszero(b) and not bint.isneg(b) end
function Amount.str(b) return tostring(b) end
