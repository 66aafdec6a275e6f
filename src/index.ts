/**
 * afk's main entry: define a strategy and compile it. `import { defineStrategy, quantity, compile } from 'afk'`.
 * Engines, clients, the devnet and the backtest harness have their own entries (`afk/engine`, `afk/clients`,
 * `afk/devnet`, `afk/harness`).
 */
export {
  type CompileManifest,
  type CompileResult,
  compile,
  compileOrThrow,
  strategyHash,
} from './compiler/compile.ts'
export {
  CompileError,
  type Diagnostic,
  type DiagnosticCode,
  formatDiagnostic,
} from './compiler/diagnostics.ts'
export { type AgentErrorCode, AgentRuntimeError } from './errors/agent.ts'
export { BaseError } from './errors/BaseError.ts'
export {
  type ActionSpec,
  type AskArgs,
  ask,
  assign,
  cancelTimeout,
  log,
  notify,
  payOwner,
  poolInfo,
  quote,
  refreshBalance,
  reserves,
  scheduleTimeout,
  send,
  swap,
  transfer,
} from './strategy/actions.ts'
export { balOf, quoteAll, quoted, quotedFor, swapAll, valuation } from './strategy/batchDsl.ts'
export { forEach, push, set } from './strategy/collectionActions.ts'
export {
  abs,
  at,
  type Coll,
  clamp,
  count,
  get,
  type ItemOf,
  isqrt,
  type ListRef,
  len,
  type MapInit,
  type MapRef,
  map,
  max,
  min,
  type RingInit,
  type RingRef,
  ring,
  sum,
} from './strategy/collections.ts'
export {
  type ContextInit,
  defineStrategy,
  isStrategy,
  type MachineSpec,
  type Replies,
  type StateSpec,
  type Strategy,
  type StrategyConfig,
  type StrategyDsl,
  type TransitionSpec,
} from './strategy/defineStrategy.ts'
export {
  type AnyLike,
  add,
  and,
  type BoolLike,
  bal,
  bps,
  concat,
  div,
  type Expr,
  type ExprNode,
  type ExprType,
  eq,
  ge,
  gt,
  type IntLike,
  ifElse,
  le,
  lt,
  minusBps,
  mul,
  mulDiv,
  ne,
  not,
  now,
  or,
  owner,
  plusBps,
  type StrLike,
  self,
  sub,
} from './strategy/expr.ts'
export type { Rounding } from './strategy/int.ts'
export type { StrategyIR } from './strategy/ir.ts'
export { basisPoints, MAX_LIST_LENGTH, type ParamKind, processId, quantity } from './strategy/params.ts'
export type { ReplyField } from './strategy/replies.ts'
export { version } from './version.ts'
