import { aosRoot, aosTagArray } from '../../ao/aosMessage.ts'
import type { AoMessage } from '../../ao/message.ts'
import type { MsgView } from './types.ts'

/**
 * The message exactly as an aos (module ISShJH1ij…) handler sees it: keys and tag names normalized, tags copied
 * onto the root unless non-extractable (so a sender's `Timestamp` or `Cron` tag overwrites the CU's value, as on AO),
 * JSON Data decoded. Throws on malformed JSON Data, which fails the whole message on aos too.
 */
export function viewMessage(m: AoMessage): MsgView {
  const tagArray = aosTagArray(m)
  const root = aosRoot(m, tagArray)
  // aos decodes JSON Data before any handler runs (a malformed body fails the whole message: JSON.parse throws)
  if (
    tagArray.find((t) => t.name === 'Content-Type')?.value === 'application/json' &&
    typeof root.Data === 'string'
  )
    root.Data = JSON.parse(root.Data)
  return Object.assign(root, { TagArray: tagArray })
}
