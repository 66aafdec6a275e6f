import { aosFieldsRoot, MESSAGE_FIELDS } from '../../ao/aosMessage.ts'
import type { AoMessage, Tag } from '../../ao/message.ts'
import { NON_EXTRACTABLE_TAGS, normalizeTagName } from '../../ao/normalize.ts'
import type { MsgView } from './types.ts'

/**
 * The message exactly as an aos (module ISShJH1ij…) handler sees it: keys and tag names normalized, tags copied
 * onto the root unless non-extractable (so a sender's `Timestamp` or `Cron` tag overwrites the CU's value, as on AO),
 * JSON Data decoded. Throws on malformed JSON Data, which fails the whole message on aos too.
 *
 * `aosRoot` and `aosTagArray` (src/ao/aosMessage.ts) in one pass, for the agent's every message. A message with only
 * the `AoMessage` fields (all of them, nearly always) gets its root from one object literal: built key by key, the
 * root was half the view's cost. Such a root has every field as a key, undefined where the message has none, which
 * reads the same (`msg.Epoch`, `Object.hasOwn(msg, f) ? msg[f] : undefined`); nothing lists a view's keys. A tag
 * whose name is already normalized (nearly all) is shared with the message rather than copied (nothing changes a
 * message's tags). test/engine/viewMessage.test.ts holds it equal to aosRoot + aosTagArray.
 */
export function viewMessage(m: AoMessage): MsgView {
  const root = fieldsRoot(m) ?? aosFieldsRoot(m)
  const tags = m.Tags
  const tagArray: Tag[] = new Array(tags.length)
  let contentType: string | undefined
  for (let i = 0; i < tags.length; i++) {
    const t = tags[i]
    const name = normalizeTagName(t.name)
    tagArray[i] = name === t.name ? t : { name, value: t.value }
    if (!NON_EXTRACTABLE_TAGS.has(name)) root[name] = t.value
    // the first Content-Type tag says whether Data is JSON
    if (name === 'Content-Type' && contentType === undefined) contentType = t.value
  }
  // aos decodes JSON Data before any handler runs (a malformed body fails the whole message: JSON.parse throws)
  if (contentType === 'application/json' && typeof root.Data === 'string') root.Data = JSON.parse(root.Data)
  root.TagArray = tagArray
  return root as MsgView
}

/** The `AoMessage` fields (their names are normalized already), and `Tags`, which never reaches the root. */
const FIELDS: ReadonlySet<string> = new Set([...MESSAGE_FIELDS, 'Tags'])

/** The root's fields in one literal when the message has no key but the `AoMessage` fields; else undefined. */
function fieldsRoot(m: AoMessage): Record<string, unknown> | undefined {
  for (const k in m) if (!FIELDS.has(k)) return undefined
  return {
    Id: m.Id,
    Owner: m.Owner,
    From: m.From,
    'Forwarded-By': m['Forwarded-By'],
    Target: m.Target,
    Anchor: m.Anchor,
    Data: m.Data,
    Epoch: m.Epoch,
    Nonce: m.Nonce,
    Timestamp: m.Timestamp,
    'Block-Height': m['Block-Height'],
    'Hash-Chain': m['Hash-Chain'],
    Cron: m.Cron,
    'Read-Only': m['Read-Only'],
    Module: m.Module,
    Signature: m.Signature,
  }
}
