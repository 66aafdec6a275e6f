import { describe, expect, it } from 'vitest'
import { isUnbuilt } from '../../src/ao/directApply.ts'
import type { AoMessage } from '../../src/ao/message.ts'
import { PackedStrings } from '../../src/harness/log/internedFrame.ts'
import { openLog } from '../../src/harness/log/openLog.ts'
import {
  type CachedRecord,
  type CompactRecord,
  decodeRecordFrame,
  encodeRecordFrame,
} from '../../src/harness/log/recordFrame.ts'
import { readRecordedSwap } from '../../src/harness/market/recordedSwaps.ts'
import { tryParseAmount } from '../../src/models/amount.ts'
import { rootTags } from '../../src/models/ModelProcess.ts'

// Record cache v4 frames: a cached message stays unbuilt, yet everything the fast path reads of it (envelope, tags
// by name, the recorded-swap summary) and the message it builds must equal what the log reader gave.
const NAMES = [
  'Action',
  'X-Action',
  'Sender',
  'Quantity',
  'X-Expected-Output',
  'X-Expected-Min-Output',
  'Zzz',
]
/** `rootTagsAmounts(AMOUNT_NAMES, 1)`: the first as text, the rest as amounts */
const AMOUNT_NAMES = ['Action', 'Quantity', 'X-Expected-Min-Output', 'Zzz']
const A = 'A'.repeat(43)
const P = 'P'.repeat(43)

const message = (tags: { name: string; value: string }[], extra: Partial<AoMessage> = {}): AoMessage => ({
  Id: 'I'.repeat(43),
  Owner: A,
  From: A,
  Target: P,
  Data: '',
  Tags: tags,
  Timestamp: 1_735_689_832_476,
  'Block-Height': 1_580_001,
  Cron: false,
  ...extra,
})

/** the sample log's records plus the shapes the reader must get right */
async function records(): Promise<CompactRecord[]> {
  const out: CompactRecord[] = []
  for await (const r of (await openLog('samples/botega-demo.ndjson')).records())
    out.push({ spawn: r.spawn, message: r.message, location: r.location })
  const at = (line: number) => ({ file: 'x.ndjson', line, offset: 10 * line })
  out.push(
    // amounts at the edges of reading digits as a double: 2^53 − 1, 2^53, 16 and 17 digits, leading zeros, not ASCII
    ...[
      ['9007199254740991', '9007199254740992'],
      ['9999999999999999', '12345678901234567'],
      ['0000000000000007', '007'],
      ['\u0661\u0662', '12\u00e9'],
      ['', '-1'],
      [String(2n ** 255n), String(2n ** 255n - 1n)],
      ['123456789012345678901234567890', '1234567890123456789012345678901'],
      ['000000000000000000000000000009', '1000000000000000'],
    ].map(([q, min], k) => ({
      spawn: false,
      location: at(10 + k),
      message: message([
        { name: 'Action', value: 'Credit-Notice' },
        { name: 'X-Action', value: 'Swap' },
        { name: 'Quantity', value: q },
        { name: 'X-Expected-Min-Output', value: min },
        { name: 'Sender', value: A },
      ]),
    })),
    // duplicate tags in other spellings: the last normalized occurrence wins, for rootTags and the swap reader
    {
      spawn: false,
      location: at(1),
      message: message([
        { name: 'action', value: 'Credit-Notice' },
        { name: 'X_Action', value: 'Swap' },
        { name: 'Quantity', value: '12' },
        { name: 'quantity', value: '13' },
        { name: 'Sender', value: A },
      ]),
    },
    // an unusable swap notice, a message without Id, one with Cron true (kept built)
    {
      spawn: false,
      location: at(2),
      message: message([
        { name: 'Action', value: 'Credit-Notice' },
        { name: 'X-Action', value: 'Swap' },
        { name: 'Quantity', value: '1.5' },
      ]),
    },
    { spawn: false, location: at(3), message: message([], { Id: undefined }) },
    { spawn: true, location: at(4), message: message([{ name: 'Type', value: 'Process' }], { Cron: true }) },
  )
  return out
}

