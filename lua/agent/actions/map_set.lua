-- set: stores an integer under a string key of a context map. Twin of set.ts.
return function(rt, args, action)
  rt.S.context[action.static.map][args.key] = args.value
end
