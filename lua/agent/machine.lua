-- Interpreter for compiled afk state machines. It reproduces xstate v5's semantics for the supported subset (atomic,
-- compound and top-level final states; guarded, targetless and reentering transitions; entry/exit actions):
-- transition selection from the deepest active state up, the transition domain, exit order (deepest first), then
-- transition actions, then entry order (outermost first). Actions run through `run(action)` in that order.
local M = {}

local function parent_of(nodes, path)
  local n = nodes[path]
  return n and n.parent
end

-- strict descendant test: is `a` below `b`? ('' is the root)
local function is_descendant(a, b)
  if a == b then return false end
  if b == '' then return true end
  return a:sub(1, #b + 1) == b .. '.'
end
M.is_descendant = is_descendant

-- active nodes from the root ('' included) down to `leaf`
local function active_path(nodes, leaf)
  local path = {}
  local p = leaf
  while p ~= nil do
    table.insert(path, 1, p)
    p = parent_of(nodes, p)
  end
  return path
end
M.active_path = active_path

local function lca(nodes, a, b)
  -- closest proper ancestor of `a` that has `b` as a strict descendant
  local p = parent_of(nodes, a)
  while p ~= nil do
    if is_descendant(b, p) then return p end
    p = parent_of(nodes, p)
  end
  return nil
end

-- Picks the transition for `event_type` (first enabled candidate, deepest state first). Returns t, source.
function M.select(machine, leaf, event_type, guard_ok)
  local nodes = machine.nodes
  local p = leaf
  while p ~= nil do
    local node = nodes[p]
    local cands = node.on and node.on[event_type]
    if cands then
      for _, t in ipairs(cands) do
        if t.guard == nil or guard_ok(t.guard) then return t, p end
      end
    end
    p = node.parent
  end
  return nil
end

local function descend_initial(nodes, path, out)
  local n = nodes[path]
  while n.kind == 'compound' do
    path = (path == '' and '' or path .. '.') .. n.initial
    out[#out + 1] = path
    n = nodes[path]
  end
  return path
end

-- Applies transition t from `source` with active leaf `leaf`. Calls run(action) for every action in xstate order.
-- Returns the new leaf and whether the machine reached a top-level final state.
function M.apply(machine, leaf, t, source, run)
  local nodes = machine.nodes
  if t.target == nil then
    for _, a in ipairs(t.actions) do run(a) end
    return leaf, false
  end
  local target = t.target
  local domain
  if not t.reenter and (target == source or is_descendant(target, source)) then
    domain = source
  else
    domain = lca(nodes, source, target)
  end
  -- exit set: active states strictly below the domain (plus the source itself on a reentering self-transition)
  local active = active_path(nodes, leaf)
  local exits = {}
  for i = #active, 1, -1 do
    local s = active[i]
    if domain == nil or is_descendant(s, domain) or (t.reenter and s == source and source == domain) then
      exits[#exits + 1] = s
    end
  end
  for _, s in ipairs(exits) do
    for _, a in ipairs(nodes[s].exit) do run(a) end
  end
  for _, a in ipairs(t.actions) do run(a) end
  -- entry set: target's ancestors below the domain, the target (unless a non-reentering self-transition), then
  -- the target's initial descendants; entered outermost first
  local enter = {}
  local anc = {}
  local p = parent_of(nodes, target)
  while p ~= nil and p ~= domain do
    table.insert(anc, 1, p)
    p = parent_of(nodes, p)
  end
  for _, s in ipairs(anc) do if s ~= '' then enter[#enter + 1] = s end end
  if target ~= source or source ~= domain or t.reenter then enter[#enter + 1] = target end
  local new_leaf = descend_initial(nodes, target, enter)
  local done = false
  for _, s in ipairs(enter) do
    for _, a in ipairs(nodes[s].entry) do run(a) end
    if nodes[s].kind == 'final' and nodes[s].parent == '' then done = true end
  end
  if done then
    local now_active = active_path(nodes, new_leaf)
    for i = #now_active, 1, -1 do
      for _, a in ipairs(nodes[now_active[i]].exit) do run(a) end
    end
  end
  return new_leaf, done
end

-- Initial entry: the root's entry actions, then each initial state's, outermost first.
function M.start(machine, run)
  local nodes = machine.nodes
  local enter = { '' }
  local leaf = descend_initial(nodes, '', enter)
  local done = false
  for _, s in ipairs(enter) do
    for _, a in ipairs(nodes[s].entry) do run(a) end
    if nodes[s].kind == 'final' and nodes[s].parent == '' then done = true end
  end
  return leaf, done
end

return M
