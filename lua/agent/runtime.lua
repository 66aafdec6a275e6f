-- afk agent runtime: owns the agent state (AfkState), turns each incoming message into at most one machine event
-- (after firing due timeouts), runs the machine, and wraps everything so that an error rolls the state and outbox
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

local function fire_timers(rt)
  local S = rt.S
  while true do
    local best, best_at = nil, nil
    for name, at in pairs(S.timers) do
      if at <= rt.now and (best == nil or at < best_at or (at == best_at and name < best)) then best, best_at = name, at end
    end
    if best == nil then return end
    S.timers[best] = nil
    R.dispatch(rt, { type = 'timeout.' .. best, f = { name = best } })
  end
end

-- A quote the pool never answered is forgotten after a day, so a dead pool cannot grow the state forever.
local QUOTE_TTL = Q.new('86400000')
local function prune_quotes(S, now)
  for id, o in pairs(S.orders) do
    if o.kind == 'quote' and Q.add(Q.new(o.sentAt), QUOTE_TTL) < now then S.orders[id] = nil end
  end
end

local function process(msg)
  local S = AfkState
  local rt = { S = S, def = AFK_DEF, msg = msg, logs = {} }
  rt.now = trusted_now(S, msg)
  S.lastNow = rt.now
  prune_quotes(S, rt.now)
  fire_timers(rt)
  for _, ev in ipairs(R.events) do
    local e = ev.match(rt, msg)
    if e == 'handled' then return end
    if e ~= nil then
      R.dispatch(rt, e)
      return
    end
  end
end

local function error_parts(err)
  if type(err) == 'table' and err.afk then return err.code, err.message end
  return 'INTERNAL', tostring(err)
end

function R.handle(msg)
  local saved = copy(AfkState)
  local nout = #ao.outbox.Messages
  local ref = ao.reference
  local ok, err = pcall(process, msg)
  if not ok then
    AfkState = saved
    while #ao.outbox.Messages > nout do table.remove(ao.outbox.Messages) end
    ao.reference = ref
    local code, text = error_parts(err)
    R.send(msg.From, {
      { name = 'Action', value = 'Agent-Error' },
      { name = 'Code', value = code },
      { name = 'Error', value = text },
      { name = 'Request-Id', value = tostring(msg.Id or '') },
      { name = 'X-Reference', value = tostring(msg.Reference or '') },
    }, '')
  end
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
  end
  Handlers.add('afk', function(msg) return msg.Action ~= 'Eval' end, R.handle)
end

return R
