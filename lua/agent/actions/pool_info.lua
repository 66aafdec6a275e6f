-- poolInfo: Info to a Botega pool (a read, no funds move); its reply raises `info`, `info.failed`, or `info.timeout`
-- after timeoutMs. A new read of the same pool replaces an unanswered one. Not skipped while halted (it moves nothing
-- and carries its own timeout). Twin of primitives/actions/poolInfo.ts.
local R = require('afk.runtime')
local Q = require('afk.q')
local MAX_TIMEOUT = Q.new('86400000')
local ZERO = Q.new('0')

-- a due `info.<order>` timer: the pending read gives up, its late reply will be ignored
R.timer_events['info'] = function(rt, timer)
  local oid = timer:sub(6)
  local o = rt.S.orders[oid]
  if o == nil or o.kind ~= 'info' then return nil end
  rt.S.orders[oid] = nil
  return { type = 'info.timeout', f = { order = oid, pool = o.pool } }
end

return function(rt, args)
  local timeout = args.timeoutMs
  if timeout <= ZERO or timeout > MAX_TIMEOUT then Q.fail('INVALID_QUANTITY', 'poolInfo timeout must be 1 ms to a day') end
  R.open_pool_read(rt, { kind = 'info', pool = args.pool, action = 'Info', timeout = timeout })
end
