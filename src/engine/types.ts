import type { AoProcessLike } from '../ao/message.ts'

/** JSON-safe values: every integer amount is a decimal string, never a float. */
export type JsonValue = string | boolean | null | JsonValue[] | { [k: string]: JsonValue }

/**
 * The normalized state of an agent, identical for the TS and Lua engines: the body of the `Status` reply
 * (stable JSON, integers as decimal strings). Differential tests compare it after every message.
 */
export interface AgentSnapshot {
  value: string
  done: boolean
  context: Record<string, JsonValue>
  params: Record<string, JsonValue>
  owner: string
  paused: boolean
  halted: boolean
  /** pending orders by id (`afk-<n>`): kind, target, amounts, the aos Reference used to correlate replies */
  orders: Record<string, Record<string, string>>
  timers: Record<string, string>
  /** available balance per token param, in raw units */
  balances: Record<string, string>
  /** risk controls, when the strategy declares them: the day slot, spent today and slippage budget left per token */
  risk?: { day: string; tokens: Record<string, Record<string, string>> }
  seq: string
  lastTick: string | null
  /** compiled in immutable mode: every Eval is refused after boot */
  immutable?: boolean
  /** resyncs in flight per token param (self-transfer + Balance; see SECURITY.md) */
  syncs?: Record<string, Record<string, string>>
  /** bumped by every Update-Params (a quote asked under older params is asked again) */
  paramsRev?: string
  meta?: Record<string, string>
}

/** An agent running on either engine; the simulator treats it like any other process. */
export interface AgentEngine extends AoProcessLike {
  readonly kind: 'ts' | 'lua'
  /** the Status document as stable JSON (byte-comparable across engines) */
  statusJson(): Promise<string>
  snapshot(): Promise<AgentSnapshot>
  /** the machine's state value alone (`snapshot().value`), read without building the whole Status document */
  stateValue(): Promise<string>
}
