-- scheduleTimeout: AO has no timers, so a timeout fires on the first message at or after its deadline.
local Q = require('afk.q')
return function(rt, args, action)
  if args.after < Q.new('0') then Q.fail('INVALID_QUANTITY', 'timeout delay must not be negative') end
  rt.S.timers[action.static.name] = Q.add(rt.now, args.after)
end
