-- log: a structured line in the message's Output (`afk:log {json}`), printed once the message's work is kept.
local J = require('afk.json')
return function(rt, args, action)
  local fields = {}
  local list = action.args
  for i = 1, #list, 2 do fields[list[i]] = args[list[i]] end
  rt.logs[#rt.logs + 1] = 'afk:log ' .. J.encode({ event = action.static.event, fields = fields })
end
