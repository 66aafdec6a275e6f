-- reserves: Get-Reserves to a Botega pool (a read, no funds move); the reply becomes a `reserves` event with the
-- reserves of tokenIn and tokenOut, or `reserves.timeout` after timeoutMs (default a minute) drops the read. A new
-- read of the same pool replaces an unanswered one. Twin of reserves.ts.
local R = require('afk.runtime')
local Q = require('afk.q')
local DEFAULT_TIMEOUT = Q.new('60000')
local MAX_TIMEOUT = Q.new('86400000')
local ZERO = Q.new('0')

-- a due `reserves.<order>` timer: the pending read gives up, its late reply will be ignored
R.timer_events['reserves'] = function(rt, timer)
  local oid = timer:sub(10)
  local o = rt.S.orders[oid]
  if o == nil or o.kind ~= 'reserves' then return nil end
  rt.S.orders[oid] = nil
  return { type = 'reserves.timeout', f = { order = oid, pool = o.pool, tokenIn = o.tokenIn, tokenOut = o.tokenOut } }
end

return function(rt, args)
  local timeout = args.timeoutMs
  if timeout == nil then timeout = DEFAULT_TIMEOUT end
  if timeout <= ZERO or timeout > MAX_TIMEOUT then Q.fail('INVALID_QUANTITY', 'reserves timeout must be 1 ms to a day') end
  R.open_pool_read(rt, { kind = 'reserves', pool = args.pool, action = 'Get-Reserves', timeout = timeout },
    { tokenIn = args.tokenIn, tokenOut = args.tokenOut })
end
