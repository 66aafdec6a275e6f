import { describe, expect, it } from 'vitest'
import { transition } from 'xstate'
import { sharedXstate, start, step, toXstate } from '../../src/engine/runtime/toXstate.ts'
import type { ExprNode } from '../../src/strategy/expr.ts'
import type { IrAction, IrNode } from '../../src/strategy/ir.ts'

// The transition cache (toXstate.ts) reuses xstate's results as a decision tree over guard answers: guards are
// evaluated again on every step, the rest is reused.
const A1 = { kind: 'a1' } as unknown as IrAction
const A2 = { kind: 'a2' } as unknown as IrAction
const G = { kind: 'g' } as unknown as ExprNode
const nodes: IrNode[] = [
  { path: '', parent: null, order: 0, kind: 'compound', initial: 'idle', entry: [], exit: [], on: [] },
  {
    path: 'idle',
    parent: '',
    order: 1,
    kind: 'atomic',
    entry: [A2],
    exit: [],
    on: [
      ['GO', [{ event: 'GO', target: 'busy', reenter: false, actions: [A1] }]],
      ['TRY', [{ event: 'TRY', guard: G, target: 'busy', reenter: false, actions: [] }]],
    ],
  },
  {
    path: 'busy',
    parent: '',
    order: 2,
    kind: 'atomic',
    entry: [],
    exit: [],
    on: [['BACK', [{ event: 'BACK', target: 'idle', reenter: false, actions: [] }]]],
  },
]
const ir = { nodes } as unknown as Parameters<typeof toXstate>[0]

describe('xstate transition cache', () => {
  it('gives what xstate gives for unguarded transitions, from the cache the second time', () => {
    const x = toXstate(ir, () => true)
    const s0 = start(x).snapshot
    const a = step(x, s0, { type: 'GO' })
    expect(a.snapshot.value).toBe('busy')
    expect(a.actions).toEqual([A1])
    const [direct, acts] = transition(x.machine, s0, { type: 'GO' })
    expect(direct.value).toBe(a.snapshot.value)
    expect((acts as Array<{ type: string }>).filter((t) => t.type === 'afk')).toHaveLength(1)
    const back = step(x, a.snapshot, { type: 'BACK' })
    expect(back.snapshot.value).toBe('idle')
    expect(back.actions).toEqual([A2])
    // the same state reached again is the same snapshot object, so the next step comes from the cache
    expect(back.snapshot).toBe(s0)
    const again = step(x, back.snapshot, { type: 'GO' })
    expect(again.snapshot).toBe(a.snapshot)
    expect(again.actions).toEqual([A1])
    // callers get their own array
    again.actions.push(A2)
    expect(step(x, s0, { type: 'GO' }).actions).toEqual([A1])
  })

  it('evaluates guarded transitions every time (planted drift: a cached guard result would keep the first answer)', () => {
    let open = false
    const x = toXstate(ir, () => open)
    const s0 = start(x).snapshot
    expect(step(x, s0, { type: 'TRY' }).snapshot.value).toBe('idle')
    open = true
    expect(step(x, s0, { type: 'TRY' }).snapshot.value).toBe('busy')
    open = false
    expect(step(x, s0, { type: 'TRY' }).snapshot.value).toBe('idle')
  })
})

