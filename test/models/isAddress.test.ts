import { describe, expect, it } from 'vitest'
import { isAddress } from '../../src/models/ModelProcess.ts'

/** Lua `Tags.isAddress` as the regexes that spelled it before the character loops */
const reference = (s: string) =>
  (s.length === 43 && /^[A-Za-z0-9_-]+$/.test(s)) || (s.length === 42 && /^0x[0-9a-fA-F]+$/.test(s))

describe('isAddress', () => {
  it('agrees with the regex definition on ids, 0x addresses and near misses', () => {
    const chars = 'Aa0Zz9_-xXfFgG@/ .é\u0000'
    let seed = 3
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const base = [
      'a'.repeat(43),
      `0x${'f'.repeat(40)}`,
      `0X${'f'.repeat(40)}`,
      'a'.repeat(42),
      'a'.repeat(44),
      '',
    ]
    for (let i = 0; i < 3000; i++) {
      const s = [...base[rand(base.length)]]
      for (let k = rand(3); k > 0 && s.length; k--) s[rand(s.length)] = chars[rand(chars.length)]
      const t = s.join('')
      expect(isAddress(t), JSON.stringify(t)).toBe(reference(t))
    }
    expect(isAddress(undefined)).toBe(false)
  })

  it('planted drift: a 43-character string with a dot is not an address', () => {
    expect(isAddress(`${'a'.repeat(42)}.`)).toBe(false)
    expect(isAddress(`${'a'.repeat(42)}-`)).toBe(true)
    expect(isAddress(`0x${'A'.repeat(40)}`)).toBe(true)
  })
})
