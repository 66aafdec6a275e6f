/**
 * Tag-name normalization exactly as the production aos module (`ISShJH1ij…`) applies it to every incoming key and tag
 * name: `_` → `-`, lower-case everything, then upper-case the first letter and every letter after a dash.
 * `X-Order-ID` becomes `X-Order-Id`, `TokenId` becomes `Tokenid`.
 */
export function normalizeTagName(name: string): string {
  const lower = name.replace(/_/g, '-').toLowerCase()
  return lower.replace(/(^|-)([a-z])/g, (_m, dash: string, ch: string) => dash + ch.toUpperCase())
}

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
