import type { OutboxMessage, Tag } from '../../ao/message.ts'
import type { ExprType, Value } from '../../strategy/expr.ts'
import type { IrAction, StrategyIR } from '../../strategy/ir.ts'
import type { ActionCheck, ActionCheckResult } from '../../strategy/primitives/ActionCheck.ts'
import type { Gather, SwapBatch } from './batch.ts'
import type { RiskState } from './risk.ts'

/** A message as an aos handler sees it: normalized root fields plus `TagArray`. */
export type MsgView = Record<string, unknown> & { TagArray: Tag[] }

export type Order = Record<string, string>

/** Agent state; twin of `AfkState` in lua/agent/runtime.lua. */
export interface AgentState {
  value: string
  done: boolean
  context: Record<string, Value>
  params: Record<string, Value>
  owner: string
  paused: boolean
  /** owner Halt: no new orders (primitives marked `halts`) until Resume */
  halted: boolean
  orders: Record<string, Order>
  timers: Record<string, bigint>
  balances: Record<string, bigint>
  seq: bigint
  lastTick: bigint | null
  lastNow: bigint | null
  /** immutable mode: every Eval is refused after boot */
  immutable: boolean
  /** resyncs in flight per token param (see sync.ts) */
  syncs: Record<string, Order>
  /** bumped by every Update-Params; a quote built under older params is re-quoted */
  paramsRev: bigint
  /** recently settled order ids, bounded (not part of Status) */
  settled: string[]
  /** tick slot a keeper tick acted in (events/tick.ts; not part of the Status document) */
  keeperSlot?: bigint
  /** the last quoteAll's gathered quotes (runtime/batch.ts) */
  gather?: Gather
  /** the last swapAll's batch counts (runtime/batch.ts) */
  batch?: SwapBatch
  /** mirrors aos's `ao.reference` send counter (not part of the Status document) */
  aoRef: number
  /** risk-control books, when the strategy declares `risk` (Status shows them through riskView) */
  risk?: RiskState
}

export interface AgentEvent {
  type: string
  f: Record<string, Value>
}

/** What a primitive can do while a message is handled. */
export interface Rt {
  S: AgentState
  ir: StrategyIR
  /** compile metadata echoed by Status (id, version, hashes) */
  meta: Record<string, string>
  msg: MsgView
  now: bigint
  selfId: string
  out: OutboxMessage[]
  logs: string[]
  /** events raised while handling this one (e.g. `order.refused`), dispatched after it; null: dropped (logged only) */
  raised?: AgentEvent[] | null
  send(target: string, tags: Tag[], data?: string): string
  /** true (and logged) when the owner has halted the agent and this action is one a halt skips */
  skipWhileHalted(action: string): boolean
  nextOrderId(): string
  tokenParam(id: unknown): string | undefined
}

/** Turns a message into a machine event (or handles it fully). Lives beside its Lua twin `lua/agent/<lua>`. */
export interface EventPrimitive {
  name: string
  lua: string
  /** machine event types this primitive produces, with their field types (for checks and DSL typing) */
  events: Record<string, Record<string, ExprType>>
  match(rt: Rt, msg: MsgView): AgentEvent | 'handled' | null
  /** linked into the Lua file only when the strategy uses this action (its events need it) */
  linkedWith?: string
}

/** An action: argument types, TS semantics, and the Lua module that implements it. */
export interface ActionPrimitive {
  name: string
  lua: string
  /** expression arguments and their types; `dynamic` primitives validate their own argument names */
  args: Record<string, ExprType | `${ExprType}?`> | 'dynamic'
  /** compile-time string constants the action needs */
  statics?: string[]
  /** events the action makes the agent wait for: the state it leads to should handle one (compiler/analyze.ts) */
  replies?: readonly string[]
  /**
   * skipped while the owner has halted the agent (each skip logs `afk:log {"event":"halted",…}`): every action that
   * can send a new order or move funds. Skipping, not refusing, keeps the message's other work: a fill that arrives
   * while halted is booked even when the strategy's reaction to it would swap again.
   */
  halts?: true
  /** the timer this call sets, whose expiry raises `timeout.<name>` (compiler/analyze.ts) */
  timer?(action: IrAction): string
  /** shared Lua modules (lua/agent/) its twin needs beyond the core */
  luaDeps?: readonly string[]
  /** a loop: its `body` actions run once per item of its `list` argument, with the item and index in scope */
  loop?: true
  /**
   * a batch loop (quoteAll, swapAll): its body is one indexed call of this primitive, it needs an `after` timeout, and
   * it is never skipped while halted — it then sends nothing and its batch completes at once, so no state waits
   */
  batchOf?: string
  /** compile-time checks beyond the declared `args` types (dynamic arguments, statics it derives) */
  check?(call: ActionCheck): ActionCheckResult
  run(rt: Rt, args: Record<string, Value>, action: IrAction): void
}
