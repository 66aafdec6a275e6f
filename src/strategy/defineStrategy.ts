import type { z } from 'zod'
import type { ActionSpec } from './actions.ts'
import * as actions from './actions.ts'
import type { BoolLike, Expr, ExprNode } from './expr.ts'
import * as X from './expr.ts'

export interface TransitionSpec {
  target?: string
  guard?: BoolLike | unknown
  actions?: ActionSpec | ActionSpec[] | unknown
  reenter?: boolean
  description?: string
}

/** xstate-shaped state config. Unsupported xstate features are accepted by the type and reported by the compiler. */
export interface StateSpec {
  type?: 'atomic' | 'compound' | 'final' | 'parallel' | 'history'
  initial?: string
  states?: Record<string, StateSpec>
  on?: Record<string, string | TransitionSpec | TransitionSpec[]>
  entry?: ActionSpec | ActionSpec[] | unknown
  exit?: ActionSpec | ActionSpec[] | unknown
  description?: string
  [xstateOnly: string]: unknown
}

export interface MachineSpec extends StateSpec {
  initial: string
  states: Record<string, StateSpec>
}

type Readers<T> = { readonly [K in keyof T]: Expr<any> }

/** What the `machine` callback receives: readers, the expression DSL and the action builders. */
export type StrategyDsl<P, C> = typeof X &
  typeof actions & {
    /** strategy params */
    p: Readers<P>
    /** machine context */
    c: Readers<C>
    /** fields of the event being handled (see `afk check` for each event's fields) */
    ev: Record<string, Expr<any>>
  }

export type ContextInit = Record<string, bigint | number | boolean | string>

export interface StrategyConfig<S extends z.ZodObject<any>, C extends ContextInit> {
  /** stable identifier, used in headers and reports */
  id: string
  description?: string
  params: S
  /** names of params that hold token process ids: the only trusted Credit/Debit-Notice senders */
  tokens: Array<keyof z.input<S> & string>
  /** cron the agent is spawned with (CU-generated ticks arrive as `tick` events) */
  cron?: { interval: string; tags?: Record<string, string> }
  context?: C
  machine: (dsl: StrategyDsl<z.output<S>, C>) => MachineSpec
}

// A strategy of any params/context is accepted by the compiler and engines.
export interface Strategy<S extends z.ZodObject<any> = any, C extends ContextInit = any> {
  readonly kind: 'afk-strategy'
  readonly config: StrategyConfig<S, C>
}

/**
 * Defines a strategy: zod-typed params, an initial context and an xstate-shaped machine whose guards and actions are
 * written in afk's expression DSL, so the same definition runs in TS (xstate) and compiles to Lua.
 *
 * @example
 * export default defineStrategy({
 *   id: 'dca', params: z.object({ base: processId(), quote: processId(), pool: processId(), amount: quantity() }),
 *   tokens: ['base', 'quote'], cron: { interval: '1-hour' },
 *   machine: ({ p, swap, ge, bal }) => ({ initial: 'idle', states: { idle: { on: { tick: { guard: ge(bal('quote'), p.amount), … } } } } }),
 * })
 */
export function defineStrategy<S extends z.ZodObject<any>, C extends ContextInit = Record<never, never>>(
  config: StrategyConfig<S, C>,
): Strategy<S, C> {
  return { kind: 'afk-strategy', config }
}

export function isStrategy(x: unknown): x is Strategy {
  return typeof x === 'object' && x !== null && (x as Strategy).kind === 'afk-strategy'
}

const reader = (k: 'param' | 'ctx' | 'ev') =>
  new Proxy({}, { get: (_t, name) => (typeof name === 'string' ? ({ k, name } as ExprNode) : undefined) })

/** Builds the machine spec by calling the strategy's callback with the DSL. */
export function buildMachineSpec(strategy: Strategy): MachineSpec {
  const dsl = { ...X, ...actions, p: reader('param'), c: reader('ctx'), ev: reader('ev') }
  return strategy.config.machine(dsl as any)
}
