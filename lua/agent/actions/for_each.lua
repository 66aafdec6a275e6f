-- forEach: the body's actions for each item of a list (read once, before the first item). Its `env` argument is
-- the env its arguments were evaluated in, so the body sees the same event, context and loops. Twin of forEach.ts.
local R = require('afk.runtime')
local C = require('afk.coll')
return function(rt, args, action)
  local items = {}
  for i, v in ipairs(args.list) do items[i] = v end
  local depth = math.tointeger(tonumber(action.static.depth))
  for i, v in ipairs(items) do
    local inner = C.bind(args.env, depth, v, i - 1)
    for _, a in ipairs(action.body or {}) do
      -- a halt skips an order inside a loop as it does outside
      if not R.skip_while_halted(rt, a.name) then
        R.actions[a.name](rt, R.eval_args(a, inner), a)
      end
    end
  end
end
