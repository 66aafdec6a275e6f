-- log: a structured line in the message's Output (`afk:log {json}`), collected by engines and the harness.
local J = require('afk.json')
return function(rt, args, action)
  local fields = {}
  for _, kv in ipairs(action.args) do fields[kv[1]] = args[kv[1]] end
  print('afk:log ' .. J.encode({ event = action.static.event, fields = fields }))
end
