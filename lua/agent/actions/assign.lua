-- assign: every value is evaluated against the old context first, then all are written (as xstate's assign).
return function(rt, args, action)
  for _, kv in ipairs(action.args) do rt.S.context[kv[1]] = args[kv[1]] end
end
