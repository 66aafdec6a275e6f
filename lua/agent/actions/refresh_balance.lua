-- refreshBalance: resyncs a configured token (see R.start_sync); the reply that completes it is a `balance` event.
local R = require('afk.runtime')
local Q = require('afk.q')
return function(rt, args)
  local name = R.token_param(rt.def, args.token)
  if name == nil then Q.fail('UNKNOWN_TOKEN', 'unconfigured token ' .. Q.str(args.token)) end
  R.start_sync(rt, name)
end
