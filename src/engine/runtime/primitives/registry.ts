import { ASK_TIMER_PREFIX } from '../../../strategy/primitives/actions/ask.ts'
import { INFO_TIMER_PREFIX } from '../../../strategy/primitives/actions/poolInfo.ts'
import { RESERVES_TIMER_PREFIX } from '../../../strategy/primitives/actions/reserves.ts'
import { ACTION_PRIMITIVES, EVENT_PRIMITIVES } from '../../../strategy/primitives/registry.ts'
import type { ActionRun, AgentEvent, EventMatch, Rt } from '../types.ts'
import { askTimeout, runAsk } from './actions/ask.ts'
import { runAssign } from './actions/assign.ts'
import { runQuoteAll, runSwapAll } from './actions/batchActions.ts'
import { runForEach } from './actions/forEach.ts'
import { runCancelTimeout, runLog, runNotify, runRefreshBalance, runScheduleTimeout } from './actions/misc.ts'
import { runPayOwner } from './actions/payOwner.ts'
import { poolInfoTimeout, runPoolInfo } from './actions/poolInfo.ts'
import { runPush } from './actions/push.ts'
import { runQuote } from './actions/quote.ts'
import { reservesTimeout, runReserves } from './actions/reserves.ts'
import { runSend } from './actions/send.ts'
import { runSet } from './actions/set.ts'
import { runSwap } from './actions/swap.ts'
import { runTransfer } from './actions/transfer.ts'
import { matchAskReply } from './events/askReply.ts'
import { matchBalanceReply } from './events/balanceReply.ts'
import { matchCommand } from './events/command.ts'
import { matchCredit } from './events/credit.ts'
import { matchDebit } from './events/debit.ts'
import { matchPoolInfoReply } from './events/poolInfoReply.ts'
import { matchQuoteReply } from './events/quoteReply.ts'
import { matchReservesReply } from './events/reservesReply.ts'
import { matchSwapOutcome } from './events/swapOutcome.ts'
import { matchTick } from './events/tick.ts'
import { matchTransferError } from './events/transferError.ts'

/**
 * The TS semantics of each primitive, by the name of its definition (src/strategy/primitives/registry.ts). The
 * engine looks them up by name; `bindPrimitives` refuses a definition without its run half and a run half without
 * its definition, so neither can be added alone.
 */
export const ACTION_RUNS: Readonly<Record<string, ActionRun>> = {
  assign: runAssign,
  send: runSend,
  transfer: runTransfer,
  quote: runQuote,
  swap: runSwap,
  refreshBalance: runRefreshBalance,
  notify: runNotify,
  scheduleTimeout: runScheduleTimeout,
  cancelTimeout: runCancelTimeout,
  log: runLog,
  forEach: runForEach,
  push: runPush,
  set: runSet,
  quoteAll: runQuoteAll,
  swapAll: runSwapAll,
  reserves: runReserves,
  ask: runAsk,
  payOwner: runPayOwner,
  poolInfo: runPoolInfo,
}

/** The TS twin of each event primitive's Lua classifier, by the name of its definition. */
export const EVENT_MATCHES: Readonly<Record<string, EventMatch>> = {
  command: matchCommand,
  tick: matchTick,
  swap_outcome: matchSwapOutcome,
  credit: matchCredit,
  debit: matchDebit,
  transfer_error: matchTransferError,
  quote_reply: matchQuoteReply,
  balance_reply: matchBalanceReply,
  reserves_reply: matchReservesReply,
  ask_reply: matchAskReply,
  pool_info_reply: matchPoolInfoReply,
}

/** Timers a primitive owns (`<prefix>.<name>`), turned into that primitive's event when due (twin: R.timer_events). */
export const TIMER_EVENTS: Readonly<Record<string, (rt: Rt, timer: string) => AgentEvent | null>> = {
  [ASK_TIMER_PREFIX]: askTimeout,
  [INFO_TIMER_PREFIX]: poolInfoTimeout,
  [RESERVES_TIMER_PREFIX]: reservesTimeout,
}

/**
 * Names in one table but not the other, as `kind name: why` lines (empty when definitions and run halves agree);
 * the tables default to afk's own.
 */
export function unboundPrimitives(
  actions: { defs: readonly string[]; runs: readonly string[] } = {
    defs: Object.keys(ACTION_PRIMITIVES),
    runs: Object.keys(ACTION_RUNS),
  },
  events: { defs: readonly string[]; runs: readonly string[] } = {
    defs: EVENT_PRIMITIVES.map((e) => e.name),
    runs: Object.keys(EVENT_MATCHES),
  },
): string[] {
  const out: string[] = []
  for (const [kind, t] of [
    ['action', actions],
    ['event', events],
  ] as const) {
    for (const n of t.defs) if (!t.runs.includes(n)) out.push(`${kind} ${n}: defined, but has no TS run half`)
    for (const n of t.runs)
      if (!t.defs.includes(n)) out.push(`${kind} ${n}: has a TS run half but no definition`)
  }
  return out
}

const unbound = unboundPrimitives()
if (unbound.length > 0) throw new Error(`afk: primitives out of step:\n${unbound.join('\n')}`)

/** An event primitive's definition name bound to its TS classifier. */
export interface BoundEvent {
  readonly name: string
  match: EventMatch
}

/** The event classifiers in the definitions' priority order (the order the Lua runtime links them in). */
export const EVENT_MATCHERS: readonly BoundEvent[] = EVENT_PRIMITIVES.map((e) => ({
  name: e.name,
  match: EVENT_MATCHES[e.name],
}))
