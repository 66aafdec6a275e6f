import type { Tag } from '../ao/message.ts'
import { normalizeTagName } from '../ao/normalize.ts'

/** Anything a message can be read from: a CU/outbox message, a tag array or a name→value map. */
export type MessageInput =
  | { Tags: readonly Tag[] | Record<string, string>; Id?: string; From?: string; Data?: unknown }
  | readonly Tag[]
  | Record<string, string>

export interface ReadMessage {
  /** normalized tag name → value (first occurrence wins, as in aos) */
  tags: Map<string, string>
  /** normalized name → name as received (for error text) */
  raw: Map<string, string>
  id?: string
  from?: string
  data?: string
}

/** Reads a message into normalized tags, the way a normalizing aos process sees it. */
export function readMessage(input: MessageInput): ReadMessage {
  let list: Array<[string, string]>
  let id: string | undefined
  let from: string | undefined
  let data: string | undefined
  if (Array.isArray(input)) list = (input as readonly Tag[]).map((t) => [t.name, t.value])
  else if ('Tags' in (input as object) && typeof (input as { Tags: unknown }).Tags === 'object') {
    const m = input as {
      Tags: readonly Tag[] | Record<string, string>
      Id?: string
      From?: string
      Data?: unknown
    }
    list = Array.isArray(m.Tags)
      ? (m.Tags as readonly Tag[]).map((t) => [t.name, t.value])
      : Object.entries(m.Tags)
    id = m.Id
    from = m.From
    data = typeof m.Data === 'string' ? m.Data : m.Data === undefined ? undefined : JSON.stringify(m.Data)
  } else list = Object.entries(input as Record<string, string>)
  const tags = new Map<string, string>()
  const raw = new Map<string, string>()
  for (const [name, value] of list) {
    const n = normalizeTagName(name)
    if (tags.has(n)) continue
    tags.set(n, String(value))
    raw.set(n, name)
  }
  if (from === undefined) from = tags.get('From-Process')
  return { tags, raw, id, from, data }
}
