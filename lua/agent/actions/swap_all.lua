-- swapAll: one swap per list item (an item whose amount is 0 is skipped), all in flight together; each outcome is a
-- swap.* event carrying the item's index, and `swaps.done` follows once all resolved or the timeout passed. A halted
-- agent sends nothing: its batch is empty and completes at once. Twin of batchActions.ts.
local R = require('afk.runtime')
local B = require('afk.batch')
return function(rt, args, action)
  B.start_batch(rt, args.after, R.next_order_id)
  if rt.S.halted then
    rt.logs[#rt.logs + 1] = 'afk:log {"event":"halted","fields":{"action":"swapAll"}}'
  else
    B.each_item(rt, args, action)
  end
end
