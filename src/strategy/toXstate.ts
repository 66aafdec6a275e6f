import {
  type AnyMachineSnapshot,
  type AnyStateMachine,
  createMachine,
  initialTransition,
  setup,
  transition,
} from 'xstate'
import type { ExprNode } from './expr.ts'
import type { IrAction, IrNode, StrategyIR } from './ir.ts'

/**
 * The IR as a real xstate v5 machine (built with `setup()`). xstate decides which transition is taken and the exact
 * order of exit/transition/entry actions; afk actions come back as `{ type: 'afk', params: { i } }` and the runtime
 * executes them in that order. Guards are evaluated through the `guard` callback with the current env.
 */
export interface XstateMachine {
  machine: AnyStateMachine
  actions: IrAction[]
  guards: ExprNode[]
  /** guard evaluations so far: a transition that evaluated none depends on (snapshot, event type) only */
  guardCalls: number
  /**
   * Transitions that evaluated no guard, by source snapshot object and event type. xstate's `transition` is pure and
   * our events carry only a type, so the same snapshot object and type give the same result: it is reused instead of
   * building xstate's inert actor scope again (most of a step's allocation). Guarded transitions are never cached.
   */
  cache: WeakMap<AnyMachineSnapshot, Map<string, { snapshot: AnyMachineSnapshot; actions: IrAction[] }>>
  /**
   * One snapshot object per (status, state value) for snapshots that hold nothing else (no context, history or
   * children: afk keeps its state outside xstate), so a state reached by a guarded transition finds the cache too.
   */
  canonical: Map<string, AnyMachineSnapshot>
}

export function toXstate(ir: StrategyIR, guard: (g: ExprNode) => boolean): XstateMachine {
  const actions: IrAction[] = []
  const guards: ExprNode[] = []
  const act = (list: IrAction[]) =>
    list.map((a) => {
      actions.push(a)
      return { type: 'afk' as const, params: { i: actions.length - 1 } }
    })
  const byParent = new Map<string | null, IrNode[]>()
  for (const n of ir.nodes) byParent.set(n.parent, [...(byParent.get(n.parent) ?? []), n])
  const config = (n: IrNode): Record<string, unknown> => {
    const on: Record<string, unknown[]> = {}
    for (const [evt, ts] of n.on)
      on[evt] = ts.map((t) => {
        const out: Record<string, unknown> = { actions: act(t.actions), reenter: t.reenter }
        if (t.target !== undefined) out.target = `#afk.${t.target}`
        if (t.guard) {
          guards.push(t.guard)
          out.guard = { type: 'afk', params: { g: guards.length - 1 } }
        }
        return out
      })
    const c: Record<string, unknown> = { entry: act(n.entry), exit: act(n.exit), on }
    if (n.kind === 'final') c.type = 'final'
    if (n.kind === 'compound') {
      c.initial = n.initial
      c.states = Object.fromEntries(
        (byParent.get(n.path) ?? []).map((ch) => [
          ch.path.slice(n.path === '' ? 0 : n.path.length + 1),
          config(ch),
        ]),
      )
    }
    return c
  }
  const root = config(ir.nodes[0])
  const x: XstateMachine = {
    machine: undefined as unknown as AnyStateMachine,
    actions,
    guards,
    guardCalls: 0,
    cache: new WeakMap(),
    canonical: new Map(),
  }
  x.machine = setup({
    actions: { afk: () => {} },
    guards: {
      afk: (_: unknown, p: { g: number }) => {
        x.guardCalls++
        return guard(guards[p.g])
      },
    },
  }).createMachine({ id: 'afk', ...(root as object) } as any)
  return x
}

/** Dotted path of the active leaf from an xstate state value. */
export function valuePath(value: unknown): string {
  if (typeof value === 'string') return value
  const [k] = Object.keys(value as object)
  const rest = valuePath((value as Record<string, unknown>)[k])
  return rest ? `${k}.${rest}` : k
}

export function start(x: XstateMachine): { snapshot: AnyMachineSnapshot; actions: IrAction[] } {
  const [snapshot, acts] = initialTransition(x.machine)
  return { snapshot: canonical(x, snapshot), actions: pick(x, acts) }
}

export function step(x: XstateMachine, snapshot: AnyMachineSnapshot, event: { type: string }) {
  const known = x.cache.get(snapshot)?.get(event.type)
  if (known) return { snapshot: known.snapshot, actions: [...known.actions] }
  const calls = x.guardCalls
  const [fresh, acts] = transition(x.machine, snapshot, { type: event.type } as any)
  const next = canonical(x, fresh)
  const actions = pick(x, acts)
  if (x.guardCalls === calls) {
    const byType = x.cache.get(snapshot) ?? new Map()
    x.cache.set(snapshot, byType)
    byType.set(event.type, { snapshot: next, actions: [...actions] })
  }
  return { snapshot: next, actions }
}

function canonical(x: XstateMachine, s: AnyMachineSnapshot): AnyMachineSnapshot {
  const plain = s as unknown as {
    context?: object
    historyValue?: object
    children?: object
    output?: unknown
    error?: unknown
  }
  if (
    Object.keys(plain.context ?? {}).length ||
    plain.output !== undefined ||
    plain.error !== undefined ||
    Object.keys(plain.historyValue ?? {}).length ||
    Object.keys(plain.children ?? {}).length
  )
    return s
  const key = `${s.status}:${JSON.stringify(s.value)}`
  const known = x.canonical.get(key)
  if (known) return known
  x.canonical.set(key, s)
  return s
}

function pick(x: XstateMachine, acts: Array<{ type: string; params?: unknown }>): IrAction[] {
  return acts.filter((a) => a.type === 'afk').map((a) => x.actions[(a.params as { i: number }).i])
}

export { createMachine }
