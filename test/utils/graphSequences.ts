import { getShortestPaths, getSimplePaths } from 'xstate/graph'
import { toXstate } from '../../src/engine/runtime/toXstate.ts'
import type { StrategyIR } from '../../src/strategy/ir.ts'
import type { Choice } from './drive.ts'

/** Which stimulus (drive.ts choice kind) produces each machine event; ticks get a deposit first so guards can pass. */
const KIND: Record<string, number[]> = {
  tick: [1, 0],
  credit: [1],
  quote: [3],
  'quote.failed': [4],
  'swap.filled': [5],
  'swap.refunded': [6],
  'swap.failed': [7],
  'transfer.failed': [7],
  'transfer.error': [26],
  debit: [8],
  balance: [9],
  'owner.pause': [10],
  'owner.halt': [25],
  'owner.resume': [11],
  'owner.withdraw': [13],
  'owner.update-params': [14],
  'owner.transfer-ownership': [15],
  'owner.liquidate': [16],
}

/**
 * Event sequences from the machine's graph (xstate/graph simple and shortest paths, guards assumed passable),
 * turned into stimulus choices. Guards are then evaluated for real on both engines.
 */
export function graphSequences(ir: StrategyIR, limit = 200): Choice[][] {
  // every guarded candidate becomes its own event `type#j`, so the graph reaches what each alternative leads to
  const split: StrategyIR = {
    ...ir,
    nodes: ir.nodes.map((n) => ({
      ...n,
      on: n.on.flatMap(([e, ts]) =>
        ts.map((t, j) => [`${e}#${j}`, [{ ...t, guard: undefined }]] as [string, typeof ts]),
      ),
    })),
  }
  const { machine } = toXstate(split, () => true)
  const types = [...new Set(split.nodes.flatMap((n) => n.on.map(([e]) => e)))].sort()
  const events = types.map((type) => ({ type }))
  const shortest = getShortestPaths(machine, { events })
  const paths: string[][] = []
  const typesOf = (p: (typeof shortest)[number]) =>
    p.steps.map((s) => s.event.type.replace(/#\d+$/, '')).filter((t) => !t.startsWith('xstate.'))
  // transition coverage: reach each state by its shortest path, then send every event that state (or an ancestor) handles
  for (const p of shortest) {
    const base = typesOf(p)
    paths.push(base)
    for (const t of types) paths.push([...base, t.replace(/#\d+$/, '')])
  }
  for (const p of getSimplePaths(machine, { events, limit: 2000 })) paths.push(typesOf(p))
  const seen = new Set<string>()
  const out: Choice[][] = []
  for (const evs of paths) {
    const key = evs.join('>')
    if (seen.has(key) || evs.length === 0) continue
    seen.add(key)
    out.push(
      evs.flatMap((t, i) =>
        (t.startsWith('timeout.') ? [25] : (KIND[t] ?? [0])).map((kind) => ({
          kind,
          a: kind === 0 ? 0 : 5,
          b: i + 1,
        })),
      ),
    )
    if (out.length >= limit) break
  }
  return out
}
