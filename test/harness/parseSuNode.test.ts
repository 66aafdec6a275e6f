import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { fastSuNode, parseSuNode } from '../../src/harness/log/parseSuNode.ts'
import { formatIssues, suNodeSchema } from '../../src/harness/log/schema.ts'
import { Prng } from '../../src/harness/synth/Prng.ts'

/** A value with every key in order, `undefined` values and nulls shown (JSON.stringify hides undefined keys). */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shape)
  if (v === undefined) return '<undefined>'
  if (v && typeof v === 'object') return Object.entries(v).map(([k, x]) => [k, shape(x)])
  return v
}

const nodes = readFileSync('samples/botega-demo.ndjson', 'utf8')
  .split('\n')
  .slice(1, 40)
  .map((l) => JSON.parse(l))
const ODD = [undefined, null, '', 'x', '12', '1.5', 0, 7, true, [], {}, [{ name: 'a', value: 'b' }], { x: 1 }]

/** Every object and array inside `v`, with the keys it has (the places a mutation can land). */
function places(v: unknown, out: { obj: any; key: string | number }[] = []) {
  if (Array.isArray(v))
    v.forEach((x, i) => {
      out.push({ obj: v, key: i })
      places(x, out)
    })
  else if (v && typeof v === 'object')
    for (const k of Object.keys(v)) {
      out.push({ obj: v, key: k })
      places((v as any)[k], out)
    }
  return out
}

/** A node with 1–3 random edits: a value replaced, a key removed, an unknown key added, keys reordered. */
function mutate(r: (n: number) => number): unknown {
  const v = structuredClone(nodes[r(nodes.length)])
  if (r(3) === 0)
    v.afk = r(2) ? { reserves: { a: String(r(100)), b: r(2) ? '1' : '1.5' } } : r(2) ? {} : undefined
  for (let e = 1 + r(3); e > 0; e--) {
    const ps = places(v)
    const p = ps[r(ps.length)]
    switch (r(4)) {
      case 0:
        p.obj[p.key] = structuredClone(ODD[r(ODD.length)])
        break
      case 1:
        if (Array.isArray(p.obj)) p.obj.splice(p.key as number, 1)
        else delete p.obj[p.key]
        break
      case 2:
        if (!Array.isArray(p.obj)) p.obj[['extra', 'key', 'name', 'value', '__proto__'][r(5)]] = 'z'
        break
      default:
        if (!Array.isArray(p.obj)) {
          const x = p.obj[p.key]
          delete p.obj[p.key]
          p.obj[p.key] = x
        }
    }
  }
  return v
}

/** The proof: same verdict, same output (keys, order, undefined) or same zod issues. */
function sameAsZod(parse: (v: unknown) => ReturnType<typeof parseSuNode>, v: unknown): void {
  const want = suNodeSchema.safeParse(v)
  const got = parse(v)
  expect(got.success).toBe(want.success)
  if (want.success && got.success) expect(shape(got.data)).toEqual(shape(want.data))
  else if (!want.success && !got.success) expect(formatIssues(got.error)).toEqual(formatIssues(want.error))
}

describe('parseSuNode (the SU node check off zod on the hot path)', () => {
  it('gives what zod gives on valid nodes and on 2,500 edited ones', () => {
    for (const n of nodes) sameAsZod(parseSuNode, n)
    const p = new Prng(4242)
    const r = (n: number) => p.int(0, n - 1)
    let accepted = 0
    let fast = 0
    for (let i = 0; i < 2500; i++) {
      const v = mutate(r)
      sameAsZod(parseSuNode, v)
      if (suNodeSchema.safeParse(v).success) accepted++
      if (fastSuNode(v)) fast++
    }
    // both verdicts are exercised, and most accepted nodes by the hand-written check (not handed to zod)
    expect(accepted).toBeGreaterThan(250)
    expect(accepted).toBeLessThan(2250)
    expect(fast).toBeGreaterThan(accepted * 0.8)
  })

  it('the comparison catches a check that accepts an empty id or keeps an unknown key (planted drift)', () => {
    const lax = (v: unknown) => {
      const o = structuredClone(v) as any
      if (o?.message?.id === '') o.message.id = 'x'
      const r = parseSuNode(o)
      if (r.success && (v as any)?.extra !== undefined) (r.data as any).extra = (v as any).extra
      return r
    }
    const empty = structuredClone(nodes[3])
    empty.message.id = ''
    expect(() => sameAsZod(lax, empty)).toThrow()
    expect(() => sameAsZod(lax, { ...nodes[3], extra: 1 })).toThrow()
    sameAsZod(parseSuNode, empty)
  })
})
