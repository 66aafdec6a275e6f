import { describe, expect, it } from 'vitest'
import { AosProcess } from '../../src/ao/AosProcess.ts'
import { makeId } from '../../src/ao/ids.ts'
import { link } from '../../src/compiler/link.ts'

/**
 * lua/agent/q.lua computes add, sub, the comparisons, the range check, decimal text and integer conversion on bint's
 * words directly (the hot path of every compiled agent). On the production aos module, each must give what bint's own
 * operators give (the same words, the same refusals) on edge values around every word, sign and range boundary and on
 * seeded random values of every length.
 */
const CHECK = `
local Q = require('afk.q')
local bint = Q.bint
local LIMIT = bint.ipow(bint(2), bint(255))
local function ref_check(x)
  if x >= LIMIT or x <= -LIMIT then error({ afk = true, code = 'OVERFLOW', message = 'integer overflow' }, 0) end
  return x
end
local function same(a, b)
  if getmetatable(a) ~= bint or getmetatable(b) ~= bint then return a == b end
  for i = 1, 16 do if a[i] ~= b[i] then return false end end
  return true
end
local function outcome(f, ...)
  local ok, v = pcall(f, ...)
  if ok then return true, v end
  return false, type(v) == 'table' and v.code or tostring(v)
end
local vals = {}
local function two(k) return bint.ipow(bint(2), bint(k)) end
for _, k in ipairs({ 0, 31, 32, 63, 64, 224, 254, 255, 256, 511 }) do
  local p = two(k)
  for _, v in ipairs({ p, p - bint(1), p + bint(1), -p, -p + bint(1), -p - bint(1) }) do vals[#vals + 1] = v end
end
vals[#vals + 1] = bint.zero()
-- seeded random values: a random number of low words, the rest all 0s or all 1s (either sign, every length)
local seed = 12345
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n end
for _ = 1, 24 do
  local len, neg = rnd(17), rnd(2) == 1
  local w = {}
  for i = 1, 16 do
    if i <= len then w[i] = (rnd(65536) << 16) | rnd(65536) else w[i] = neg and 0xFFFFFFFF or 0 end
  end
  vals[#vals + 1] = setmetatable(w, bint)
end
local bad, n = {}, 0
local function fail(what, a, b) if #bad < 5 then bad[#bad + 1] = what .. '(' .. tostring(a) .. ', ' .. tostring(b) .. ')' end end
for _, a in ipairs(vals) do
  if #bad >= 5 then break end
  n = n + 1
  local ok1, v1 = outcome(Q.check, a)
  local ok2, v2 = outcome(ref_check, a)
  if ok1 ~= ok2 or not same(v1, v2) then fail('check', a) end
  if Q.str(a) ~= tostring(a) then fail('str', a) end
  if not same(Q.new(tostring(a)), bint.fromstring(tostring(a))) then fail('new', a) end
  for _, b in ipairs(vals) do
    local okA, x = outcome(Q.add, a, b)
    local okB, y = outcome(function() return ref_check(a + b) end)
    if okA ~= okB or not same(x, y) then fail('add', a, b) end
    okA, x = outcome(Q.sub, a, b)
    okB, y = outcome(function() return ref_check(a - b) end)
    if okA ~= okB or not same(x, y) then fail('sub', a, b) end
    if Q.lt(a, b) ~= (a < b) or Q.le(a, b) ~= (a <= b) or Q.gt(a, b) ~= (a > b) or Q.ge(a, b) ~= (a >= b) then
      fail('compare', a, b)
    end
    if Q.min(a, b) ~= (a < b and a or b) or Q.max(a, b) ~= (a > b and a or b) then fail('min/max', a, b) end
    okA, x = outcome(Q.mul, a, b)
    okB, y = outcome(function() return ref_check(a * b) end)
    if okA ~= okB or not same(x, y) then fail('mul', a, b) end

  end
  -- division: every value by small divisors (the single-word path) and a few wide ones
  for _, d in ipairs({ 1, 3, 7, 10000, 3600000, 2147483647, 2147483648, -3, 0 }) do
    local b = bint(d)
    for _, round in ipairs({ 'floor', 'ceil' }) do
      local okA, x = outcome(Q.div, a, b, round)
      local okB, y = outcome(function()
        if b == bint.zero() then error({ afk = true, code = 'DIVISION_BY_ZERO' }, 0) end
        if round == 'ceil' then return ref_check(-((-a) // b)) end
        return ref_check(a // b)
      end)
      if okA ~= okB or not same(x, y) then fail('div ' .. round, a, b) end
    end
  end
end
for _, i in ipairs({ 0, 1, -1, 2, 4294967295, 4294967296, 1700000000000, math.maxinteger, math.mininteger, -1700000000000 }) do
  n = n + 1
  if not same(Q.int(i), bint.fromstring(string.format('%d', i))) then fail('int', i) end
end
return #bad == 0 and ('ok ' .. n .. ' values') or table.concat(bad, '; ')
`

async function aosWithQ(patch = '') {
  const { process } = await AosProcess.spawn({
    id: makeId('q-words'),
    owner: makeId('q-owner'),
    timestamp: 1_700_000_000_000,
    blockHeight: 1,
  })
  let k = 0
  const run = (lua: string) =>
    process.eval(lua, { id: makeId(`q-eval-${k++}`), timestamp: 1_700_000_000_000, blockHeight: 1 })
  await run(`${link(['q.lua'])}\n${patch}`)
  return run
}

describe("Q's word-level bint arithmetic (lua/agent/q.lua) on aos", () => {
  it("gives bint's own results on edge and random values", async () => {
    const run = await aosWithQ()
    expect(await run(CHECK)).toMatch(/^ok \d+ values$/)
  })

  it('catches a planted drift (an add that drops the carry out of word 1)', async () => {
    const drift = `
local Q = package.loaded['afk.q']
local add = Q.add
Q.add = function(a, b)
  local z = add(a, b)
  if a[1] + b[1] > 0xFFFFFFFF then z = Q.sub(z, Q.bint.ipow(Q.bint(2), Q.bint(32))) end
  return z
end`
    const run = await aosWithQ(drift)
    expect(await run(CHECK)).toMatch(/^add\(/)
  })
})
