-- afk integers: signed values limited to 256 bits (|x| < 2^255), computed in 512-bit bint so that a product of two
-- in-range values is exact; any result out of range is refused (never wrapped). Twin of src/strategy/int.ts.
local bint = require('.bint')(512)
local Q = {}
Q.bint = bint

local LIMIT = bint.ipow(bint(2), bint(255))
local NEG_LIMIT = -LIMIT
local ZERO = bint.zero()

-- The fast paths below work on bint's words directly (its representation: 16 little-endian words of 32 bits in a
-- table whose metatable is the module, two's complement), building each result in one table constructor instead of
-- growing it word by word. They give the same words bint's own operators give; anything else takes bint's path.
local BINT = getmetatable(ZERO)
local WMAX = 0xFFFFFFFF
local TOP = 0x80000000
assert(#ZERO == 16 and BINT == bint and bint.bits == 512, 'afk.q: expects 512-bit bints of 16 32-bit words')

local function fail(code, message) error({ afk = true, code = code, message = message }, 0) end
Q.fail = fail

-- |x| < 2^255 read off the words: words 9..16 all 0 and word 8 below 2^31 (non-negative), or all 1s and word 8
-- above 2^31 (negative). Sufficient, not necessary: the few values near the limit take the exact comparison.
local function small(x)
  local h = x[16]
  if h == 0 then
    return x[15] == 0 and x[14] == 0 and x[13] == 0 and x[12] == 0 and x[11] == 0 and x[10] == 0 and x[9] == 0
      and x[8] < TOP
  elseif h == WMAX then
    return x[15] == WMAX and x[14] == WMAX and x[13] == WMAX and x[12] == WMAX and x[11] == WMAX and x[10] == WMAX
      and x[9] == WMAX and x[8] > TOP
  end
  return false
end

local function check(x)
  if getmetatable(x) == BINT and small(x) then return x end
  if x >= LIMIT or x <= NEG_LIMIT then fail('OVERFLOW', 'integer overflow') end
  return x
end
Q.check = check

function Q.is(x) return getmetatable(x) == BINT end

-- Integer strings the agent wrote itself (order amounts and send times, constants), parsed once and shared (bints
-- are never changed in place): they are read again on every message. Small (every entry is live heap that aos's
-- full collection after each message walks) and emptied when full.
local PARSED, parsed_n = {}, 0
local function fromstring(s)
  local v = PARSED[s]
  if v ~= nil then return v end
  v = bint.fromstring(s)
  if v == nil then return nil end
  if parsed_n >= 64 then PARSED, parsed_n = {}, 0 end
  PARSED[s] = v
  parsed_n = parsed_n + 1
  return v
end

-- Parses a decimal integer string; refuses floats, exponents, blanks and huge strings.
function Q.parse(s, what)
  if type(s) ~= 'string' or #s == 0 or #s > 80 or not string.match(s, '^%-?[0-9]+$') then
    fail('INVALID_QUANTITY', tostring(what) .. ' must be an integer string, got ' .. Q.quote(s))
  end
  return check(bint.fromstring(s))
end

-- A token amount on the wire: a non-negative integer string.
function Q.amount(s, what)
  if type(s) ~= 'string' or s:sub(1, 1) == '-' then
    fail('INVALID_QUANTITY', tostring(what) .. ' must be a non-negative integer string, got ' .. Q.quote(s))
  end
  return Q.parse(s, what)
end

-- A string as JSON writes it (the Status encoder's escaping, owned here so json.lua and error texts share it).
local escapes = { ['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f', ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' }
function Q.json_str(s)
  return '"' .. s:gsub('[%c"\\]', function(c) return escapes[c] or string.format('\\u%04x', c:byte()) end) .. '"'
end

-- How an error text shows a wire value (twin of quoteValue in src/strategy/int.ts).
function Q.quote(s)
  if type(s) == 'string' then return Q.json_str(s) end
  return tostring(s)
end

Q.new = fromstring

-- A Lua integer as a bint (bint.frominteger's words).
function Q.int(n)
  if math.type(n) == 'integer' and n >= 0 then
    return setmetatable({ n & WMAX, n >> 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, BINT)
  end
  return bint.frominteger(n)
end

-- Decimal text of a bint (what tostring gives), directly for values that fit a non-negative Lua integer.
function Q.str(x)
  if getmetatable(x) == BINT and x[16] == 0 and x[15] == 0 and x[14] == 0 and x[13] == 0 and x[12] == 0
    and x[11] == 0 and x[10] == 0 and x[9] == 0 and x[8] == 0 and x[7] == 0 and x[6] == 0 and x[5] == 0
    and x[4] == 0 and x[3] == 0 and x[2] < TOP then
    return tostring(x[1] | (x[2] << 32))
  end
  return tostring(x)
end

-- a + b and a - b word by word (bint.__add / __sub), then the range check.
function Q.add(a, b)
  if getmetatable(a) ~= BINT or getmetatable(b) ~= BINT then return check(a + b) end
  local t = a[1] + b[1]
  local z1 = t & WMAX
  t = (t >> 32) + a[2] + b[2]
  local z2 = t & WMAX
  t = (t >> 32) + a[3] + b[3]
  local z3 = t & WMAX
  t = (t >> 32) + a[4] + b[4]
  local z4 = t & WMAX
  t = (t >> 32) + a[5] + b[5]
  local z5 = t & WMAX
  t = (t >> 32) + a[6] + b[6]
  local z6 = t & WMAX
  t = (t >> 32) + a[7] + b[7]
  local z7 = t & WMAX
  t = (t >> 32) + a[8] + b[8]
  local z8 = t & WMAX
  t = (t >> 32) + a[9] + b[9]
  local z9 = t & WMAX
  t = (t >> 32) + a[10] + b[10]
  local z10 = t & WMAX
  t = (t >> 32) + a[11] + b[11]
  local z11 = t & WMAX
  t = (t >> 32) + a[12] + b[12]
  local z12 = t & WMAX
  t = (t >> 32) + a[13] + b[13]
  local z13 = t & WMAX
  t = (t >> 32) + a[14] + b[14]
  local z14 = t & WMAX
  t = (t >> 32) + a[15] + b[15]
  local z15 = t & WMAX
  t = (t >> 32) + a[16] + b[16]
  local z = setmetatable({ z1, z2, z3, z4, z5, z6, z7, z8, z9, z10, z11, z12, z13, z14, z15, t & WMAX }, BINT)
  if small(z) then return z end
  return check(z)
end

function Q.sub(a, b)
  if getmetatable(a) ~= BINT or getmetatable(b) ~= BINT then return check(a - b) end
  -- a borrow is 1 when the word went negative: the 64-bit difference then has its top bit set
  local t = a[1] - b[1]
  local z1 = t & WMAX
  t = a[2] - b[2] - (t >> 63)
  local z2 = t & WMAX
  t = a[3] - b[3] - (t >> 63)
  local z3 = t & WMAX
  t = a[4] - b[4] - (t >> 63)
  local z4 = t & WMAX
  t = a[5] - b[5] - (t >> 63)
  local z5 = t & WMAX
  t = a[6] - b[6] - (t >> 63)
  local z6 = t & WMAX
  t = a[7] - b[7] - (t >> 63)
  local z7 = t & WMAX
  t = a[8] - b[8] - (t >> 63)
  local z8 = t & WMAX
  t = a[9] - b[9] - (t >> 63)
  local z9 = t & WMAX
  t = a[10] - b[10] - (t >> 63)
  local z10 = t & WMAX
  t = a[11] - b[11] - (t >> 63)
  local z11 = t & WMAX
  t = a[12] - b[12] - (t >> 63)
  local z12 = t & WMAX
  t = a[13] - b[13] - (t >> 63)
  local z13 = t & WMAX
  t = a[14] - b[14] - (t >> 63)
  local z14 = t & WMAX
  t = a[15] - b[15] - (t >> 63)
  local z15 = t & WMAX
  t = a[16] - b[16] - (t >> 63)
  local z = setmetatable({ z1, z2, z3, z4, z5, z6, z7, z8, z9, z10, z11, z12, z13, z14, z15, t & WMAX }, BINT)
  if small(z) then return z end
  return check(z)
end

-- a * b: two non-negative one-word bints multiply in one Lua integer (the 64-bit product's words, read with masks and a
-- logical shift, are bint's); anything wider takes bint's schoolbook product
local function one_word(x)
  return x[16] == 0 and x[15] == 0 and x[14] == 0 and x[13] == 0 and x[12] == 0 and x[11] == 0 and x[10] == 0
    and x[9] == 0 and x[8] == 0 and x[7] == 0 and x[6] == 0 and x[5] == 0 and x[4] == 0 and x[3] == 0 and x[2] == 0
end
local function mul(a, b)
  if getmetatable(a) == BINT and getmetatable(b) == BINT and one_word(a) and one_word(b) then
    local p = a[1] * b[1]
    return setmetatable({ p & WMAX, p >> 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, BINT)
  end
  return a * b
end

function Q.mul(a, b) return check(mul(a, b)) end

-- a < b and a <= b (bint.__lt / __le: the sign word first, then words from the top).
local function lt(a, b, eq)
  if getmetatable(a) ~= BINT or getmetatable(b) ~= BINT then
    if eq then return a <= b end
    return a < b
  end
  local x, y = a[16], b[16]
  if x ~= y then
    local xneg, yneg = x >= TOP, y >= TOP
    if xneg ~= yneg then return xneg end
    return x < y
  end
  for i = 15, 1, -1 do
    x, y = a[i], b[i]
    if x ~= y then return x < y end
  end
  return eq
end
function Q.lt(a, b) return lt(a, b, false) end
function Q.le(a, b) return lt(a, b, true) end
-- a > b and a >= b, with the operands in source order (both are evaluated before the call, left to right)
function Q.gt(a, b) return lt(b, a, false) end
function Q.ge(a, b) return lt(b, a, true) end

local function floordiv(a, b)
  if b == ZERO then fail('DIVISION_BY_ZERO', 'division by zero') end
  -- a non-negative bint by one positive word below 2^31 (an interval, a bps scale): long division from the top word,
  -- as bint's own single-word division does; each step's dividend stays below 2^63
  if getmetatable(a) == BINT and getmetatable(b) == BINT and a[16] < TOP and b[1] < TOP and b[2] == 0
    and b[3] == 0 and b[4] == 0 and b[5] == 0 and b[6] == 0 and b[7] == 0 and b[8] == 0 and b[9] == 0 and b[10] == 0
    and b[11] == 0 and b[12] == 0 and b[13] == 0 and b[14] == 0 and b[15] == 0 and b[16] == 0 then
    local d, r = b[1], 0
    local z = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }
    for i = 16, 1, -1 do
      local cur = (r << 32) | a[i]
      z[i] = cur // d
      r = cur % d
    end
    return setmetatable(z, BINT)
  end
  return a // b
end
local function ceildiv(a, b) return -floordiv(-a, b) end

function Q.div(a, b, round)
  if round == 'ceil' then return Q.check(ceildiv(a, b)) end
  return Q.check(floordiv(a, b))
end

function Q.muldiv(a, b, c, round)
  local p = mul(a, b)
  if round == 'ceil' then return Q.check(ceildiv(p, c)) end
  return Q.check(floordiv(p, c))
end

function Q.min(a, b) if lt(a, b, false) then return a end return b end
function Q.max(a, b) if lt(b, a, false) then return a end return b end
-- `if` in an expression: the branch taken is a function of the env E (lua/compiler emits both branches as F[i])
function Q.pick(c, a, b, E) if c == true then return a(E) end return b(E) end

function Q.concat(...)
  local parts = {}
  for i = 1, select('#', ...) do parts[i] = tostring((select(i, ...))) end
  return table.concat(parts)
end

return Q
