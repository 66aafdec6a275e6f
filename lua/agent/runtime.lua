-- afk agent runtime: owns the agent state (AfkState); per message it settles its own books, then runs due timeouts
-- and at most one machine event through the strategy, each phase wrapped so that an error rolls the state and outbox
-- back and answers `Agent-Error`. Twin of src/engine/runtime/*.ts.
local Q = require('afk.q')
local J = require('afk.json')
local M = require('afk.machine')

local R = { events = {}, actions = {}, timer_events = {} }
local ONE = Q.new('1')

-- The owner-command wire table (generated from src/protocols/agentWire.ts by the compiler).
R.wire = require('afk.wire')
function R.wire_text(key, vars)
  local e = R.wire.errors[key]
  return (e.text:gsub('{(%a+)}', function(k) return (vars and vars[k]) or '' end))
end
function R.wire_fail(key, vars) Q.fail(R.wire.errors[key].code, R.wire_text(key, vars)) end
-- actions a halted agent skips (primitives marked `halts`, registry.ts HALT_SKIPS), each with a log line
local HALT_SKIPS = {}
for _, a in ipairs(R.wire.haltSkips) do HALT_SKIPS[a] = true end

-- A deep copy; bints (never changed in place) and J.null are shared.
local BINT = getmetatable(Q.new('0'))
local NULL = J.null
local function copy(v)
  local out = {}
  for k, x in pairs(v) do
    if type(x) == 'table' and getmetatable(x) ~= BINT and x ~= NULL then x = copy(x) end
    out[k] = x
  end
  return setmetatable(out, getmetatable(v))
end
function R.copy(v)
  if type(v) ~= 'table' or getmetatable(v) == BINT or v == NULL then return v end
  return copy(v)
end

-- A shallow copy: a table whose values are replaced, never changed in place.
local function shallow(v)
  local out = {}
  for k, x in pairs(v) do out[k] = x end
  return setmetatable(out, getmetatable(v))
end

-- The rollback copy of the state (twin of copyState.ts). `context` holds values that are replaced, never changed in
-- place (push builds a new ring, set a new map): they are shared. `params` and `settled` are replaced whole
-- (Update-Params builds a new params table, R.settle a new list): shared too. Everything else (orders, syncs,
-- batches, risk books: changed in place) is deep-copied.
local function copy_state(S, share_context)
  local out = {}
  for k, x in pairs(S) do
    if k == 'context' then
      if not share_context then x = shallow(x) end
    elseif k ~= 'settled' and k ~= 'params' and type(x) == 'table' and getmetatable(x) ~= BINT and x ~= NULL then x = copy(x) end
    out[k] = x
  end
  return out
end

local function trusted_now(S, msg)
  for _, t in ipairs(msg.TagArray or {}) do
    if t.name == 'Timestamp' then return S.lastNow or Q.new('0') end
  end
  local ts = math.tointeger(msg.Timestamp)
  if ts == nil then Q.fail('INVALID_COMMAND', 'message has no integer Timestamp') end
  return Q.int(ts)
end

-- Sends a message with tags in a fixed order; returns the aos Reference it got (used to correlate replies).
function R.send(target, tags, data)
  local m = ao.send({ Target = target, Data = data or '', Tags = tags })
  for _, t in ipairs(m.Tags) do if t.name == 'Reference' then return t.value end end
  return tostring(ao.reference)
end

function R.next_order_id(S)
  S.seq = Q.add(S.seq, ONE)
  return 'afk-' .. Q.str(S.seq)
end

-- The agent's token names: each token param, then each item of a `listTokens` list as `<list>[<index>]` (its
-- balance is booked under that name). Twin of src/engine/runtime/tokens.ts.
function R.token_names(def, params)
  local out = {}
  for i, name in ipairs(def.tokens) do out[i] = name end
  local lists = {}
  for list in pairs(def.listTokens or {}) do lists[#lists + 1] = list end
  table.sort(lists)
  for _, list in ipairs(lists) do
    if type(params[list]) == 'table' then
      for i = 1, #params[list] do out[#out + 1] = list .. '[' .. (i - 1) .. ']' end
    end
  end
  return out
end

function R.token_id(def, params, name)
  local list, i = name:match('^([%w_]+)%[(%d+)%]$')
  if list ~= nil and def.listTokens and def.listTokens[list] ~= nil then
    return params[list][math.tointeger(tonumber(i)) + 1][def.listTokens[list]]
  end
  return params[name]
end

-- Token param names by process id, built once per params table (Update-Params installs a new one, never changes
-- it in place); the first name wins, as in a scan of R.token_names.
local names_of = { params = nil, def = nil, map = nil, none = nil }
function R.token_param(def, id)
  local params = AfkState.params
  if names_of.params ~= params or names_of.def ~= def then
    local map, none = {}, nil
    for _, name in ipairs(R.token_names(def, params)) do
      local tid = R.token_id(def, params, name)
      if tid == nil then none = none or name
      elseif map[tid] == nil then map[tid] = name end
    end
    names_of.params, names_of.def, names_of.map, names_of.none = params, def, map, none
  end
  if id == nil then return names_of.none end
  return names_of.map[id]
end

local NO_FIELDS = setmetatable({}, { __newindex = function() error('afk: event fields are read-only') end })
local function tn(id) return R.token_param(AFK_DEF, id) end
-- The env expressions read. One table serves a whole dispatch: `E` (when given) is brought up to date instead of
-- built again, since an action may have replaced a table it points to (quoteAll starts a new S.gather).
local function env(rt, event, E)
  local S = rt.S
  if E == nil then
    return { p = S.params, c = S.context, ev = event and event.f or NO_FIELDS, now = rt.now, self = ao.id,
      owner = S.owner, bal = S.balances, g = S.gather, tn = tn }
  end
  E.p, E.c, E.now, E.self, E.owner, E.bal, E.g = S.params, S.context, rt.now, ao.id, S.owner, S.balances, S.gather
  return E
end

-- Runs one compiled action: { name, args = { key1, fn1, ... }, static } with arguments evaluated in key order.
-- true (and logged) when the owner has halted the agent and `name` is an action a halt skips; twin of
-- Rt.skipWhileHalted
function R.skip_while_halted(rt, name)
  if not (rt.S.halted and HALT_SKIPS[name]) then return false end
  rt.logs[#rt.logs + 1] = 'afk:log {"event":"halted","fields":{"action":' .. J.encode(name) .. '}}'
  return true
end

-- An action's arguments evaluated in key order: `args` is a flat list { key1, fn1, key2, fn2, ... }.
function R.eval_args(action, E)
  local out, list = {}, action.args
  for i = 1, #list, 2 do out[list[i]] = list[i + 1](E) end
  return out
end

-- returns the env it used, for the next action of the same dispatch
local function run_action(rt, event, action, E)
  if R.skip_while_halted(rt, action.name) then return E end
  E = env(rt, event, E)
  R.actions[action.name](rt, R.eval_args(action, E), action)
  return E
end

function R.dispatch(rt, event)
  local S = rt.S
  if S.done then return 'done' end
  local def = rt.def
  -- guards are pure reads: one env serves every guard of the selection
  local E = nil
  local t, source = M.select(def.machine, S.value, event.type, function(g)
    E = E or env(rt, event)
    return g(E) == true
  end)
  if t == nil then return 'unhandled' end
  local leaf, done = M.apply(def.machine, S.value, t, source, function(a) E = run_action(rt, event, a, E) end)
  S.value = leaf
  if done then S.done = true end
  return 'handled'
end

-- Dispatches an event, then the events its actions raised (`order.refused`), in order. An order refused while
-- handling a raised event is logged, never raised again: one level, always bounded. Twin of dispatchRaising.
function R.dispatch_raising(rt, event)
  R.dispatch(rt, event)
  local raised = rt.raised or {}
  if #raised == 0 then return end
  rt.raised = nil
  for _, e in ipairs(raised) do R.dispatch(rt, e) end
  rt.raised = {}
end

-- Timers due when the message arrived, in (deadline, name) order. A timer a handler schedules meanwhile waits for
-- the next message, so `scheduleTimeout(name, 0)` cannot loop.
local NO_TIMERS = {}
local function by_deadline(a, b) return Q.lt(a.at, b.at) or (a.at == b.at and a.name < b.name) end
local function due_timers(S, now)
  local due = NO_TIMERS
  for name, at in pairs(S.timers) do
    if Q.le(at, now) then
      if due == NO_TIMERS then due = {} end
      due[#due + 1] = { name = name, at = at }
    end
  end
  if #due > 1 then table.sort(due, by_deadline) end
  return due
end

-- Orders nobody answered expire: quotes after a day, transfers and swaps after a week. A token with an expired
-- order is asked for the agent's balance, so the books resync from the token itself.
local QUOTE_TTL = Q.new('86400000')
local ORDER_TTL = Q.new('604800000')
local function expire_orders(rt)
  local S, now = rt.S, rt.now
  local resync = nil
  for name, s in pairs(S.syncs) do
    if Q.lt(Q.add(Q.new(s.sentAt), QUOTE_TTL), now) then S.syncs[name] = nil end
  end
  for id, o in pairs(S.orders) do
    local ttl = o.kind == 'quote' and QUOTE_TTL or ORDER_TTL
    if Q.lt(Q.add(Q.new(o.sentAt), ttl), now) then
      S.orders[id] = nil
      if o.kind ~= 'quote' and o.tokenParam then
        resync = resync or {}
        resync[#resync + 1] = o.tokenParam
      end
    end
  end
  if resync == nil then return end
  table.sort(resync)
  local last = nil
  for _, name in ipairs(resync) do
    if name ~= last then R.start_sync(rt, name) end
    last = name
  end
end

-- The number in an order id `afk-<n>` (ids come only from R.next_order_id).
function R.order_seq(id) return Q.new(id:sub(5)) end

-- Settled order ids, newest last, at most SETTLED_CAP: a notice naming one is a re-delivery, never new money.
local SETTLED_CAP = 64
-- a new list each time (never changed in place), so the per-message rollback copy shares it
function R.settle(S, id)
  local old = S.settled
  local n = #old
  local from = n + 1 > SETTLED_CAP and 2 or 1
  local out = table.move(old, from, n, 1, {})
  out[n - from + 2] = id
  S.settled = out
end
function R.was_settled(S, id)
  for _, x in ipairs(S.settled) do if x == id then return true end end
  return false
end

-- Resync of one token from the token itself. Anyone can provoke a token's Debit-Notice, Transfer-Error or Balance
-- reply through Reply-To, so none of them moves the books. Instead the agent sends the token a self-transfer of 1
-- (net zero) tagged X-Afk-Sync, then a Balance request. The self-transfer's Credit-Notice (Sender = the agent) cannot
-- be provoked by anyone else, and the token answers in order, so a Balance reply that arrives after it and echoes
-- our request's Reference was computed after every transfer the agent sent before the sync. Orders sent after the
-- sync are still in flight at that point and are subtracted. One sync per token at a time; `again` queues another,
-- and one whose self-transfer was refused (`failed`) is replaced by the next.
function R.start_sync(rt, name)
  local S = rt.S
  local s = S.syncs[name]
  if s ~= nil and s.failed ~= 'true' then
    s.again = 'true'
    return
  end
  local id = R.next_order_id(S)
  local token = R.token_id(rt.def, S.params, name)
  local ref = R.send(token, { { name = 'Action', value = 'Transfer' }, { name = 'Recipient', value = ao.id },
    { name = 'Quantity', value = '1' }, { name = 'X-Afk-Sync', value = id } }, '')
  local balRef = R.send(token, { { name = 'Action', value = 'Balance' }, { name = 'Recipient', value = ao.id } }, '')
  S.syncs[name] = { id = id, ref = ref, balRef = balRef, sentAt = Q.str(rt.now), armed = 'false' }
end

-- A timed read of a pool (poolInfo, reserves): drops an unanswered read of the same kind and pool with its timer,
-- sends `read.action`, and books the new read as an order whose `<kind>.<id>` timer fires at now + timeout; `extra`
-- adds fields to the order. Twin of src/engine/runtime/primitives/actions/openPoolRead.ts.
function R.open_pool_read(rt, read, extra)
  local S = rt.S
  for id, o in pairs(S.orders) do
    if o.kind == read.kind and o.pool == read.pool then
      S.orders[id] = nil
      S.timers[read.kind .. '.' .. id] = nil
    end
  end
  local id = R.next_order_id(S)
  local ref = R.send(read.pool, { { name = 'Action', value = read.action } }, '')
  local deadline = Q.add(rt.now, read.timeout)
  local o = { id = id, kind = read.kind, target = read.pool, pool = read.pool, sentAt = Q.str(rt.now), ref = ref,
    deadline = tostring(deadline) }
  for k, v in pairs(extra or {}) do o[k] = v end
  S.orders[id] = o
  S.timers[read.kind .. '.' .. id] = deadline
end

-- Pays `q` of the token booked under `name` to the owner: off the books when sent, tracked as a `withdraw` order that
-- its Debit-Notice (or a Transfer-Error) closes through a resync. The owner's Withdraw and the payOwner action both
-- book through here. Twin of src/engine/runtime/payOwner.ts.
function R.pay_owner(rt, name, q)
  local S = rt.S
  S.balances[name] = Q.sub(S.balances[name], q)
  local id = R.next_order_id(S)
  local target = R.token_id(rt.def, S.params, name)
  local ref = R.send(target, {
    { name = 'Action', value = 'Transfer' }, { name = 'Recipient', value = S.owner },
    { name = 'Quantity', value = Q.str(q) }, { name = 'X-Afk-Order', value = id } }, '')
  S.orders[id] = { id = id, kind = 'withdraw', target = target, tokenParam = name, amount = Q.str(q),
    recipient = S.owner, sentAt = Q.str(rt.now), ref = ref }
  return target
end

-- Phase 1, the runtime's own books: clock, expiry, and the message's classification (which credits balances and
-- settles orders). An error here rejects the whole message.
local function bookkeeping(rt, msg)
  local S = rt.S
  rt.now = trusted_now(S, msg)
  S.lastNow = rt.now
  expire_orders(rt)
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
  rt.raised = {}
  for _, t in ipairs(due) do
    if rt.S.timers[t.name] == t.at then
      rt.S.timers[t.name] = nil
      -- a primitive's own timer (`<prefix>.<name>`, e.g. an ask's deadline) raises that primitive's event
      local hook = R.timer_events[t.name:match('^([^.]+)%.')]
      local ev = { type = 'timeout.' .. t.name, f = { name = t.name } }
      if hook then ev = hook(rt, t.name) end
      if ev ~= nil then R.dispatch_raising(rt, ev) end
    end
  end
  if event ~= nil and event ~= 'handled' then R.dispatch_raising(rt, event) end
  require('afk.batch').complete(rt, function(e) R.dispatch_raising(rt, e) end)
end

local function error_parts(err)
  if type(err) == 'table' and err.afk then return err.code, err.message end
  return 'INTERNAL', tostring(err)
end

-- `share_context`: for the bookkeeping phase, which never writes the context (only strategy actions do)
local function checkpoint(share_context)
  return { state = copy_state(AfkState, share_context), nout = #ao.outbox.Messages, ref = ao.reference }
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

-- Ids of handled messages (a ring of SEEN_CAP): a re-delivered message is consumed without effect. Kept outside
-- AfkState so the per-message checkpoint stays cheap; an id is remembered even when its message was refused.
local SEEN_CAP = 1000
AfkSeen = AfkSeen or { set = {}, ring = {}, pos = 0 }
local function seen_before(id)
  if type(id) ~= 'string' then return false end
  local M = AfkSeen
  if M.set[id] then return true end
  M.pos = M.pos % SEEN_CAP + 1
  local old = M.ring[M.pos]
  if old ~= nil then M.set[old] = nil end
  M.ring[M.pos] = id
  M.set[id] = true
  return false
end

function R.handle(msg)
  if seen_before(msg.Id) then return end
  -- every Eval reaching here is refused: a stranger's is dropped (never kept in Inbox), the owner's only in
  -- immutable mode (a mutable agent's owner Eval goes to aos's own handler)
  if msg.Action == 'Eval' then
    if AfkState.immutable and msg.From == AfkState.owner then
      R.send(msg.From, { { name = 'Action', value = 'Agent-Error' }, { name = 'Code', value = 'IMMUTABLE' },
        { name = 'Error', value = R.wire_text('immutable') }, { name = 'Request-Id', value = tostring(msg.Id or '') },
        { name = 'X-Reference', value = tostring(msg.Reference or '') } }, '')
    end
    return
  end
  local before = checkpoint(true)
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
  local risk = nil
  if AFK_DEF.risk then risk = R.risk.view(S, AFK_DEF.risk) end
  return {
    value = S.value,
    done = S.done,
    context = S.context,
    params = S.params,
    owner = S.owner,
    paused = S.paused,
    halted = S.halted,
    orders = orders,
    timers = S.timers,
    balances = S.balances,
    seq = S.seq,
    lastTick = S.lastTick or J.null,
    immutable = S.immutable,
    syncs = S.syncs,
    paramsRev = S.paramsRev,
    risk = risk,
    gather = S.gather,
    batch = S.batch,
  }
end

function R.boot(def)
  AFK_DEF = def
  if AfkState == nil then
    local S = {
      value = '', done = false, context = R.copy(def.context), params = R.copy(def.params), owner = Owner,
      paused = false, halted = false, orders = {}, timers = {}, balances = {}, seq = Q.new('0'), lastTick = nil, lastNow = nil,
      immutable = def.immutable == true, syncs = {}, paramsRev = Q.new('0'), settled = {},
    }
    for _, name in ipairs(R.token_names(def, S.params)) do S.balances[name] = Q.new('0') end
    if def.risk then S.risk = R.risk.new_state() end
    AfkState = S
    local rt = { S = S, def = def, msg = { From = Owner }, logs = {}, now = Q.new(string.format('%d', os.time())) }
    S.lastNow = rt.now
    local E = nil
    local leaf, done = M.start(def.machine, function(a) E = run_action(rt, nil, a, E) end)
    S.value = leaf
    S.done = done
    for _, line in ipairs(rt.logs) do print(line) end
  end
  -- The agent consumes every message except a mutable agent's owner Eval: nothing a stranger sends is left for aos's
  -- default handler, which would keep it in Inbox (10,000 entries of any size: an Inbox flood exhausts the heap).
  Handlers.add('afk', function(msg)
    return msg.Action ~= 'Eval' or AfkState.immutable or msg.From ~= Owner
  end, R.handle)
  -- immutable mode: renounce aos's Owner so its Eval handler never matches again (AfkState.owner keeps the commands)
  if AfkState.immutable then Owner = '' end
end

return R
