-- refreshBalance: asks a configured token for this agent's balance; the reply becomes a `balance` event.
local R = require('afk.runtime')
local Q = require('afk.q')
return function(rt, args)
  if R.token_param(rt.def, args.token) == nil then Q.fail('UNKNOWN_TOKEN', 'unconfigured token ' .. tostring(args.token)) end
  R.send(args.token, { { name = 'Action', value = 'Balance' }, { name = 'Recipient', value = ao.id } }, '')
end
