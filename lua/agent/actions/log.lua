-- log: a structured line in the message's Output (`afk:log {json}`), printed once the message's work is kept.
local J = require('afk.json')
return function(rt, args, action)
  local fields = {}
  for _, kv in ipairs(action.args) do fields[kv[1]] = args[kv[1]] end
  rt.logs[#rt.logs + 1] = 'afk:log ' .. J.encode({ event = action.static.event, fields = fields })
end
