-- reserves: Get-Reserves to a Botega pool (a read, no funds move); the reply becomes a `reserves` event with the
-- reserves of tokenIn and tokenOut. A new read of the same pool replaces an unanswered one. Twin of reserves.ts.
local R = require('afk.runtime')
return function(rt, args)
  local S = rt.S
  for id, o in pairs(S.orders) do
    if o.kind == 'reserves' and o.pool == args.pool then S.orders[id] = nil end
  end
  local id = R.next_order_id(S)
  local ref = R.send(args.pool, { { name = 'Action', value = 'Get-Reserves' } }, '')
  S.orders[id] = { id = id, kind = 'reserves', target = args.pool, pool = args.pool, tokenIn = args.tokenIn,
    tokenOut = args.tokenOut, sentAt = tostring(rt.now), ref = ref }
end
