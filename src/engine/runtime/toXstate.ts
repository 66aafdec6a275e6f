import {
  type AnyMachineSnapshot,
  type AnyStateMachine,
  createMachine,
  initialTransition,
  setup,
  transition,
} from 'xstate'
import type { ExprNode } from '../../strategy/expr.ts'
import type { IrAction, IrNode, StrategyIR } from '../../strategy/ir.ts'

/**
 * The IR as a real xstate v5 machine (built with `setup()`). xstate decides which transition is taken and the exact
 * order of exit/transition/entry actions; afk actions come back as `{ type: 'afk', params: { i } }` and the runtime
 * executes them in that order. Guards are evaluated through the `guard` callback with the current env.
 */
export interface XstateMachine {
  machine: AnyStateMachine
  actions: IrAction[]
  guards: ExprNode[]
  /** the guard callback: set by the runtime stepping the machine now (a machine is shared by same-graph runtimes) */
  guard: (g: ExprNode) => boolean
  /** guard evaluations (index, result) of the xstate `transition()` running now, in the order xstate made them */
  trace: Array<[number, boolean]>
  /**
   * Transition results by source snapshot object and event type, as a decision tree over guard results. xstate's
   * `transition` is pure, our events carry only a type, and guards are pure reads of the env: given the same snapshot
   * object and type, xstate evaluates the same guards in the same order as long as they answer the same, and returns
   * the same result. So a cached step re-evaluates the guards along its recorded path (this message's answers) and
   * reuses the leaf; a path not seen yet runs xstate (which builds an inert actor scope: most of a step's cost).
   */
  cache: WeakMap<AnyMachineSnapshot, Map<string, StepNode>>
  /**
   * One snapshot object per (status, state value) for snapshots that hold nothing else (no context, history or
   * children: afk keeps its state outside xstate), so a state reached by a guarded transition finds the cache too.
   */
  canonical: Map<string, AnyMachineSnapshot>
}

/** A node of the step cache: a recorded result, or the guard xstate evaluated next and where each answer leads. */
type StepNode =
  | { leaf: { snapshot: AnyMachineSnapshot; actions: IrAction[] } }
  | { g: number; t?: StepNode; f?: StepNode }

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
    guard,
    trace: [],
    cache: new WeakMap(),
    canonical: new Map(),
  }
  x.machine = setup({
    actions: { afk: () => {} },
    guards: {
      afk: (_: unknown, p: { g: number }) => {
        const r = x.guard(guards[p.g])
        x.trace.push([p.g, r])
        return r
      },
    },
  }).createMachine({ id: 'afk', ...(root as object) } as any)
  return x
}

/** Machines by graph (the IR's nodes), shared by every runtime of the same strategy; bounded. */
const SHARED = new Map<string, XstateMachine>()
const SHARED_MAX = 64

/**
 * The machine of `ir`'s graph, built once per distinct graph: runtimes of the same strategy (a sweep, many agents)
 * share its step cache, so only the first meets each transition in xstate. The machine holds no runtime state; the
 * caller sets `guard` before each `start`/`step`.
 */
export function sharedXstate(ir: StrategyIR, guard: (g: ExprNode) => boolean): XstateMachine {
  const key = JSON.stringify(ir.nodes, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))
  let x = SHARED.get(key)
  if (x === undefined) {
    if (SHARED.size >= SHARED_MAX) SHARED.clear()
    x = toXstate(ir, guard)
    SHARED.set(key, x)
  }
  x.guard = guard
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
  const r = advance(x, snapshot, event.type)
  return { snapshot: r.snapshot, actions: [...r.actions] }
}

/**
 * `step` without copying: the result is the cache's own leaf, which the caller must not change (the runtime only
 * reads it, once per dispatch).
 */
export function advance(
  x: XstateMachine,
  snapshot: AnyMachineSnapshot,
  type: string,
): { readonly snapshot: AnyMachineSnapshot; readonly actions: readonly IrAction[] } {
  let node = x.cache.get(snapshot)?.get(type)
  while (node !== undefined) {
    if ('leaf' in node) return node.leaf
    node = x.guard(x.guards[node.g]) ? node.t : node.f
  }
  x.trace = []
  const [fresh, acts] = transition(x.machine, snapshot, { type } as any)
  const leaf = { snapshot: canonical(x, fresh), actions: pick(x, acts) }
  record(x, snapshot, type, x.trace, leaf)
  return leaf
}

/** Files a transition's result under its guard trace (the path of answers xstate saw). */
function record(
  x: XstateMachine,
  snapshot: AnyMachineSnapshot,
  type: string,
  trace: Array<[number, boolean]>,
  leaf: { snapshot: AnyMachineSnapshot; actions: IrAction[] },
): void {
  const byType = x.cache.get(snapshot) ?? new Map<string, StepNode>()
  x.cache.set(snapshot, byType)
  if (trace.length === 0) {
    byType.set(type, { leaf })
    return
  }
  let node = byType.get(type)
  if (node === undefined) {
    node = { g: trace[0][0] }
    byType.set(type, node)
  }
  for (let i = 0; ; i++) {
    const [g, r] = trace[i]
    // xstate is deterministic: the same answers so far lead to the same next guard, so a mismatch is a bug
    if ('leaf' in node || node.g !== g) throw new Error('afk: xstate evaluated guards in a different order')
    const child: StepNode | undefined = r ? node.t : node.f
    const next: StepNode = i + 1 === trace.length ? { leaf } : (child ?? { g: trace[i + 1][0] })
    if (r) node.t = next
    else node.f = next
    if (i + 1 === trace.length) return
    node = next
  }
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
