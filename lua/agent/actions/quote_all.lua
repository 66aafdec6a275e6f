-- quoteAll: one Get-Swap-Output per list item, gathered into one `quotes` event when every reply, verified failure
-- or the timeout is in. A halted agent sends nothing: its gather is empty and completes at once. Twin of
-- batchActions.ts.
local R = require('afk.runtime')
local B = require('afk.batch')
return function(rt, args, action)
  B.start_gather(rt, args.after, R.next_order_id)
  if rt.S.halted then
    rt.logs[#rt.logs + 1] = 'afk:log {"event":"halted","fields":{"action":"quoteAll"}}'
  else
    B.each_item(rt, args, action)
  end
end
