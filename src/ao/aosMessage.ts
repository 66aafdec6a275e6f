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
  const root = aosFieldsRoot(m)
  for (const t of tagArray) if (!NON_EXTRACTABLE_TAGS.has(t.name)) root[t.name] = t.value
  return root
}

/** The root's message fields before any tag: each key normalized (a later key of the same normalized name wins). */
export function aosFieldsRoot(m: AoMessage): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  const fields = m as unknown as Record<string, unknown>
  for (const k in fields) {
    if (k === 'Tags' || !Object.hasOwn(fields, k)) continue
    const v = fields[k]
    if (v !== undefined) root[normalizeTagName(k)] = v
  }
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
  const all = aosSendTags(ref)
  for (const t of tags) all.push(t)
  return { Target: target, Anchor: ref.padStart(32, '0'), Data: data, Tags: all }
}

/**
 * `msg[name]` for a tag, read as aos reads it without building the root: the value of the *last* tag whose name
 * normalizes to `name` (a normalized, extractable tag name such as `Quantity`), or undefined. Non-extractable names
 * (`Data-Protocol`, `From-Process`, …) never reach the root, and message fields (`Id`, `Timestamp`, …) are not tags:
 * both are refused loudly rather than answered differently from `aosRoot`. One backwards scan, no allocation.
 */
export function rootTag(m: Pick<AoMessage, 'Tags'>, name: string): string | undefined {
  if (!ROOT_TAG_NAMES.has(name)) checkRootTagName(name)
  const tags = m.Tags
  for (let i = tags.length - 1; i >= 0; i--) {
    const n = tags[i].name
    // normalizing never shortens a name and only lengthens it with non-ASCII (`İ`), so an ASCII `name` can only come
    // from a tag name of the same length: most tags are passed over without the memo lookup
    if (n.length === name.length && (n === name || normalizeTagName(n) === name)) return tags[i].value
  }
  return undefined
}

/** Names `rootTag` has accepted (callers pass a handful of constants; this keeps the check off the per-call path). */
const ROOT_TAG_NAMES = new Set<string>()

function checkRootTagName(name: string): void {
  if (!/^[\x21-\x7e]+$/.test(name) || normalizeTagName(name) !== name)
    throw new Error(`rootTag: "${name}" is not a normalized ASCII tag name`)
  if (NON_EXTRACTABLE_TAGS.has(name))
    throw new Error(`rootTag: aos does not copy a "${name}" tag onto the root`)
  if (MESSAGE_FIELDS.has(name))
    throw new Error(`rootTag: "${name}" is a message field on the root, not only a tag`)
  ROOT_TAG_NAMES.add(name)
}

/** `AoMessage` fields other than `Tags`, by the name they take on the root (a tag of that name would overwrite them). */
export const MESSAGE_FIELDS: ReadonlySet<string> = new Set([
  'Id',
  'Owner',
  'From',
  'Forwarded-By',
  'Target',
  'Anchor',
  'Data',
  'Epoch',
  'Nonce',
  'Timestamp',
  'Block-Height',
  'Hash-Chain',
  'Cron',
  'Read-Only',
  'Module',
  'Signature',
])
