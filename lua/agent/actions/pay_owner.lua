-- payOwner: pays the whole booked balance of a configured token to the owner, booked like the owner's Withdraw of
-- everything (R.pay_owner); nothing at a zero balance. Not skipped while halted: its only recipient is the owner.
local R = require('afk.runtime')
local Q = require('afk.q')
return function(rt, args)
  local name = R.token_param(rt.def, args.token)
  if name == nil then Q.fail('UNKNOWN_TOKEN', 'payOwner of an unconfigured token ' .. Q.str(args.token)) end
  local q = rt.S.balances[name]
  if q > Q.new('0') then R.pay_owner(rt, name, q) end
end
