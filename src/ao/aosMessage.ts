import type { AoMessage, OutboxMessage, Tag } from './message.ts'
import { NON_EXTRACTABLE_TAGS, normalizeTagName } from './normalize.ts'

/**
 * How the production aos module (`ISShJH1ij…`) sees an incoming message and what `ao.send` adds, in one place for
 * the TS agent engine and the process models. Measured on the module (test/ao/duplicateTags.test.ts): of two tags
 * with the same normalized name, the *last* lands on the message root (`msg.Foo`), the *first* in `msg.Tags`.
 */

/** `msg.TagArray`: every tag, names normalized, in arrival order. */
export function aosTagArray(m: AoMessage): Tag[] {
  return m.Tags.map((t) => ({ name: normalizeTagName(t.name), value: t.value }))
}

/** The message root: normalized fields, then every extractable tag copied on top (a later duplicate wins). */
export function aosRoot(m: AoMessage, tagArray: Tag[] = aosTagArray(m)): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  const fields = m as unknown as Record<string, unknown>
  for (const k in fields) {
    if (k === 'Tags' || !Object.hasOwn(fields, k)) continue
    const v = fields[k]
    if (v !== undefined) root[normalizeTagName(k)] = v
  }
  for (const t of tagArray) if (!NON_EXTRACTABLE_TAGS.has(t.name)) root[t.name] = t.value
  return root
}

/** `msg.Tags` (aos `Tab`): normalized name → value, the first of duplicates wins. */
export function aosTags(tagArray: Tag[]): Map<string, string> {
  const tags = new Map<string, string>()
  for (const t of tagArray) if (!tags.has(t.name)) tags.set(t.name, t.value)
  return tags
}

/** The trust gate: aos drops a message that is neither from its signer nor from (or signed by) an authority. */
export function aosTrusts(m: Pick<AoMessage, 'From' | 'Owner'>, authorities: ReadonlySet<string>): boolean {
  return m.From === m.Owner || authorities.has(m.From) || authorities.has(m.Owner)
}

/** The tags `ao.send` puts before the caller's, with the process's Reference counter value. */
export function aosSendTags(reference: string): Tag[] {
  return [
    { name: 'Data-Protocol', value: 'ao' },
    { name: 'Variant', value: 'ao.TN.1' },
    { name: 'Type', value: 'Message' },
    { name: 'Reference', value: reference },
  ]
}

/** The message `ao.send` emits as the process's `reference`-th send: its bookkeeping tags first, a 32-digit anchor. */
export function aosSend(reference: number, target: string, tags: Tag[], data = ''): OutboxMessage {
  const ref = String(reference)
  return { Target: target, Anchor: ref.padStart(32, '0'), Data: data, Tags: [...aosSendTags(ref), ...tags] }
}
