import type { AosProcess } from '../../ao/AosProcess.ts'
import { makeId } from '../../ao/ids.ts'

/**
 * Makes aos's default handler drop unhandled messages instead of keeping them in `Inbox`. aos keeps up to 10,000
 * unhandled messages (a pool's every `Debit-Notice`) and runs a full `collectgarbage()` after every message, so each
 * message walked the whole Inbox: a Lua market's cost per message grew with the log (109 s of CPU for 3,000 events,
 * 395 s for 6,000). Nothing in a backtest reads a market process's Inbox; its handlers and replies are unchanged.
 * `table.insert` on an empty table with a `__newindex` that ignores writes stores nothing, and `#Inbox` stays 0.
 */
export const DISCARD_INBOX_LUA =
  'Inbox = setmetatable({}, { __newindex = function() end, __metatable = "afk: backtest market Inbox discards" })'

/** Applies `DISCARD_INBOX_LUA` to a market process with an owner Eval (no message to anyone, nothing sent). */
export async function discardInbox(
  proc: AosProcess,
  at: { timestamp: number; blockHeight: number },
): Promise<void> {
  await proc.eval(DISCARD_INBOX_LUA, { id: makeId(`${proc.id}:afk-discard-inbox`), ...at })
}
