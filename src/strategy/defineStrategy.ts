import type { z } from 'zod'
import type { ActionSpec, EvOfArgs } from './actions.ts'
import * as actions from './actions.ts'
import * as collectionActions from './collectionActions.ts'
import type { ListRef, MapInit, MapRef, RingInit, RingRef } from './collections.ts'
import * as collections from './collections.ts'
import type { EventFieldName, EventName, FieldsOf, FieldType } from './eventCatalog.ts'
import type { BoolLike, Expr, ExprNode, ExprType, Like } from './expr.ts'
import * as X from './expr.ts'
import type { RiskConfig } from './risk.ts'

export interface TransitionSpec {
  target?: string
  guard?: BoolLike | unknown
  actions?: ActionSpec<any> | readonly ActionSpec<any>[] | unknown
  reenter?: boolean
  description?: string
}

/** xstate-shaped state config. Unsupported xstate features are accepted by the type and reported by the compiler. */
export interface StateSpec {
  type?: 'atomic' | 'compound' | 'final' | 'parallel' | 'history'
  initial?: string
  states?: Record<string, StateSpec>
  on?: Record<string, string | TransitionSpec | readonly TransitionSpec[]>
  entry?: ActionSpec<any> | readonly ActionSpec<any>[] | unknown
  exit?: ActionSpec<any> | readonly ActionSpec<any>[] | unknown
  description?: string
  [xstateOnly: string]: unknown
}

export interface MachineSpec extends StateSpec {
  initial: string
  states: Record<string, StateSpec>
}

/** The expression type of a param or context value: bigint/number → int, boolean → bool, string → str. */
export type ValueType<V> = V extends bigint | number
  ? 'int'
  : V extends boolean
    ? 'bool'
    : V extends string
      ? 'str'
      : never
type ParamReader<V> = V extends readonly (infer R)[]
  ? ListRef<{ [F in keyof R]: ValueType<R[F]> }>
  : Expr<ValueType<V>>
type ContextReader<V> = V extends RingInit ? RingRef : V extends MapInit ? MapRef : Expr<ValueType<V>>
type ParamReaders<T> = { readonly [K in keyof T & string]: ParamReader<T[K]> }
type ContextReaders<T> = { readonly [K in keyof T & string]: ContextReader<T[K]> }
/** `ev.<field>`: every field some event carries; a transition accepts it only when its event has that field. */
export type EventReaders = { readonly [K in EventFieldName]: Expr<FieldType<K>, K> }

/** ask() reply schemas by reply name (see replies.ts for the zod subset that compiles). */
export type Replies = Record<string, z.ZodObject<any>>
type ReplyFieldNames<R extends Replies> = { [N in keyof R]: keyof z.output<R[N]> & string }[keyof R]
type ReplyFieldType<R extends Replies, K extends string> = {
  [N in keyof R]: K extends keyof z.output<R[N]> ? ValueType<z.output<R[N]>[K]> : never
}[keyof R] &
  ExprType
/** `ev.<field>` readers of reply fields, typed by their schema. */
export type ReplyReaders<R extends Replies> = [keyof R] extends [never]
  ? unknown
  : { readonly [K in ReplyFieldNames<R>]: Expr<ReplyFieldType<R, K>, K> } & {
      /** the process that replied (reply.<name> and .invalid) */
      readonly from: Expr<'str', 'from'>
    }
/** The events each declared reply raises, with the `ev.*` fields a transition on them may read. */
export type ReplyEvents<R extends Replies> = {
  [N in keyof R & string as `reply.${N}`]: 'order' | 'from' | (keyof z.output<R[N]> & string)
} & { [N in keyof R & string as `reply.${N}.invalid`]: 'order' | 'from' | 'reason' } & {
  [N in keyof R & string as `reply.${N}.timeout`]: 'order'
}

/** What the `machine` callback receives: readers, the expression DSL and the action builders. */
export type StrategyDsl<P, C, Tok extends string = string, R extends Replies = Record<never, never>> = Omit<
  typeof X,
  'bal' | 'min' | 'max'
> &
  typeof collections &
  Omit<typeof actions, 'assign' | 'ask'> &
  typeof collectionActions & {
    /** strategy params (a list param reads as a list for len, at, sum, forEach, …) */
    p: ParamReaders<P>
    /** machine context (a ring buffer or map reads as a collection) */
    c: ContextReaders<C>
    /** fields of the event being handled (see `afk check` for each event's fields) */
    ev: EventReaders & ReplyReaders<R>
    /** asks another process; `reply` names one of the strategy's `replies` (see actions.ask) */
    ask: <
      X extends actions.AskArgs,
      T extends Record<string, import('./expr.ts').AnyLike> = Record<never, never>,
    >(
      p: Parameters<typeof actions.ask<keyof R & string, X, T>>[0],
    ) => ActionSpec<(EvOfArgs<Omit<X, 'tags' | 'reply' | 'echo'>> | EvOfArgs<T>) & string>
    /** the runtime's tracked available balance of a token param */
    bal: (token: Tok) => Expr<'int'>
    /** writes context fields; every value is evaluated against the context before the assign */
    assign: <V extends { [K in keyof C]?: C[K] extends RingInit | MapInit ? never : Like<ValueType<C[K]>> }>(
      values: V & Record<Exclude<keyof V, keyof C>, never>,
    ) => ActionSpec<EvOfArgs<V> & string>
  }

export type ContextInit = Record<string, bigint | number | boolean | string | RingInit | MapInit>

