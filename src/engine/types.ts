import type { AoProcessLike } from '../ao/message.ts'

/** JSON-safe values: every integer amount is a decimal string, never a float. */
export type JsonValue = string | boolean | null | JsonValue[] | { [k: string]: JsonValue }

/** One pending order the agent runtime tracks (swap, transfer, quote). */
export interface PendingOrder {
  id: string
  kind: string
  /** Process the order was sent to (token, pool). */
  target: string
  /** Timestamp (ms, decimal string) when it was sent. */
  sentAt: string
  fields: Record<string, string>
}

/**
 * The normalized state of an agent, identical in shape for the TS and Lua engines. This is what `Status` returns
 * (plus version/hash) and what differential tests compare after every message.
 */
export interface AgentSnapshot {
  value: string
  context: Record<string, JsonValue>
  params: Record<string, JsonValue>
  owner: string
  paused: boolean
  orders: Record<string, PendingOrder>
  timers: Record<string, string>
  seq: string
  lastTick: string | null
}

/** An agent running on either engine; the simulator treats it like any other process. */
export interface AgentEngine extends AoProcessLike {
  readonly kind: 'ts' | 'lua'
  snapshot(): Promise<AgentSnapshot>
}
