-- notify: a message to the current owner (Action=Afk-Notice) with a text body.
local R = require('afk.runtime')
return function(rt, args)
  R.send(rt.S.owner, { { name = 'Action', value = 'Afk-Notice' }, { name = 'Topic', value = args.topic } }, args.message)
end
