-- Cron tick (only the CU-generated boolean `Cron` counts; a sender's `Cron` tag is a string and is ignored), or a
-- keeper tick: `Action=Tick` from the wallet in the `keeper` param. Time is cut into slots of one cron interval
-- (slot = now // interval); a keeper tick acts only in a slot no tick has acted in, and a cron tick in a slot a keeper
-- tick already used is dropped, so no slot acts twice. Twin of src/engine/runtime/primitives/events/tick.ts;
-- its definition (src/strategy/primitives/events/tick.ts) owns the param name and Action the compiler puts in DEF.tick.
local Q = require('afk.q')

return {
  name = 'tick',
  match = function(rt, msg)
    local S = rt.S
    local T = rt.def.tick
    local every = T and T.ms
    if msg.Cron == true then
      if every ~= nil and S.keeperSlot ~= nil and S.keeperSlot == Q.div(rt.now, every) then return 'handled' end
    else
      if every == nil or msg.Action ~= T.keeperAction then return nil end
      local keeper = S.params[T.keeperParam]
      if type(keeper) ~= 'string' or keeper == '' or msg.From ~= keeper then return nil end
      local slot = Q.div(rt.now, every)
      if S.lastTick ~= nil and Q.div(S.lastTick, every) == slot then return 'handled' end
      S.keeperSlot = slot
    end
    S.lastTick = rt.now
    if S.paused or S.halted then return 'handled' end
    return { type = 'tick', f = {} }
  end,
}
