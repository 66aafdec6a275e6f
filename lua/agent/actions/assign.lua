-- assign: every value is evaluated against the old context first, then all are written (as xstate's assign).
return function(rt, args, action)
  local list, context = action.args, rt.S.context
  for i = 1, #list, 2 do context[list[i]] = args[list[i]] end
end