// two guarded alternatives and an unguarded fallback for one event, from a nested state
const G1 = { kind: 'g1' } as unknown as ExprNode
const G2 = { kind: 'g2' } as unknown as ExprNode
const B1 = { kind: 'b1' } as unknown as IrAction
const B2 = { kind: 'b2' } as unknown as IrAction
const B3 = { kind: 'b3' } as unknown as IrAction
const nested: IrNode[] = [
  { path: '', parent: null, order: 0, kind: 'compound', initial: 'a', entry: [], exit: [], on: [] },
  {
    path: 'a',
    parent: '',
    order: 1,
    kind: 'compound',
    initial: 'a1',
    entry: [],
    exit: [A2],
    on: [
      [
        'E',
        [
          { event: 'E', guard: G1, target: 'b', reenter: false, actions: [B1] },
          { event: 'E', guard: G2, target: 'a.a2', reenter: false, actions: [B2] },
          { event: 'E', target: 'b', reenter: true, actions: [B3] },
        ],
      ],
    ],
  },
  { path: 'a.a1', parent: 'a', order: 2, kind: 'atomic', entry: [], exit: [A1], on: [] },
  { path: 'a.a2', parent: 'a', order: 3, kind: 'atomic', entry: [], exit: [], on: [] },
  {
    path: 'b',
    parent: '',
    order: 4,
    kind: 'atomic',
    entry: [],
    exit: [],
    on: [['BACK', [{ event: 'BACK', target: 'a', reenter: false, actions: [] }]]],
  },
]
const nestedIr = { nodes: nested } as unknown as Parameters<typeof toXstate>[0]

/** Every guard combination, several rounds in a fixed scrambled order: step() against xstate's own transition(). */
function drifts(x: ReturnType<typeof toXstate>, answers: Map<ExprNode, boolean>): string[] {
  const out: string[] = []
  const combos = [
    [true, true],
    [false, true],
    [false, false],
    [true, false],
  ]
  for (let round = 0; round < 3; round++)
    for (let i = 0; i < combos.length; i++) {
      const [g1, g2] = combos[(i * 3 + round) % combos.length]
      answers.set(G1, g1)
      answers.set(G2, g2)
      for (const s0 of [start(x).snapshot, step(x, start(x).snapshot, { type: 'E' }).snapshot]) {
        const mine = step(x, s0, { type: 'E' })
        const [direct, acts] = transition(x.machine, s0, { type: 'E' })
        const want = (acts as unknown as Array<{ type: string; params?: { i: number } }>)
          .filter((a) => a.type === 'afk')
          .map((a) => x.actions[(a.params as { i: number }).i])
        if (JSON.stringify(mine.snapshot.value) !== JSON.stringify(direct.value))
          out.push(
            `g1=${g1} g2=${g2}: ${JSON.stringify(mine.snapshot.value)} vs ${JSON.stringify(direct.value)}`,
          )
        else if (JSON.stringify(mine.actions) !== JSON.stringify(want))
          out.push(`g1=${g1} g2=${g2}: actions differ`)
      }
    }
  return out
}

describe('xstate step cache: a decision tree over guard answers', () => {
  it('agrees with xstate for every guard combination, from the cache after the first time', () => {
    const answers = new Map<ExprNode, boolean>()
    const x = toXstate(nestedIr, (g) => answers.get(g) === true)
    expect(drifts(x, answers)).toEqual([])
  })

  it('planted drift: a tree that ignores the first guard answer is caught', () => {
    const answers = new Map<ExprNode, boolean>()
    const x = toXstate(nestedIr, (g) => answers.get(g) === true)
    expect(drifts(x, answers)).toEqual([])
    const root = x.cache.get(start(x).snapshot)?.get('E') as { g: number; t?: unknown; f?: unknown }
    expect(root.g).toBeTypeOf('number')
    root.t = root.f // the "true" answer of the first guard now leads where "false" does
    expect(drifts(x, answers).length).toBeGreaterThan(0)
  })

  it('same-graph runtimes share one machine; each step uses the guard set last', () => {
    const a = sharedXstate(nestedIr, () => true)
    const b = sharedXstate({ nodes: structuredClone(nested) } as typeof nestedIr, () => false)
    expect(b).toBe(a)
    expect(step(a, start(a).snapshot, { type: 'E' }).snapshot.value).toBe('b') // B's guard: G1, G2 false -> fallback
    a.guard = (g) => g === G1
    // G1 of the clone is another object: the guard sees the first IR's nodes, which it was built from
    expect(step(a, start(a).snapshot, { type: 'E' }).actions).toEqual([A1, A2, B1])
  })
})
