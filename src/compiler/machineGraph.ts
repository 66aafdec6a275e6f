import type { StrategyIR } from '../strategy/ir.ts'

/** The shape of a compiled machine, comparable between the TS IR and the table read back from compiled Lua. */
export interface MachineGraph {
  nodes: Array<{
    path: string
    parent: string | null
    kind: string
    initial: string | null
    entry: string[]
    exit: string[]
  }>
  transitions: Array<{
    source: string
    event: string
    index: number
    target: string | null
    guarded: boolean
    reenter: boolean
    actions: string[]
  }>
}

export function graphOfIr(ir: StrategyIR): MachineGraph {
  const nodes = ir.nodes.map((n) => ({
    path: n.path,
    parent: n.parent,
    kind: n.kind,
    initial: n.initial ?? null,
    entry: n.entry.map((a) => a.name),
    exit: n.exit.map((a) => a.name),
  }))
  const transitions = ir.nodes.flatMap((n) =>
    n.on.flatMap(([event, ts]) =>
      ts.map((t, index) => ({
        source: n.path,
        event,
        index,
        target: t.target ?? null,
        guarded: t.guard !== undefined,
        reenter: t.reenter,
        actions: t.actions.map((a) => a.name),
      })),
    ),
  )
  return sortGraph({ nodes, transitions })
}

export function sortGraph(g: MachineGraph): MachineGraph {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  return {
    nodes: [...g.nodes].sort((a, b) => cmp(a.path, b.path)),
    // afk's Lua JSON writes integers as strings
    transitions: g.transitions
      .map((t) => ({ ...t, index: Number(t.index) }))
      .sort((a, b) => cmp(a.source, b.source) || cmp(a.event, b.event) || a.index - b.index),
  }
}

/** Lua that encodes the loaded agent's machine table in MachineGraph form (run with an owner Eval). */
export const DUMP_MACHINE_LUA = `
local J = require("afk.json")
local names = function(list) local o = J.array({}) for i, a in ipairs(list or {}) do o[i] = a.name end return o end
local nodes, transitions = J.array({}), J.array({})
for path, n in pairs(AFK_DEF.machine.nodes) do
  nodes[#nodes + 1] = { path = path, parent = n.parent or J.null, kind = n.kind, initial = n.initial or J.null, entry = names(n.entry), exit = names(n.exit) }
  for event, cands in pairs(n.on or {}) do
    for i, t in ipairs(cands) do
      transitions[#transitions + 1] = { source = path, event = event, index = i - 1, target = t.target or J.null,
        guarded = t.guard ~= nil, reenter = t.reenter == true, actions = names(t.actions) }
    end
  end
end
return J.encode({ nodes = nodes, transitions = transitions })`
