-- afk agent runtime: owns the agent state (AfkState); per message it settles its own books, then runs due timeouts
-- and at most one machine event through the strategy, each phase wrapped so that an error rolls the state and outbox
-- back and answers `Agent-Error`. Twin of src/strategy/runtime/*.ts.
local Q = require('afk.q')
local J = require('afk.json')
local M = require('afk.machine')

local R = { events = {}, actions = {} }

local function copy(v)
  if type(v) ~= 'table' or Q.is(v) or v == J.null then return v end
  local out = {}
  for k, x in pairs(v) do out[k] = copy(x) end
  return setmetatable(out, getmetatable(v))
end
R.copy = copy

local function trusted_now(S, msg)
  for _, t in ipairs(msg.TagArray or {}) do
    if t.name == 'Timestamp' then return S.lastNow or Q.new('0') end
  end
  local ts = math.tointeger(msg.Timestamp)
  if ts == nil then Q.fail('INVALID_COMMAND', 'message has no integer Timestamp') end
  return Q.new(string.format('%d', ts))
end

-- Sends a message with tags in a fixed order; returns the aos Reference it got (used to correlate replies).
function R.send(target, tags, data)
  local m = ao.send({ Target = target, Data = data or '', Tags = tags })
  for _, t in ipairs(m.Tags) do if t.name == 'Reference' then return t.value end end
  return tostring(ao.reference)
end

function R.next_order_id(S)
  S.seq = Q.add(S.seq, Q.new('1'))
  return 'afk-' .. tostring(S.seq)
end

function R.token_param(def, id)
  for _, name in ipairs(def.tokens) do
    if AfkState.params[name] == id then return name end
  end
  return nil
end

local function env(rt, event)
  return { p = rt.S.params, c = rt.S.context, ev = event and event.f or {}, now = rt.now, self = ao.id, owner = rt.S.owner, bal = rt.S.balances }
end

-- Runs one compiled action: { name, args = { {key, fn}, ... } } with arguments evaluated in key order.
local function run_action(rt, event, action)
  local E = env(rt, event)
  local args = {}
  for _, kv in ipairs(action.args) do args[kv[1]] = kv[2](E) end
  local impl = R.actions[action.name]
  impl(rt, args, action)
end

function R.dispatch(rt, event)
  local S = rt.S
  if S.done then return 'done' end
  local def = rt.def
  local t, source = M.select(def.machine, S.value, event.type, function(g) return g(env(rt, event)) == true end)
  if t == nil then return 'unhandled' end
  local leaf, done = M.apply(def.machine, S.value, t, source, function(a) run_action(rt, event, a) end)
  S.value = leaf
  if done then S.done = true end
  return 'handled'
end

-- Timers due when the message arrived, in (deadline, name) order. A timer a handler schedules meanwhile waits for
-- the next message, so `scheduleTimeout(name, 0)` cannot loop.
local function due_timers(S, now)
  local due = {}
  for name, at in pairs(S.timers) do
    if at <= now then due[#due + 1] = { name = name, at = at } end
  end
  table.sort(due, function(a, b) return a.at < b.at or (a.at == b.at and a.name < b.name) end)
  return due
end

-- Orders nobody answered expire: quotes after a day, transfers and swaps after a week. A token with an expired
-- order is asked for the agent's balance, so the books resync from the token itself.
local QUOTE_TTL = Q.new('86400000')
local ORDER_TTL = Q.new('604800000')
local function expire_orders(S, now)
  local resync = {}
  for id, o in pairs(S.orders) do
    local ttl = o.kind == 'quote' and QUOTE_TTL or ORDER_TTL
    if Q.add(Q.new(o.sentAt), ttl) < now then
      S.orders[id] = nil
      if o.kind ~= 'quote' and o.tokenParam then resync[#resync + 1] = o.tokenParam end
    end
  end
  table.sort(resync)
  local last = nil
  for _, name in ipairs(resync) do
    if name ~= last then R.request_balance(S, name) end
    last = name
  end
end

function R.request_balance(S, name)
  R.send(S.params[name], { { name = 'Action', value = 'Balance' }, { name = 'Recipient', value = ao.id } }, '')
end

-- Phase 1, the runtime's own books: clock, expiry, and the message's classification (which credits balances and
-- settles orders). An error here rejects the whole message.
local function bookkeeping(rt, msg)
  local S = rt.S
  rt.now = trusted_now(S, msg)
  S.lastNow = rt.now
  expire_orders(S, rt.now)
  local due = due_timers(S, rt.now)
  for _, ev in ipairs(R.events) do
    local e = ev.match(rt, msg)
    if e ~= nil then return due, e end
  end
  return due, nil
end

-- Phase 2, the strategy: due timeouts, then the message's event. An error here undoes only this phase, so a deposit
-- stays counted even when the strategy fails on it.
local function strategy_step(rt, due, event)
  for _, t in ipairs(due) do
    if rt.S.timers[t.name] == t.at then
      rt.S.timers[t.name] = nil
      R.dispatch(rt, { type = 'timeout.' .. t.name, f = { name = t.name } })
    end
  end
  if event ~= nil and event ~= 'handled' then R.dispatch(rt, event) end
end

local function error_parts(err)
  if type(err) == 'table' and err.afk then return err.code, err.message end
  return 'INTERNAL', tostring(err)
end

local function checkpoint()
  return { state = copy(AfkState), nout = #ao.outbox.Messages, ref = ao.reference }
end

local function restore(cp)
  AfkState = cp.state
  while #ao.outbox.Messages > cp.nout do table.remove(ao.outbox.Messages) end
  ao.reference = cp.ref
end

local function reply_error(msg, err)
  local code, text = error_parts(err)
  R.send(msg.From, {
    { name = 'Action', value = 'Agent-Error' },
    { name = 'Code', value = code },
    { name = 'Error', value = text },
    { name = 'Request-Id', value = tostring(msg.Id or '') },
    { name = 'X-Reference', value = tostring(msg.Reference or '') },
  }, '')
end

function R.handle(msg)
  local before = checkpoint()
  local rt = { S = AfkState, def = AFK_DEF, msg = msg, logs = {} }
  local ok, due, event = pcall(bookkeeping, rt, msg)
  if not ok then
    restore(before)
    reply_error(msg, due)
    return
  end
  local mid = checkpoint()
  local ok2, err = pcall(strategy_step, rt, due, event)
  if not ok2 then
    restore(mid)
    reply_error(msg, err)
    return
  end
  -- log lines are printed only for work that was kept
  for _, line in ipairs(rt.logs) do print(line) end
end

-- The state document returned by Status and compared by differential tests.
function R.snapshot(S)
  local orders = {}
  for id, o in pairs(S.orders) do orders[id] = o end
  return {
    value = S.value,
    done = S.done,
    context = S.context,
    params = S.params,
    owner = S.owner,
    paused = S.paused,
    orders = orders,
    timers = S.timers,
    balances = S.balances,
    seq = S.seq,
    lastTick = S.lastTick or J.null,
  }
end

function R.boot(def)
  AFK_DEF = def
  if AfkState == nil then
    local S = {
      value = '', done = false, context = copy(def.context), params = copy(def.params), owner = Owner,
      paused = false, orders = {}, timers = {}, balances = {}, seq = Q.new('0'), lastTick = nil, lastNow = nil,
    }
    for _, name in ipairs(def.tokens) do S.balances[name] = Q.new('0') end
    AfkState = S
    local rt = { S = S, def = def, msg = { From = Owner }, logs = {}, now = Q.new(string.format('%d', os.time())) }
    S.lastNow = rt.now
    local leaf, done = M.start(def.machine, function(a) run_action(rt, nil, a) end)
    S.value = leaf
    S.done = done
    for _, line in ipairs(rt.logs) do print(line) end
  end
  Handlers.add('afk', function(msg) return msg.Action ~= 'Eval' end, R.handle)
end

return R
