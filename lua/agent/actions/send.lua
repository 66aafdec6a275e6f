-- send: a message with an Action and custom tags (args named `tag:<Name>`, already sorted by name).
local R = require('afk.runtime')
return function(rt, args, action)
  local tags = { { name = 'Action', value = args.action } }
  for _, kv in ipairs(action.args) do
    local tag = kv[1]:match('^tag:(.+)$')
    if tag then tags[#tags + 1] = { name = tag, value = tostring(args[kv[1]]) } end
  end
  R.send(args.target, tags, args.data and tostring(args.data) or '')
end
