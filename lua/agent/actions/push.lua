-- push: appends to a context ring buffer, dropping the oldest item when it holds `capacity`. A new ring each time
-- (context values are never changed in place: the rollback copy shares them). Twin of push.ts.
return function(rt, args, action)
  local ring = rt.S.context[action.static.ring]
  local n = #ring
  local from = n >= math.tointeger(tonumber(action.static.capacity)) and 2 or 1
  local out = table.move(ring, from, n, 1, {})
  out[n - from + 2] = args.value
  rt.S.context[action.static.ring] = setmetatable(out, getmetatable(ring))
end