// ---- compile-time checks of a machine literal: events, their fields, targets ----
type Actions<F extends string> = ActionSpec<F> | readonly ActionSpec<F>[]
// a target typed as plain `string` (built by a helper) cannot be checked here: the compiler's diagnostics do
type TargetOf<X, Tgt extends string> = string extends X ? string : Tgt
type CheckTransition<T, F extends string, Tgt extends string> = T extends string
  ? TargetOf<T, Tgt>
  : {
      target?: T extends { target: infer X } ? TargetOf<X, Tgt> : Tgt
      guard?: Expr<'bool', F> | boolean
      actions?: Actions<F>
      reenter?: boolean
      description?: string
    }
type CheckTransitions<T, F extends string, Tgt extends string> = T extends readonly unknown[]
  ? { [I in keyof T]: CheckTransition<T[I], F, Tgt> }
  : CheckTransition<T, F, Tgt>
type CheckOn<O, Tgt extends string, RE> = string extends keyof O
  ? unknown
  : {
      [E in keyof O]: E extends keyof RE
        ? CheckTransitions<O[E], RE[E] & string, Tgt>
        : E extends EventName
          ? CheckTransitions<O[E], FieldsOf<E>, Tgt>
          : never
    }
type ChildKeys<S> = S extends { states: infer St }
  ? string extends keyof St
    ? string
    : keyof St & string
  : never
/**
 * A state whose `on` keys are events afk produces, whose guards and actions read only that event's fields, whose
 * targets name a sibling (`'x'`) or a child (`'.x'`), and whose entry/exit actions read no event field.
 */
export type CheckState<S, Sib extends string, RE = Record<never, never>> = string extends keyof S
  ? unknown // a state typed as the wide StateSpec (not a literal) is left to the compiler's diagnostics
  : {
      on?: S extends { on: infer O } ? CheckOn<O, Sib | `.${ChildKeys<S>}`, RE> : unknown
      entry?: Actions<never>
      exit?: Actions<never>
      states?: S extends { states: infer St }
        ? string extends keyof St
          ? unknown
          : { [K in keyof St]: CheckState<St[K], keyof St & string, RE> }
        : unknown
    }

export interface StrategyConfig<
  S extends z.ZodObject<any>,
  C extends ContextInit,
  Tok extends string = string,
  M = MachineSpec,
  R extends Replies = Record<never, never>,
> {
  /** stable identifier, used in headers and reports */
  id: string
  description?: string
  params: S
  /** names of params that hold token process ids: the only trusted Credit/Debit-Notice senders */
  tokens: Tok[]
  /** cron the agent is spawned with (CU-generated ticks arrive as `tick` events) */
  cron?: { interval: string; tags?: Record<string, string> }
  context?: C
  /** runtime risk controls (reduce-only, spend caps, slippage budget), each driven by params; see risk.ts */
  risk?: RiskConfig<z.output<S>, NoInfer<Tok>>
  /** schemas of the replies ask() waits for, by reply name: `replies: { signal: z.object({ 'Signal-Bps': z.bigint() }) }` */
  replies?: R
  machine: (dsl: StrategyDsl<z.output<S>, C, Tok, R>) => M & CheckState<M, never, ReplyEvents<R>>
}

// A strategy of any params/context is accepted by the compiler and engines.
export interface Strategy<S extends z.ZodObject<any> = any, C extends ContextInit = any> {
  readonly kind: 'afk-strategy'
  readonly config: StrategyConfig<S, C, any, any, any>
}

/**
 * Defines a strategy: zod-typed params, an initial context and an xstate-shaped machine whose guards and actions are
 * written in afk's expression DSL, so the same definition runs in TS (xstate) and compiles to Lua. Mistakes are
 * type errors: an unknown event, an `ev` field the event lacks, an unknown param or context field, a value of the
 * wrong type, a target that is not a sibling or child state, an unknown action argument.
 *
 * @example
 * export default defineStrategy({
 *   id: 'dca', params: z.object({ base: processId(), quote: processId(), pool: processId(), amount: quantity() }),
 *   tokens: ['base', 'quote'], cron: { interval: '1-hour' },
 *   machine: ({ p, swap, ge, bal }) => ({ initial: 'idle', states: { idle: { on: { tick: { guard: ge(bal('quote'), p.amount), … } } } } }),
 * })
 */
export function defineStrategy<
  S extends z.ZodObject<any>,
  C extends ContextInit = Record<never, never>,
  Tok extends keyof z.output<S> & string = never,
  const M = MachineSpec,
  R extends Replies = Record<never, never>,
>(config: StrategyConfig<S, C, Tok, M, R>): Strategy<S, C> {
  return { kind: 'afk-strategy', config }
}

export function isStrategy(x: unknown): x is Strategy {
  return typeof x === 'object' && x !== null && (x as Strategy).kind === 'afk-strategy'
}

const reader = (k: 'param' | 'ctx' | 'ev') =>
  new Proxy({}, { get: (_t, name) => (typeof name === 'string' ? ({ k, name } as ExprNode) : undefined) })

/** Builds the machine spec by calling the strategy's callback with the DSL. */
export function buildMachineSpec(strategy: Strategy): MachineSpec {
  const dsl = {
    ...X,
    ...collections,
    ...actions,
    ...collectionActions,
    p: reader('param'),
    c: reader('ctx'),
    ev: reader('ev'),
  }
  return strategy.config.machine(dsl as any) as MachineSpec
}

export type { ExprType }
