import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { nextHashChain } from '../../src/ao/hashChain.ts'

/** The link as ao-protocol.md §5.1 states it, with a Hash object per link (what the one-shot form replaced). */
function reference(prevHashChain: string, prevAssignmentId?: string): string {
  const h = createHash('sha256')
  if (prevAssignmentId) h.update(Buffer.from(prevAssignmentId, 'base64url'))
  h.update(Buffer.from(prevHashChain, 'base64url'))
  return h.digest('base64url')
}

const id = (bytes = 32) => randomBytes(bytes).toString('base64url')
// ids of every length the decoder meets, padding, characters outside base64url, empty strings, overlong input
const odd = [
  '',
  'a',
  'ab',
  'abc',
  'abcd',
  'ab==',
  'a+b/c',
  'not base64!',
  '💥',
  `${id()}=`,
  id(1),
  id(100),
  id(200),
]

describe('nextHashChain', () => {
  it('equals the Hash-object form on real ids and on odd strings', () => {
    for (let i = 0; i < 300; i++) {
      const [c, a] = [id(), id()]
      expect(nextHashChain(c, a)).toBe(reference(c, a))
      expect(nextHashChain(c)).toBe(reference(c))
    }
    for (const c of [...odd, id()])
      for (const a of [undefined, ...odd, id()])
        expect(nextHashChain(c, a), `${c} ${a}`).toBe(reference(c, a))
  })

  it('the comparison catches a link hashed in the wrong order (planted drift)', () => {
    const [c, a] = [id(), id()]
    expect(nextHashChain(c, a)).not.toBe(reference(a, c))
  })
})
