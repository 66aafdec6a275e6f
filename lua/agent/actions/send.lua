-- send: a message with an Action and custom tags (args named `tag:<Name>`, already sorted by name).
local R = require('afk.runtime')
return function(rt, args, action)
  local tags = { { name = 'Action', value = args.action } }
  local list = action.args
  for i = 1, #list, 2 do
    local tag = list[i]:match('^tag:(.+)$')
    if tag then tags[#tags + 1] = { name = tag, value = tostring(args[list[i]]) } end
  end
  R.send(args.target, tags, args.data and tostring(args.data) or '')
end
