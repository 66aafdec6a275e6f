-- Batches: a scatter-gather of quotes (quoteAll) and a batch of swaps in flight together (swapAll). Replies and
-- fills are recorded while the runtime books a message (phase 1); the completion event (`quotes`, `swaps.done`) is
-- raised in the strategy phase, after the message's own event, once nothing is pending or the deadline passed, so a
-- strategy error undoes only the completion, which the next message raises again. Twin of runtime/batch.ts.
local Q = require('afk.q')
local J = require('afk.json')
local B = {}

local ZERO = Q.new('0')
local ONE = Q.new('1')
-- completion rounds per message: a completion handler may start another batch that completes at once
local MAX_ROUNDS = 4

local function drop_gather_quotes(S)
  local g = S.gather
  if g == nil then return end
  for _, it in ipairs(g.items) do
    if not it.done then S.orders[it.order] = nil end
  end
end

function B.start_gather(rt, after, next_id)
  local S = rt.S
  if after <= ZERO then Q.fail('INVALID_QUANTITY', 'quoteAll timeout must be positive') end
  drop_gather_quotes(S)
  S.gather = { id = next_id(S), deadline = Q.add(rt.now, after), open = true, items = setmetatable({}, J.array_mt) }
end

function B.add_gather_item(rt, index, o)
  local g = rt.S.gather
  if g == nil or not g.open then Q.fail('INVALID_COMMAND', 'an indexed quote runs only inside quoteAll') end
  o.batch = g.id
  o.index = tostring(index)
  g.items[#g.items + 1] = { index = index, order = o.id, pool = o.pool, token = o.tokenIn, amountIn = Q.new(o.amountIn),
    output = ZERO, fee = ZERO, ok = false, done = false, reason = '' }
end

function B.record_quote(S, o, output, fee, reason)
  local g = S.gather
  if g == nil or not g.open or g.id ~= o.batch then return end
  for _, it in ipairs(g.items) do
    if it.order == o.id then
      it.done = true
      it.ok = reason == ''
      it.output = output
      it.fee = fee
      it.reason = reason
      return
    end
  end
end

function B.start_batch(rt, after, next_id)
  if after <= ZERO then Q.fail('INVALID_QUANTITY', 'swapAll timeout must be positive') end
  rt.S.batch = { id = next_id(rt.S), deadline = Q.add(rt.now, after), open = true, total = ZERO, filled = ZERO,
    refunded = ZERO, failed = ZERO, pending = ZERO }
end

function B.add_batch_order(rt, index, o)
  local b = rt.S.batch
  if b == nil or not b.open then Q.fail('INVALID_COMMAND', 'an indexed swap runs only inside swapAll') end
  o.batch = b.id
  o.index = tostring(index)
  b.total = Q.add(b.total, ONE)
  b.pending = Q.add(b.pending, ONE)
end

-- Counts a swap order's outcome once, in its batch while that batch is open.
function B.resolve_order(S, o, how)
  if o.batch == nil or o.resolved ~= nil then return end
  o.resolved = how
  local b = S.batch
  if b == nil or not b.open or b.id ~= o.batch then return end
  b[how] = Q.add(b[how], ONE)
  b.pending = Q.sub(b.pending, ONE)
end

-- The list item index an order belongs to; -1 outside a batch.
function B.order_index(o)
  if o.index == nil then return Q.new('-1') end
  return Q.new(o.index)
end

-- Raises the completion events that are due, after the message's own event.
function B.complete(rt, dispatch)
  local S = rt.S
  for _ = 1, MAX_ROUNDS do
    local fired = false
    local g = S.gather
    if g ~= nil and g.open then
      local all = true
      for _, it in ipairs(g.items) do if not it.done then all = false end end
      if all or rt.now >= g.deadline then
        for _, it in ipairs(g.items) do
          if not it.done then
            S.orders[it.order] = nil
            it.done = true
            it.reason = 'timeout'
          end
        end
        g.open = false
        local ok = 0
        for _, it in ipairs(g.items) do if it.ok then ok = ok + 1 end end
        local total = Q.new(tostring(#g.items))
        dispatch({ type = 'quotes', f = { total = total, answered = Q.new(tostring(ok)), failed = Q.sub(total, Q.new(tostring(ok))) } })
        fired = true
      end
    end
    local b = S.batch
    if b ~= nil and b.open and (b.pending == ZERO or rt.now >= b.deadline) then
      b.open = false
      dispatch({ type = 'swaps.done', f = { total = b.total, filled = b.filled, refunded = b.refunded, failed = b.failed,
        pending = b.pending } })
      fired = true
    end
    if not fired then return end
  end
end

-- Runs the body (one indexed quote or swap) for each item of args.list, as forEach does.
function B.each_item(rt, args, action)
  local R = require('afk.runtime')
  local C = require('afk.coll')
  local items = {}
  for i, v in ipairs(args.list) do items[i] = v end
  local depth = math.tointeger(tonumber(action.static.depth))
  for i, v in ipairs(items) do
    local inner = C.bind(args.env, depth, v, i - 1)
    for _, a in ipairs(action.body or {}) do
      R.actions[a.name](rt, R.eval_args(a, inner), a)
    end
  end
end

return B
