import type { AoMessage, Tag } from '../../ao/message.ts'
import { NON_EXTRACTABLE_TAGS, normalizeTagName } from '../../ao/normalize.ts'
import type { MsgView } from './types.ts'

/**
 * The message exactly as an aos (module ISShJH1ij…) handler sees it: keys and tag names normalized, tags copied
 * onto the root unless non-extractable (so a sender's `Timestamp` or `Cron` tag overwrites the CU's value, as on AO),
 * JSON Data decoded. Throws on malformed JSON Data, which fails the whole message on aos too.
 *
 * `aosRoot` and `aosTagArray` (src/ao/aosMessage.ts) in one pass, for the agent's every message: a tag whose name is
 * already normalized (nearly all) is shared with the message rather than copied (nothing changes a message's tags;
 * test/engine/viewMessage.test.ts holds this equal to aosRoot + aosTagArray).
 */
export function viewMessage(m: AoMessage): MsgView {
  const root: Record<string, unknown> = {}
  const fields = m as unknown as Record<string, unknown>
  for (const k in fields) {
    if (k === 'Tags' || !Object.hasOwn(fields, k)) continue
    const v = fields[k]
    if (v !== undefined) root[normalizeTagName(k)] = v
  }
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
