/**
 * Tag-name normalization exactly as the production aos module (`ISShJH1ij…`) applies it to every incoming key and tag
 * name: `_` → `-`, lower-case every ASCII letter (bytes, as Lua's `string.lower`), then upper-case the first letter and every letter after a dash.
 * `X-Order-ID` becomes `X-Order-Id`, `TokenId` becomes `Tokenid`.
 */
export function normalizeTagName(name: string): string {
  const hit = NORMALIZED.get(name)
  if (hit !== undefined) return hit
  // ASCII only, as Lua's string.lower in the C locale: JS's toLowerCase would also change `İ`, `Ä` or the Kelvin sign
  const lower = name.replace(/_/g, '-').replace(/[A-Z]+/g, (s) => s.toLowerCase())
  const out = lower.replace(/(^|-)([a-z])/g, (_m, dash: string, ch: string) => dash + ch.toUpperCase())
  // The set of tag names in a run is tiny; the bound only stops a stream of ever-new names from growing memory.
  if (NORMALIZED.size >= NORMALIZED_MAX) NORMALIZED.clear()
  NORMALIZED.set(name, out)
  return out
}

/** Memo of `normalizeTagName` (it was ~15 % of a replay's self time). */
const NORMALIZED = new Map<string, string>()
const NORMALIZED_MAX = 4096

/** Names aos does not copy from tags onto the message root (`ao.nonExtractableTags`). */
export const NON_EXTRACTABLE_TAGS = new Set([
  'Data-Protocol',
  'Variant',
  'From-Process',
  'From-Module',
  'Type',
  'From',
  'Owner',
  'Anchor',
  'Target',
  'Data',
  'Tags',
  'Read-Only',
])
