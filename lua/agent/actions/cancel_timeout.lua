return function(rt, args, action)
  rt.S.timers[action.static.name] = nil
end
