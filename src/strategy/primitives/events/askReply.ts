import type { EventPrimitive } from '../EventPrimitive.ts'

/**
 * The reply to a pending ask: from the asked process, naming the request's Reference in X-Reference, echoing the
 * request tags the ask pinned, and before the deadline. Anything else is not a reply (a forged one from another
 * process, a replay of a consumed one, a late one: ignored). A reply at or past the deadline is consumed and the
 * timeout is raised instead. Its events are per strategy (`reply.<name>`, `.invalid`, `.timeout`), so `events`
 * lists none. Twin of events/ask_reply.lua.
 */
export const askReplyEvent: EventPrimitive = {
  name: 'ask_reply',
  lua: 'events/ask_reply.lua',
  events: {},
  linkedWith: 'ask',
}
