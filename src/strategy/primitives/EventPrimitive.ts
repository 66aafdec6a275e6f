import type { ExprType } from '../expr.ts'

/**
 * An event primitive's definition: the machine events it produces and the Lua module that classifies messages into
 * them (`lua/agent/<lua>`). Its TS twin (`match`) lives in src/engine/runtime/primitives/events/, bound by name.
 */
export interface EventPrimitive {
  name: string
  lua: string
  /** machine event types this primitive produces, with their field types (for checks and DSL typing) */
  events: Record<string, Record<string, ExprType>>
  /** linked into the Lua file only when the strategy uses this action (its events need it) */
  linkedWith?: string
}
