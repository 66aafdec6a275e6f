-- afk integers: signed values limited to 256 bits (|x| < 2^255), computed in 512-bit bint so that a product of two
-- in-range values is exact; any result out of range is refused (never wrapped). Twin of src/strategy/int.ts.
local bint = require('.bint')(512)
local Q = {}
Q.bint = bint

local LIMIT = bint.ipow(bint(2), bint(255))
local NEG_LIMIT = -LIMIT
local ZERO = bint.zero()

local function fail(code, message) error({ afk = true, code = code, message = message }, 0) end
Q.fail = fail

function Q.check(x)
  if x >= LIMIT or x <= NEG_LIMIT then fail('OVERFLOW', 'integer overflow') end
  return x
end

function Q.is(x) return bint.isbint(x) end

-- Parses a decimal integer string; refuses floats, exponents, blanks and huge strings.
function Q.parse(s, what)
  if type(s) ~= 'string' or #s == 0 or #s > 80 or not string.match(s, '^%-?[0-9]+$') then
    fail('INVALID_QUANTITY', tostring(what) .. ' must be an integer string, got ' .. Q.quote(s))
  end
  return Q.check(bint.fromstring(s))
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

function Q.new(s) return bint.fromstring(s) end
function Q.str(x) return tostring(x) end

function Q.add(a, b) return Q.check(a + b) end
function Q.sub(a, b) return Q.check(a - b) end
function Q.mul(a, b) return Q.check(a * b) end

local function floordiv(a, b)
  if b == ZERO then fail('DIVISION_BY_ZERO', 'division by zero') end
  return a // b
end
local function ceildiv(a, b) return -floordiv(-a, b) end

function Q.div(a, b, round)
  if round == 'ceil' then return Q.check(ceildiv(a, b)) end
  return Q.check(floordiv(a, b))
end

function Q.muldiv(a, b, c, round)
  local p = a * b
  if round == 'ceil' then return Q.check(ceildiv(p, c)) end
  return Q.check(floordiv(p, c))
end

function Q.min(a, b) if a < b then return a end return b end
function Q.max(a, b) if a > b then return a end return b end
function Q.pick(c, a, b) if c == true then return a() end return b() end

function Q.concat(...)
  local parts = {}
  for i = 1, select('#', ...) do parts[i] = tostring((select(i, ...))) end
  return table.concat(parts)
end

return Q