/** every difference between a decoded frame and its records, as text (empty: equal) */
function differences(original: CompactRecord[], decoded: CachedRecord[]): string[] {
  const out: string[] = []
  if (decoded.length !== original.length) out.push(`length ${decoded.length} != ${original.length}`)
  original.forEach((o, i) => {
    const d = decoded[i]
    const built = isUnbuilt(d.message) ? d.message.build() : d.message
    if (JSON.stringify(built) !== JSON.stringify(o.message)) out.push(`${i}: message`)
    if (JSON.stringify(d.location) !== JSON.stringify(o.location)) out.push(`${i}: location`)
    if (d.spawn !== o.spawn) out.push(`${i}: spawn`)
    if (isUnbuilt(d.message)) {
      const m = d.message
      for (const k of ['Id', 'From', 'Owner', 'Target', 'Timestamp', 'Block-Height', 'Cron'] as const)
        if (m[k] !== o.message[k]) out.push(`${i}: ${k}`)
      if (JSON.stringify(m.rootTags(NAMES)) !== JSON.stringify(rootTags(o.message, NAMES)))
        out.push(`${i}: rootTags`)
      // amounts read from the frame's bytes: what tryParseAmount makes of the text
      const wantAmounts = rootTags(o.message, AMOUNT_NAMES).map((v, j) =>
        j < 1 || v === undefined ? v : (tryParseAmount(v) ?? null),
      )
      if (JSON.stringify(m.rootTagsAmounts(AMOUNT_NAMES, 1), big) !== JSON.stringify(wantAmounts, big))
        out.push(`${i}: rootTagsAmounts`)
      const r = readRecordedSwap(o.message)
      const want = r && 'swap' in r ? { tokenIn: r.swap.tokenIn, amountIn: r.swap.amountIn } : r
      const got = (m as unknown as { swapSummary(): unknown }).swapSummary()
      if (JSON.stringify(got, big) !== JSON.stringify(want, big)) out.push(`${i}: swap summary`)
    }
  })
  return out
}
const big = (_k: string, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)

describe('record frames (record cache v4)', () => {
  it('decodes every record to what the log reader gave, messages unbuilt where the envelope allows', async () => {
    const rs = await records()
    const decoded = decodeRecordFrame(encodeRecordFrame(rs) as Buffer)
    expect(differences(rs, decoded)).toEqual([])
    // the sample's messages and the edge cases stay unbuilt, the cron-flagged one is built at once
    expect(decoded.filter((r) => isUnbuilt(r.message)).length).toBe(rs.length - 1)
    expect(isUnbuilt(decoded[decoded.length - 1].message)).toBe(false)
    // the duplicate-tag record: the last normalized occurrence, as the models' handlers (and aos) read it
    const dup = decoded[rs.length - 4].message
    expect(isUnbuilt(dup) && dup.rootTags(['Quantity', 'X-Action'])).toEqual(['13', 'Swap'])
    // building twice gives the same object
    const once = isUnbuilt(dup) ? dup.build() : undefined
    expect(isUnbuilt(dup) ? dup.build() : null).toBe(once)
  })

  it('planted drift: a frame encoded from records one unit off is told apart', async () => {
    const rs = await records()
    const drifted = rs.map((r, i) =>
      i === rs.length - 4
        ? {
            ...r,
            message: {
              ...r.message,
              Tags: r.message.Tags.map((t) => (t.value === '13' ? { ...t, value: '11' } : t)),
            },
          }
        : r,
    )
    const d = differences(rs, decodeRecordFrame(encodeRecordFrame(drifted) as Buffer))
    expect(d).toEqual([
      `${rs.length - 4}: message`,
      `${rs.length - 4}: rootTags`,
      `${rs.length - 4}: rootTagsAmounts`,
      `${rs.length - 4}: swap summary`,
    ])
  })

  it('planted drift: amounts read from the bytes one unit off above 15 digits are told apart', async () => {
    const rs = await records()
    const digitsAt = PackedStrings.prototype.digitsAt
    PackedStrings.prototype.digitsAt = function (i) {
      const v = digitsAt.call(this, i)
      return v !== undefined && v >= 10n ** 15n ? v + 1n : v
    }
    try {
      const d = differences(rs, decodeRecordFrame(encodeRecordFrame(rs) as Buffer))
      expect(d.filter((x) => x.endsWith('rootTagsAmounts')).length).toBeGreaterThan(0)
    } finally {
      PackedStrings.prototype.digitsAt = digitsAt
    }
  })

  it('keeps u32 op and pair arrays when a frame has more than 65,535 strings or a longer array', () => {
    const many = message(Array.from({ length: 70_000 }, (_, i) => ({ name: 'T', value: String(i) })))
    const long = {
      ...message([{ name: 'Action', value: 'Eval' }]),
      Data: '',
      Extra: new Array(70_000).fill(0),
    }
    for (const m of [many, long as unknown as AoMessage]) {
      const rs: CompactRecord[] = [{ spawn: false, message: m, location: { file: 'x', line: 1, offset: 0 } }]
      expect(differences(rs, decodeRecordFrame(encodeRecordFrame(rs) as Buffer))).toEqual([])
    }
  })

  it('refuses what it cannot represent (the cache then keeps v8 frames)', () => {
    const bad = { spawn: false, message: { ...message([]), Extra: 1n }, location: { file: 'x', line: 1 } }
    expect(encodeRecordFrame([bad as unknown as CompactRecord])).toBeUndefined()
  })
})
