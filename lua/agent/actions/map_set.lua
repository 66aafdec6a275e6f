-- set: stores an integer under a string key of a context map, in a new map (context values are never changed in
-- place: the rollback copy shares them). Twin of set.ts.
return function(rt, args, action)
  local old = rt.S.context[action.static.map]
  local m = {}
  for k, v in pairs(old) do m[k] = v end
  m[args.key] = args.value
  rt.S.context[action.static.map] = setmetatable(m, getmetatable(old))
end
