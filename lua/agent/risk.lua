-- Risk controls a strategy switches on (DEF.risk): reduce-only, per-trade and per-day spend caps, and a slippage
-- budget that refills over time, all per token param and in integer maths. Linked only into strategies that declare
-- them; registers itself as R.risk so the order-sending actions call R.risk.admit. Twin of
-- src/engine/runtime/risk.ts.
local R = require('afk.runtime')
local Q = require('afk.q')
local J = require('afk.json')

local M = {}
local DAY = Q.new('86400000')
local ZERO = Q.new('0')

local function int(S, name) return S.params[name] end

-- the budget of `token` refilled up to `now` (pure: the caller stores it)
local function refilled(S, spec, token, now)
  local cap = int(S, spec.budget)
  local e = S.risk.slip[token] or { left = cap, rem = ZERO, at = now }
  local elapsed = ZERO
  if now > e.at then elapsed = Q.sub(now, e.at) end
  local acc = Q.add(e.rem, Q.mul(elapsed, int(S, spec.refillPerDay)))
  local left = Q.add(e.left, Q.div(acc, DAY, 'floor'))
  local rem = acc % DAY
  if left >= cap then
    left = cap
    rem = ZERO
  end
  return { left = left, rem = rem, at = now }
end

-- ceil((quoted - minOut) * 10000 * amount / quoted): the slippage an order tolerates, in bps-units
local function slippage_cost(amount, minOut, quoted)
  if minOut >= quoted then return ZERO end
  return Q.muldiv(Q.sub(quoted, minOut), Q.mul(Q.new('10000'), amount), quoted, 'ceil')
end

local function refusal(rt, risk, o)
  local S = rt.S
  if risk.reduceOnly and S.params[risk.reduceOnly.param] == true then
    if o.tokenOut ~= S.params[risk.reduceOnly.numeraire] then return 'reduce-only' end
  end
  local lim = risk.limits[o.tokenParam]
  if lim == nil then return nil end
  if lim.perTrade and o.amount > int(S, lim.perTrade) then return 'trade-cap' end
  if lim.perDay then
    local day = Q.div(rt.now, DAY, 'floor')
    local spent = ZERO
    if S.risk.day == day then spent = S.risk.spent[o.tokenParam] or ZERO end
    if Q.add(spent, o.amount) > int(S, lim.perDay) then return 'day-cap' end
  end
  if lim.slippage then
    if o.quoted == nil or o.quoted <= ZERO then return 'no-quote' end
    local b = refilled(S, lim.slippage, o.tokenParam, rt.now)
    if slippage_cost(o.amount, o.minOut, o.quoted) > b.left then return 'slippage-budget' end
  end
  return nil
end

-- The one gate every order-sending action calls before it moves funds. Admitted: spend and slippage are booked,
-- true. Refused: nothing is booked, the refusal is logged and an `order.refused` event queued, false.
function M.admit(rt, o)
  local risk = rt.def.risk
  local S = rt.S
  local why = refusal(rt, risk, o)
  if why ~= nil then
    rt.logs[#rt.logs + 1] = 'afk:log ' .. J.encode({ event = 'order.refused', fields = { amount = o.amount,
      kind = o.kind, reason = why, token = o.token, tokenOut = o.tokenOut } })
    if rt.raised then
      rt.raised[#rt.raised + 1] = { type = 'order.refused', f = { kind = o.kind, token = o.token,
        tokenOut = o.tokenOut, amount = o.amount, reason = why } }
    end
    return false
  end
  local lim = risk.limits[o.tokenParam]
  if lim and lim.perDay then
    local day = Q.div(rt.now, DAY, 'floor')
    if S.risk.day ~= day then
      S.risk.day = day
      S.risk.spent = {}
    end
    S.risk.spent[o.tokenParam] = Q.add(S.risk.spent[o.tokenParam] or ZERO, o.amount)
  end
  if lim and lim.slippage then
    local b = refilled(S, lim.slippage, o.tokenParam, rt.now)
    b.left = Q.sub(b.left, slippage_cost(o.amount, o.minOut, o.quoted))
    S.risk.slip[o.tokenParam] = b
  end
  return true
end

-- The `risk` section of Status, as of the last message.
function M.view(S, risk)
  local now = S.lastNow or ZERO
  local day = Q.div(now, DAY, 'floor')
  local tokens = {}
  for name, lim in pairs(risk.limits) do
    local t = {}
    if lim.perDay then
      t.spentToday = ZERO
      if S.risk.day == day then t.spentToday = S.risk.spent[name] or ZERO end
    end
    if lim.slippage then t.slippageLeft = refilled(S, lim.slippage, name, now).left end
    tokens[name] = t
  end
  return { day = day, tokens = tokens }
end

function M.new_state() return { day = ZERO, spent = {}, slip = {} } end

R.risk = M
return M
