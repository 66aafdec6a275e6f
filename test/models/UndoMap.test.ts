import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { UndoMap } from '../../src/models/UndoMap.ts'

type Op = { kind: 'set' | 'delete' | 'clear'; k: string; v: number }
const op = fc.record({
  kind: fc.constantFrom<Op['kind']>('set', 'set', 'set', 'delete', 'clear'),
  k: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
  v: fc.integer({ min: 0, max: 9 }),
})
const apply = (m: Map<string, number>, o: Op) => {
  if (o.kind === 'set') m.set(o.k, o.v)
  else if (o.kind === 'delete') m.delete(o.k)
  else m.clear()
}

describe('UndoMap (model rollback without copying the state)', () => {
  it('rollback restores contents and iteration order exactly; a committed transaction stays', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 8 }), fc.array(op, { maxLength: 12 }), (setup, tx) => {
        const m = new UndoMap<string, number>()
        for (const o of setup.filter((o) => o.kind !== 'clear')) apply(m, o)
        const before = [...m.entries()]
        m.begin()
        for (const o of tx) apply(m, o)
        const after = [...m.entries()]
        m.rollback()
        expect([...m.entries()]).toEqual(before)
        // the same transaction without rollback equals a plain Map doing it
        const plain = new Map(before)
        m.begin()
        for (const o of tx) {
          apply(m, o)
          apply(plain, o)
        }
        expect([...m.entries()]).toEqual([...plain.entries()])
        expect([...m.entries()]).toEqual(after)
        m.begin() // a new transaction drops the old journal: nothing to undo
        m.rollback()
        expect([...m.entries()]).toEqual(after)
      }),
      { numRuns: 300, seed: 13 },
    )
  })

  it('planted drift: undoing a delete by re-inserting would reorder (the test above would catch it)', () => {
    const m = new Map([
      ['a', 1],
      ['b', 2],
    ])
    m.delete('a')
    m.set('a', 1)
    expect([...m.keys()]).not.toEqual(['a', 'b'])
  })
})
