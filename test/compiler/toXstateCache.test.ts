import { describe, expect, it } from 'vitest'
import { transition } from 'xstate'
import type { ExprNode } from '../../src/strategy/expr.ts'
import type { IrAction, IrNode } from '../../src/strategy/ir.ts'
import { start, step, toXstate } from '../../src/strategy/toXstate.ts'

// The transition cache (toXstate.ts) reuses results of unguarded transitions; guarded ones must be evaluated again.
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
