-- Cron tick: only the CU-generated boolean `Cron` counts (a sender's `Cron` tag is a string and is ignored).
return {
  name = 'tick',
  match = function(rt, msg)
    if msg.Cron ~= true then return nil end
    rt.S.lastTick = rt.now
    if rt.S.paused then return 'handled' end
    return { type = 'tick', f = {} }
  end,
}
