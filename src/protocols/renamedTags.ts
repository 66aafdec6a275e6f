import { normalizeTagName } from '../ao/normalize.ts'
import * as botega from './botega.ts'
import type { MessageSpec } from './defineMessage.ts'
import * as permaswap from './permaswap.ts'
import * as token from './token.ts'

function isSpec(v: unknown): v is MessageSpec {
  return typeof v === 'object' && v !== null && 'protocol' in v && 'fields' in v
}

/**
 * Wire tag names of every protocol spec that a normalizing aos process (module `ISShJH1ij…`) sees under another name,
 * e.g. `LP-Fee` → `Lp-Fee`, `NoteID` → `Noteid`, `X-FFP-For` → `X-Ffp-For`. Lua agents must read the right-hand
 * name (`msg['Lp-Fee']`); TS code should go through `parseMessage`, which normalizes both sides. Every other tag name
 * in the specs is already Title-Case-With-Dashes and arrives unchanged.
 */
export function renamedTags(): Record<string, string> {
  const out: Record<string, string> = {}
  for (const mod of [token, botega, permaswap])
    for (const v of Object.values(mod)) {
      if (!isSpec(v)) continue
      for (const f of Object.values(v.fields))
        for (const name of [f.tag, ...(f.aliases ?? [])])
          if (normalizeTagName(name) !== name) out[name] = normalizeTagName(name)
    }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)))
}
