import { ORDER_REFUSED_EVENT } from '../risk.ts'
import type { ActionPrimitive } from './ActionPrimitive.ts'
import { askAction } from './actions/ask.ts'
import { assignAction } from './actions/assign.ts'
import { quoteAllAction, swapAllAction } from './actions/batchActions.ts'
import { forEachAction } from './actions/forEach.ts'
import {
  cancelTimeoutAction,
  logAction,
  notifyAction,
  refreshBalanceAction,
  scheduleTimeoutAction,
} from './actions/misc.ts'
import { payOwnerAction } from './actions/payOwner.ts'
import { poolInfoAction } from './actions/poolInfo.ts'
import { pushAction } from './actions/push.ts'
import { quoteAction } from './actions/quote.ts'
import { reservesAction } from './actions/reserves.ts'
import { sendAction } from './actions/send.ts'
import { setAction } from './actions/set.ts'
import { swapAction } from './actions/swap.ts'
import { transferAction } from './actions/transfer.ts'
import type { EventPrimitive } from './EventPrimitive.ts'
import { askReplyEvent } from './events/askReply.ts'
import { balanceReplyEvent } from './events/balanceReply.ts'
import { commandEvent } from './events/command.ts'
import { creditEvent } from './events/credit.ts'
import { debitEvent } from './events/debit.ts'
import { poolInfoReplyEvent } from './events/poolInfoReply.ts'
import { quoteReplyEvent } from './events/quoteReply.ts'
import { reservesReplyEvent } from './events/reservesReply.ts'
import { swapOutcomeEvent } from './events/swapOutcome.ts'
import { tickEvent } from './events/tick.ts'
import { transferErrorEvent } from './events/transferError.ts'

/**
 * The primitives' definitions (what the DSL typing and the compiler need); their TS semantics are bound to them by
 * name in src/engine/runtime/primitives/registry.ts.
 *
 * Event classifiers in priority order: the first that matches a message decides its event. The Lua runtime links
 * the same modules in the same order, and so does the TS engine.
 */
export const EVENT_PRIMITIVES: readonly EventPrimitive[] = [
  commandEvent,
  tickEvent,
  swapOutcomeEvent,
  creditEvent,
  debitEvent,
  transferErrorEvent,
  quoteReplyEvent,
  balanceReplyEvent,
  reservesReplyEvent,
  poolInfoReplyEvent,
  askReplyEvent,
]

export const ACTION_PRIMITIVES: Readonly<Record<string, ActionPrimitive>> = Object.fromEntries(
  [
    assignAction,
    sendAction,
    transferAction,
    quoteAction,
    swapAction,
    refreshBalanceAction,
    notifyAction,
    scheduleTimeoutAction,
    cancelTimeoutAction,
    logAction,
    forEachAction,
    pushAction,
    setAction,
    quoteAllAction,
    swapAllAction,
    reservesAction,
    poolInfoAction,
    askAction,
    payOwnerAction,
  ].map((a) => [a.name, a]),
)

/** The actions a halted agent skips, sorted (the Lua runtime gets the same list through `afk.wire`). */
export const HALT_SKIPS: readonly string[] = Object.values(ACTION_PRIMITIVES)
  .filter((a) => a.halts)
  .map((a) => a.name)
  .sort()

/** Every machine event type a strategy can handle, with its field types; `timeout.<name>` events are added per name. */
export function knownEvents(): Record<string, Record<string, import('../expr.ts').ExprType>> {
  const out: Record<string, Record<string, import('../expr.ts').ExprType>> = {}
  for (const p of EVENT_PRIMITIVES) Object.assign(out, p.events)
  // raised by the runtime itself (risk controls), not by a message
  Object.assign(out, ORDER_REFUSED_EVENT)
  return out
}
