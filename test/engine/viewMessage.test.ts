import { describe, expect, it } from 'vitest'
import { aosRoot, aosTagArray } from '../../src/ao/aosMessage.ts'
import type { AoMessage, Tag } from '../../src/ao/message.ts'
import { viewMessage } from '../../src/engine/runtime/view.ts'

/** what viewMessage built before its one pass: aosRoot and aosTagArray, then the JSON Data decoded */
function reference(m: AoMessage): Record<string, unknown> {
  const tagArray = aosTagArray(m)
  const root = aosRoot(m, tagArray)
  if (
    tagArray.find((t) => t.name === 'Content-Type')?.value === 'application/json' &&
    typeof root.Data === 'string'
  )
    root.Data = JSON.parse(root.Data)
  return Object.assign(root, { TagArray: tagArray })
}

const NAMES = [
  'Action',
  'action',
  'X_Reference',
  'Content-Type',
  'content-type',
  'Timestamp',
  'Data',
  'From',
  'Quantity',
  'TagArray',
  'İd',
  'Cron',
]
const VALUES = ['1', 'application/json', 'text/plain', 'Credit-Notice', '']

describe('viewMessage (the agent engine message view)', () => {
  it('equals aosRoot + aosTagArray with the JSON Data decoded, for duplicate, unnormalized and reserved names', () => {
    let seed = 11
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    for (let i = 0; i < 500; i++) {
      const tags: Tag[] = Array.from({ length: rand(8) }, () => ({
        name: NAMES[rand(NAMES.length)],
        value: VALUES[rand(VALUES.length)],
      }))
      const m = {
        Id: 'm'.repeat(43),
        Owner: 'o',
        From: 'f',
        Target: 't',
        Data: ['{"a":[1,2]}', 'plain', '[]'][rand(3)],
        Tags: tags,
        Timestamp: 5,
        'Block-Height': 1,
        Cron: false,
        ...(rand(2) ? { 'Forwarded-By': 'mu', Nonce: 3 } : {}),
        // a key that is not an AoMessage field (the view normalizes it: Block-Height)
        ...(rand(3) === 0 ? { block_height: 9 } : {}),
        ...(rand(4) === 0 ? { Epoch: undefined, Signature: 's' } : {}),
      } as unknown as AoMessage
      let want: Record<string, unknown> | Error
      try {
        want = reference(m)
      } catch (e) {
        want = e as Error
      }
      if (want instanceof Error) expect(() => viewMessage(m)).toThrow(want.message)
      else {
        const got = viewMessage(m)
        expect(got).toEqual(want)
        // the same keys with a value (a view may hold an absent field as undefined: it reads the same)
        const defined = (o: Record<string, unknown>) =>
          Object.keys(o)
            .filter((k) => o[k] !== undefined)
            .sort()
        expect(defined(got)).toEqual(defined(want))
        for (const k of Object.keys(got)) if (got[k] === undefined) expect(want[k]).toBeUndefined()
      }
    }
  })

  it('planted drift: the view differs from the reference when a later duplicate tag does not win', () => {
    const m = {
      Id: 'i',
      Owner: 'o',
      From: 'f',
      Target: 't',
      Data: '',
      Tags: [
        { name: 'Action', value: 'A' },
        { name: 'action', value: 'B' },
      ],
      Timestamp: 1,
      'Block-Height': 1,
      Cron: false,
    } as AoMessage
    expect(viewMessage(m).Action).toBe('B')
    expect(reference(m).Action).toBe('B')
    expect(viewMessage({ ...m, Tags: [m.Tags[1], m.Tags[0]] }).Action).not.toBe(reference(m).Action)
  })
})
