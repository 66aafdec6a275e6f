import { normalizeTagName } from '../../../ao/normalize.ts'
import type { ActionPrimitive } from '../ActionPrimitive.ts'

/** Longest an ask may wait for its reply: a day (orders nobody answers expire after a week anyway). */
export const MAX_ASK_TIMEOUT_MS = 86_400_000n
/** The prefix of the timer of a pending ask (a dot keeps it apart from scheduleTimeout names). */
export const ASK_TIMER_PREFIX = 'reply'
/** The timer of the pending ask for reply `name`. */
export const askTimer = (name: string) => `${ASK_TIMER_PREFIX}.${name}`

/**
 * ask: sends a request to another process (aos Reference, replies carry X-Reference) and waits for its reply to
 * raise `reply.<name>` (checked against the strategy's `replies.<name>` schema), `reply.<name>.invalid`, or
 * `reply.<name>.timeout` after `timeoutMs`. One ask per reply name is pending: a new one supersedes it. Request
 * tags listed in `echo` must come back unchanged, so a reply someone provoked with other tags (Reply-To plus our
 * Reference) is ignored. Twin of actions/ask.lua.
 */
export const askAction: ActionPrimitive = {
  name: 'ask',
  lua: 'actions/ask.lua',
  args: 'dynamic',
  // not `halts`: an ask moves nothing (it refuses to send Transfer) and carries its own timeout (skipping it would leave the strategy waiting
  // for an event that never comes); no `replies`/`timer`: its events are per reply name (reply.<name>…)
  check(c) {
    const fixed = ['process', 'action', 'data']
    for (const n of c.supplied) {
      const ty = c.types[n]
      if (ty === undefined) continue
      const tag = /^tag:(.+)$/.exec(n)?.[1]
      if (fixed.includes(n) && ty !== 'str') c.error('type-mismatch', [...c.at, n], `${n} must be a string`)
      else if (n === 'timeoutMs' && ty !== 'int')
        c.error('type-mismatch', [...c.at, n], 'timeoutMs must be an integer (milliseconds)')
      else if (!fixed.includes(n) && n !== 'timeoutMs' && tag === undefined)
        c.error(
          'invalid-action-args',
          [...c.at, n],
          `ask() takes no argument '${n}'`,
          'arguments: process, action, tags, data, timeoutMs, echo',
        )
      if (tag && normalizeTagName(tag) !== tag)
        c.warn(
          'tag-name-normalized',
          [...c.at, n],
          `the receiving aos module renames tag '${tag}' to '${normalizeTagName(tag)}'`,
          `name it '${normalizeTagName(tag)}'`,
        )
    }
    for (const n of ['process', 'action', 'timeoutMs'])
      if (!c.supplied.includes(n)) c.error('invalid-action-args', c.at, `ask() needs '${n}'`)
    const reply = c.static?.reply ?? ''
    if (!c.declaredReplies.includes(reply))
      c.error(
        'unknown-reply',
        [...c.at, 'reply'],
        `ask() names reply '${reply}', which the strategy does not declare`,
        c.declaredReplies.length
          ? `declared: ${c.declaredReplies.join(', ')}`
          : "declare it: replies: { signal: z.object({ 'Signal-Bps': z.bigint() }) }",
      )
    for (const e of (c.static?.echo ?? '').split(',').filter(Boolean))
      if (!c.supplied.includes(`tag:${e}`))
        c.error(
          'invalid-action-args',
          [...c.at, 'echo', e],
          `echo names '${e}', which is not a tag of the request`,
        )
    return undefined
  },
}
