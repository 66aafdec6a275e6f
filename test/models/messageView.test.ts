import { describe, expect, it } from 'vitest'
import { aosRoot, aosTagArray, aosTags } from '../../src/ao/aosMessage.ts'
import type { AoMessage, Tag } from '../../src/ao/message.ts'
import { Prng } from '../../src/harness/synth/Prng.ts'
import { forwardX, type ModelMessage, REPLY_SKIP, toModelMessage } from '../../src/models/ModelProcess.ts'

/** What a model handler saw before the in-place view: the root, tag array and map built whole (the spec). */
function built(msg: AoMessage) {
  const tagArray = aosTagArray(msg)
  const tags = aosTags(tagArray)
  const root = aosRoot(msg, tagArray)
  const get = (name: string) => {
    const v = root[name]
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined
  }
  return {
    get,
    tagArray,
    tags,
    id: get('Id') ?? '',
    timestamp: tags.has('Timestamp') ? Math.floor(Number(get('Timestamp'))) : msg.Timestamp,
  }
}

// names that collide after normalization, non-extractable ones, message fields, non-ASCII and odd spellings
const NAMES = [
  'Action',
  'action',
  'ACTION',
  'X-Action',
  'x_action',
  'Quantity',
  'quantity',
  'Recipient',
  'Target',
  'target',
  'From-Process',
  'from_process',
  'Data-Protocol',
  'Id',
  'id',
  'Timestamp',
  'timestamp',
  'From',
  'Owner',
  'Reference',
  'X-Reference',
  'X-Origin',
  'x-origin',
  'Pushed-For',
  'Block-Height',
  'block_height',
  'Tokenid',
  'TokenId',
  'İd',
  'Ünit',
  'X-Ünit',
  'Cron',
  'Read-Only',
]
const VALUES = ['1', '2.5', 'Transfer', 'Credit-Notice', '', '1735689600000', 'x']

function randomMessage(r: (n: number) => number): AoMessage {
  const tags: Tag[] = []
  for (let i = r(9); i > 0; i--) tags.push({ name: NAMES[r(NAMES.length)], value: VALUES[r(VALUES.length)] })
  const m: AoMessage = {
    Id: r(4) ? `id-${r(100)}` : undefined,
    Owner: 'owner',
    From: r(2) ? 'owner' : 'other',
    Target: 'target',
    Data: r(2) ? '' : 'data',
    Tags: tags,
    Timestamp: 1_735_689_600_000 + r(1000),
    'Block-Height': 1_580_000 + r(10),
    Cron: r(5) === 0,
  }
  if (r(3) === 0) m.Nonce = r(50)
  if (r(3) === 0) m['Forwarded-By'] = 'mu'
  return m
}

const FIELDS = ['Nonce', 'Forwarded-By', 'Signature', 'Module', 'Data', 'Anchor']

/** Everything a handler can read of a message, in one object (one comparison per message keeps the test quick). */
function reads(view: Pick<ModelMessage, 'get' | 'id' | 'timestamp' | 'tagArray' | 'tags'>) {
  return {
    get: [...NAMES, ...FIELDS].map((n) => [n, view.get(n)]),
    id: view.id,
    timestamp: view.timestamp,
    tagArray: view.tagArray,
    tags: [...view.tags],
  }
}

function same(view: ModelMessage, msg: AoMessage): void {
  expect(reads(view)).toEqual(reads(built(msg)))
  expect([view.from, view.data]).toEqual([msg.From, msg.Data ?? ''])
}

describe('the model message view (toModelMessage reads tags in place)', () => {
  it('answers every read as the root, tag array and map built whole would, on 2,000 random messages', () => {
    const p = new Prng(1313)
    const r = (n: number) => p.int(0, n - 1)
    for (let i = 0; i < 2000; i++) {
      const msg = randomMessage(r)
      same(toModelMessage(msg), msg)
      // forwardX reads the raw tags: the same X- tags as from the built tag array
      const viewFwd = forwardX(toModelMessage(msg), REPLY_SKIP)
      const seen = new Set<string>()
      const wantFwd = built(msg).tagArray.filter(
        (t) => t.name.startsWith('X-') && !REPLY_SKIP.has(t.name) && !seen.has(t.name) && seen.add(t.name),
      )
      expect(viewFwd).toEqual(wantFwd)
    }
  })

  it('the comparison catches a view that lets the first duplicate win (planted drift)', () => {
    const msg: AoMessage = {
      Owner: 'o',
      From: 'o',
      Target: 't',
      Data: '',
      Tags: [
        { name: 'Quantity', value: '1' },
        { name: 'quantity', value: '2' },
      ],
      Timestamp: 1,
      'Block-Height': 1,
      Cron: false,
    }
    same(toModelMessage(msg), msg)
    const firstWins = toModelMessage(msg)
    const drifted = Object.assign(Object.create(Object.getPrototypeOf(firstWins)), firstWins, {
      get: (name: string) => msg.Tags.find((t) => t.name.toLowerCase() === name.toLowerCase())?.value,
    }) as ModelMessage
    expect(() => same(drifted, msg)).toThrow()
  })
})
