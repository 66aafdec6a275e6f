import type { PermaswapNote } from '../protocols/permaswap.ts'

const ORDER = [
  'NoteID',
  'Issuer',
  'Settle',
  'AssetID',
  'Amount',
  'HolderAssetID',
  'HolderAmount',
  'Holder',
  'IssueDate',
  'ExpireDate',
  'Status',
] as const
const NUMERIC = new Set(['IssueDate', 'ExpireDate'])

/** Note JSON with the fixed key order of `lua/processes/lib/note_json.lua` (deterministic text). */
export function encodeNote(note: PermaswapNote): string {
  const parts: string[] = []
  for (const k of ORDER) {
    const v = note[k]
    if (v === undefined) continue
    parts.push(NUMERIC.has(k) ? `"${k}":${Math.trunc(Number(v))}` : `"${k}":"${String(v)}"`)
  }
  return `{${parts.join(',')}}`
}
