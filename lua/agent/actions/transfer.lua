-- transfer: pays `quantity` of a configured token to `recipient`; taken off the available balance when sent.
local R = require('afk.runtime')
local Q = require('afk.q')
return function(rt, args)
  local S = rt.S
  local name = R.token_param(rt.def, args.token)
  if name == nil then Q.fail('UNKNOWN_TOKEN', 'transfer of an unconfigured token ' .. Q.str(args.token)) end
  local q = args.quantity
  if q <= Q.new('0') then Q.fail('INVALID_QUANTITY', 'transfer quantity must be positive') end
  if q > S.balances[name] then Q.fail('INSUFFICIENT_FUNDS', 'transfer exceeds the available balance') end
  S.balances[name] = Q.sub(S.balances[name], q)
  local id = R.next_order_id(S)
  local ref = R.send(args.token, {
    { name = 'Action', value = 'Transfer' }, { name = 'Recipient', value = args.recipient },
    { name = 'Quantity', value = Q.str(q) }, { name = 'X-Afk-Order', value = id } }, '')
  S.orders[id] = { id = id, kind = 'transfer', target = args.token, tokenParam = name, amount = Q.str(q),
    recipient = args.recipient, sentAt = Q.str(rt.now), ref = ref }
end
