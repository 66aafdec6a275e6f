import type { ExprType } from '../expr.ts'
import type { IrAction } from '../ir.ts'
import type { ActionCheck, ActionCheckResult } from './ActionCheck.ts'

/**
 * An action's definition: its argument types, what it waits for, and the Lua module that implements it. Its TS
 * semantics (`run`) live beside the engine, in src/engine/runtime/primitives/actions/, bound to it by name.
 */
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
}
