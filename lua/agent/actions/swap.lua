-- swap (Botega dialect): a token Transfer to the pool with X-Action=Swap, X-Expected-Min-Output and our own
-- X-Afk-Order tag, which the token and the pool echo on the fill or refund. Every swap passes the risk controls
-- (afk.risk, linked when the strategy declares them) first; `quoted` feeds the slippage budget.
local R = require('afk.runtime')
local Q = require('afk.q')
return function(rt, args)
  local S = rt.S
  local name = R.token_param(rt.def, args.tokenIn)
  if name == nil or R.token_param(rt.def, args.tokenOut) == nil then
    Q.fail('UNKNOWN_TOKEN', 'swap tokens must be configured token params')
  end
  -- inside swapAll, an item with nothing to trade is skipped
  if args.index ~= nil and args.amountIn == Q.new('0') then return end
  if args.amountIn <= Q.new('0') then Q.fail('INVALID_QUANTITY', 'swap amount must be positive') end
  if args.minOut <= Q.new('0') then Q.fail('INVALID_QUANTITY', 'swap min output must be positive') end
  if args.amountIn > S.balances[name] then Q.fail('INSUFFICIENT_FUNDS', 'swap exceeds the available balance') end
  if R.risk and not R.risk.admit(rt, { kind = 'swap', tokenParam = name, token = args.tokenIn,
    tokenOut = args.tokenOut, amount = args.amountIn, minOut = args.minOut, quoted = args.quoted }) then return end
  S.balances[name] = Q.sub(S.balances[name], args.amountIn)
  local id = R.next_order_id(S)
  local ref = R.send(args.tokenIn, {
    { name = 'Action', value = 'Transfer' }, { name = 'Recipient', value = args.pool },
    { name = 'Quantity', value = Q.str(args.amountIn) }, { name = 'X-Action', value = 'Swap' },
    { name = 'X-Expected-Min-Output', value = Q.str(args.minOut) }, { name = 'X-Afk-Order', value = id } }, '')
  local o = { id = id, kind = 'swap', target = args.tokenIn, pool = args.pool, tokenIn = args.tokenIn,
    tokenOut = args.tokenOut, tokenParam = name, amountIn = Q.str(args.amountIn), minOut = Q.str(args.minOut),
    sentAt = Q.str(rt.now), ref = ref }
  if args.index ~= nil then require('afk.batch').add_batch_order(rt, args.index, o) end
  S.orders[id] = o
end
