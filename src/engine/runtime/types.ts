import type { OutboxMessage, Tag } from '../../ao/message.ts'
import type { Value } from '../../strategy/expr.ts'
import type { IrAction, StrategyIR } from '../../strategy/ir.ts'

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

/** One gathered quote of the last quoteAll (runtime/batch.ts; twin of lua/agent/batch.lua). */
export interface GatherItem {
  [k: string]: Value
  index: bigint
  order: string
  pool: string
  token: string
  amountIn: bigint
  output: bigint
  fee: bigint
  ok: boolean
  done: boolean
  reason: string
}
export interface Gather {
  [k: string]: Value
  id: string
  deadline: bigint
  open: boolean
  items: GatherItem[]
}
export interface SwapBatch {
  [k: string]: Value
  id: string
  deadline: bigint
  open: boolean
  total: bigint
  filled: bigint
  refunded: bigint
  failed: bigint
  pending: bigint
}

/** Risk books in the agent state (only for strategies that declare `risk`); twin of S.risk in lua/agent/risk.lua. */
export interface RiskState {
  /** the day slot (floor(now / 86,400,000)) `spent` counts */
  day: bigint
  /** raw units spent by swaps per token param in that day */
  spent: Record<string, bigint>
  /** slippage budgets per token param: units left, refill remainder (ms·units), time of the last refill */
  slip: Record<string, { left: bigint; rem: bigint; at: bigint }>
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
  /** runs one action of a loop's body with its evaluated arguments (loops take no halt check or count of their own) */
  runBody(action: IrAction, args: Record<string, Value>): void
}

/** The TS semantics of an action primitive (its definition: src/strategy/primitives/actions/, bound by name). */
export type ActionRun = (rt: Rt, args: Record<string, Value>, action: IrAction) => void

/**
 * The TS twin of an event primitive's Lua classifier (its definition: src/strategy/primitives/events/): turns a
 * message into a machine event, handles it fully (`'handled'`), or passes (`null`).
 */
export type EventMatch = (rt: Rt, msg: MsgView) => AgentEvent | 'handled' | null
