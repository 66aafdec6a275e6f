import { describe, expect, it } from 'vitest'
import { PageCopy } from '../../src/ao/PageCopy.ts'

const PAGE = 65536

/** A sparse heap: a few non-zero bytes at given offsets. */
function heap(size: number, writes: Array<[number, number]>): ArrayBuffer {
  const u = new Uint8Array(size)
  for (const [at, v] of writes) u[at] = v
  return u.buffer
}

describe('PageCopy (reused, page-sparse heap checkpoints)', () => {
  it('restores exactly the captured bytes, whatever was written or cleared since', () => {
    const size = 5 * PAGE + 123 // a partial last page too
    const live = heap(size, [
      [3, 1],
      [PAGE * 2 + 7, 2],
      [size - 1, 3],
    ])
    const c = new PageCopy()
    c.capture(live)
    const want = new Uint8Array(live).slice()
    expect(c.lastCopied).toBe(2 * PAGE + 123) // pages 0, 2 and the tail
    const u = new Uint8Array(live)
    u[3] = 0 // a non-zero page becomes zero…
    u[PAGE + 9] = 5 // …a zero page becomes dirty
    u[PAGE * 4] = 6
    u[size - 1] = 0
    c.restoreInto(live)
    expect(Buffer.compare(u, want)).toBe(0)
    // capture again into the same buffer after other changes: stale non-zero pages of the old capture are cleared
    u.fill(0)
    u[PAGE * 3] = 9
    c.capture(live)
    const want2 = u.slice()
    u.fill(7)
    c.restoreInto(live)
    expect(Buffer.compare(u, want2)).toBe(0)
    expect(Buffer.compare(c.toBytes(), want2)).toBe(0)
  })

  it('restores into a heap that grew since the capture (the new part is zero), refuses a smaller one', () => {
    const c = new PageCopy()
    c.capture(heap(2 * PAGE, [[10, 1]]))
    const grown = heap(3 * PAGE, [
      [10, 9],
      [2 * PAGE + 5, 4],
    ])
    c.restoreInto(grown)
    const g = new Uint8Array(grown)
    expect([g[10], g[2 * PAGE + 5]]).toEqual([1, 0])
    expect(() => c.restoreInto(heap(PAGE, []))).toThrow('smaller')
  })

  it('planted drift: restoring without clearing pages that became dirty would leave them (the first test checks it)', () => {
    const live = heap(2 * PAGE, [])
    const c = new PageCopy()
    c.capture(live)
    new Uint8Array(live)[PAGE + 1] = 1
    const naive = new Uint8Array(live).slice() // what a copy of only the captured non-zero pages would leave
    c.restoreInto(live)
    expect(naive[PAGE + 1]).toBe(1)
    expect(new Uint8Array(live)[PAGE + 1]).toBe(0)
  })
})
