-- ask: sends a request to another process (aos Reference; replies carry X-Reference) and waits for its reply:
-- `reply.<name>` (checked against the strategy's schema), `reply.<name>.invalid`, or `reply.<name>.timeout` after
-- timeoutMs. One ask per reply name is pending, a new one supersedes it. Request tags named in `echo` must come
-- back unchanged (a reply provoked through Reply-To with other tags is ignored). Twin of primitives/actions/ask.ts.
local R = require('afk.runtime')
local Q = require('afk.q')
local MAX_TIMEOUT = Q.new('86400000')

-- a due `reply.<name>` timer: the pending ask gives up, its late reply will be ignored
R.timer_events['reply'] = function(rt, timer)
  local name = timer:sub(7)
  for id, o in pairs(rt.S.orders) do
    if o.kind == 'ask' and o.reply == name then
      rt.S.orders[id] = nil
      return { type = 'reply.' .. name .. '.timeout', f = { order = id } }
    end
  end
  return nil
end

return function(rt, args, action)
  local S = rt.S
  local name = action.static.reply
  -- a token's Transfer moves funds the books would not see, and ask is not skipped while halted: never
  if args.action == 'Transfer' then
    Q.fail('UNAUTHORIZED', 'ask() cannot send Transfer: move funds with transfer() or swap()')
  end
  local timeout = args.timeoutMs
  if timeout <= Q.new('0') or timeout > MAX_TIMEOUT then Q.fail('INVALID_QUANTITY', 'ask timeout must be 1 ms to a day') end
  for id, o in pairs(S.orders) do
    if o.kind == 'ask' and o.reply == name then S.orders[id] = nil end
  end
  local tags = { { name = 'Action', value = args.action } }
  local list = action.args
  for i = 1, #list, 2 do
    local tag = list[i]:match('^tag:(.+)$')
    if tag then tags[#tags + 1] = { name = tag, value = tostring(args[list[i]]) } end
  end
  local id = R.next_order_id(S)
  local ref = R.send(args.process, tags, args.data and Q.str(args.data) or '')
  local deadline = Q.add(rt.now, timeout)
  local order = { id = id, kind = 'ask', reply = name, target = args.process, ref = ref, sentAt = Q.str(rt.now),
    deadline = tostring(deadline) }
  for e in string.gmatch(action.static.echo or '', '[^,]+') do order['echo:' .. e] = tostring(args['tag:' .. e]) end
  S.orders[id] = order
  S.timers['reply.' .. name] = deadline
end
