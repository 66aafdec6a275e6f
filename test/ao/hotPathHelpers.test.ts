import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import { normalizeTagName } from '../../src/ao/normalize.ts'
import { byteOrder } from '../../src/protocols/stableJson.ts'

/** The Buffer comparison byteOrder replaced on its fast path: the definition of Lua's string order. */
const bufferOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b))

describe('hot-path helpers keep their meaning', () => {
  it('byteOrder equals UTF-8 byte order (ASCII, non-ASCII, astral, prefixes)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(byteOrder(a, b)).toBe(bufferOrder(a, b))
        expect(byteOrder(a, a)).toBe(0)
      }),
      { numRuns: 300, seed: 13 },
    )
    // UTF-16 order and byte order disagree here (U+FFFF vs an astral char): the slow path must decide
    expect(byteOrder('\uffff', '\u{10000}')).toBe(bufferOrder('\uffff', '\u{10000}'))
    expect(byteOrder('ab', 'abc')).toBe(-1)
    expect(['b', 'B', 'a', '_', 'é'].sort(byteOrder)).toEqual(['B', '_', 'a', 'b', 'é'])
  })

  it('normalizeTagName gives the same answer from its memo as on first sight', () => {
    const names = ['X-Order-ID', 'TokenId', 'from_process', 'x-reference', 'Action', 'a__b-c']
    const first = names.map(normalizeTagName)
    expect(first).toEqual(['X-Order-Id', 'Tokenid', 'From-Process', 'X-Reference', 'Action', 'A--B-C'])
    expect(names.map(normalizeTagName)).toEqual(first)
    // many distinct names (the memo is bounded) still normalize correctly
    for (let i = 0; i < 5000; i++) expect(normalizeTagName(`k_${i}_x`)).toBe(`K-${i}-X`)
    expect(normalizeTagName('X-Order-ID')).toBe('X-Order-Id')
  })
})

describe('clonePlain (the runtime checkpoint copy)', () => {
  it('copies agent data like structuredClone: deep, independent, same key order', async () => {
    const { clonePlain } = await import('../../src/engine/runtime/clonePlain.ts')
    const s = {
      value: 'a.b',
      n: 3,
      seq: 5n,
      lastTick: null,
      orders: { q1: { kind: 'quote', amount: 10n, tags: ['x', 'y'] } },
      list: [1n, { z: 'w' }],
      when: new Map([['k', 1n]]),
    }
    const c = clonePlain(s)
    expect(c).toEqual(structuredClone(s))
    expect(Object.keys(c)).toEqual(Object.keys(s))
    c.orders.q1.amount = 11n
    ;(c.list[1] as { z: string }).z = 'changed'
    c.when.set('k', 2n)
    expect(s.orders.q1.amount).toBe(10n)
    expect((s.list[1] as { z: string }).z).toBe('w')
    expect(s.when.get('k')).toBe(1n)
    const evil = JSON.parse('{"__proto__": {"polluted": true}}')
    const e = clonePlain(evil)
    expect(Object.getPrototypeOf(e)).toBe(Object.prototype)
    expect(Object.keys(e)).toEqual(['__proto__'])
  })

  it('makeId (one-shot hash) is the sha256 base64url of its seed, as before', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (seed) => {
        expect(makeId(seed)).toBe(createHash('sha256').update(seed).digest('base64url'))
      }),
      { numRuns: 200, seed: 5 },
    )
    expect(makeId('afk:agent-owner')).toHaveLength(43)
  })
})
