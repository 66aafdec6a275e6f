-- quote: asks a Botega pool for Get-Swap-Output (fees included); the reply becomes a `quote` event. A new quote to
-- the same pool supersedes an unanswered one (the real pool sends no reply to some requests), so they never pile up.
local R = require('afk.runtime')
local Q = require('afk.q')
return function(rt, args)
  local S = rt.S
  if args.amountIn <= Q.new('0') then Q.fail('INVALID_QUANTITY', 'quote amount must be positive') end
  for id, o in pairs(S.orders) do
    if args.index == nil and o.kind == 'quote' and o.pool == args.pool and o.batch == nil then S.orders[id] = nil end
  end
  local id = R.next_order_id(S)
  local ref = R.send(args.pool, {
    { name = 'Action', value = 'Get-Swap-Output' }, { name = 'Token', value = args.tokenIn },
    { name = 'Quantity', value = Q.str(args.amountIn) }, { name = 'Swapper', value = ao.id } }, '')
  local o = { id = id, kind = 'quote', target = args.pool, pool = args.pool, tokenIn = args.tokenIn,
    amountIn = Q.str(args.amountIn), sentAt = Q.str(rt.now), ref = ref, paramsRev = Q.str(S.paramsRev) }
  -- inside quoteAll: one gathered item
  if args.index ~= nil then require('afk.batch').add_gather_item(rt, args.index, o) end
  S.orders[id] = o
end
