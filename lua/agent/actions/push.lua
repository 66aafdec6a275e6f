-- push: appends to a context ring buffer, dropping the oldest item when it holds `capacity`. Twin of push.ts.
return function(rt, args, action)
  local ring = rt.S.context[action.static.ring]
  if #ring >= math.tointeger(tonumber(action.static.capacity)) then table.remove(ring, 1) end
  ring[#ring + 1] = args.value
end
