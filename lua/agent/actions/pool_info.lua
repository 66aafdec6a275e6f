-- poolInfo: Info to a Botega pool (a read, no funds move); its reply raises `info`, `info.failed`, or `info.timeout`
-- after timeoutMs. A new read of the same pool replaces an unanswered one. Not skipped while halted (it moves nothing
-- and carries its own timeout). Twin of primitives/actions/poolInfo.ts.
local R = require('afk.runtime')
local Q = require('afk.q')
local MAX_TIMEOUT = Q.new('86400000')

-- a due `info.<order>` timer: the pending read gives up, its late reply will be ignored
R.timer_events['info'] = function(rt, timer)
  local oid = timer:sub(6)
  local o = rt.S.orders[oid]
  if o == nil or o.kind ~= 'info' then return nil end
  rt.S.orders[oid] = nil
  return { type = 'info.timeout', f = { order = oid, pool = o.pool } }
end

return function(rt, args)
  local S = rt.S
  local timeout = args.timeoutMs
  if timeout <= Q.new('0') or timeout > MAX_TIMEOUT then Q.fail('INVALID_QUANTITY', 'poolInfo timeout must be 1 ms to a day') end
  for id, o in pairs(S.orders) do
    if o.kind == 'info' and o.pool == args.pool then
      S.orders[id] = nil
      S.timers['info.' .. id] = nil
    end
  end
  local id = R.next_order_id(S)
  local ref = R.send(args.pool, { { name = 'Action', value = 'Info' } }, '')
  local deadline = Q.add(rt.now, timeout)
  S.orders[id] = { id = id, kind = 'info', target = args.pool, pool = args.pool, sentAt = Q.str(rt.now), ref = ref,
    deadline = tostring(deadline) }
  S.timers['info.' .. id] = deadline
end
