import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { makeId } from '../../src/ao/ids.ts'
import { analyze } from '../../src/compiler/analyze.ts'
import { compile } from '../../src/compiler/compile.ts'
import { formatDiagnostic } from '../../src/compiler/diagnostics.ts'
import { map, ring } from '../../src/strategy/collections.ts'
import { defineStrategy, type MachineSpec, type Strategy } from '../../src/strategy/defineStrategy.ts'
import { basisPoints, processId, quantity } from '../../src/strategy/params.ts'

const asset = z.object({ token: processId(), weightBps: basisPoints() })
const item = (n: string) => ({ token: makeId(n), weightBps: 100 })
const params = { base: makeId('b'), quote: makeId('q'), assets: [item('x'), item('y')] }

// `any` on purpose: these are the mistakes the types stop; the compiler must report them too (e.g. from JS)
const strategy = (machine: (x: any) => MachineSpec, assets: z.ZodType = asset.array().min(1).max(8)) =>
  defineStrategy({
    id: 'coll',
    params: z.object({ base: processId(), quote: processId(), assets: assets as any }),
    tokens: ['base', 'quote'],
    context: { n: 0n, s: '', w: ring(3), m: map() },
    machine,
  })
const codes = (s: Strategy, p: unknown = params) =>
  compile(s, p).diagnostics.map((d) => `${d.code}@${d.path.join('.')}`)
const idle = (on: Record<string, any>) => (): MachineSpec => ({ initial: 'a', states: { a: { on } } })

describe('collections: compiler diagnostics name the problem, the path and a fix', () => {
  it('list params need a max length of 1–8 and records of scalars', () => {
    const ok = idle({})
    expect(codes(strategy(ok, asset.array()))).toEqual(['unbounded-list@params.assets'])
    expect(codes(strategy(ok, asset.array().max(9)))).toEqual(['list-too-long@params.assets'])
    expect(codes(strategy(ok, z.array(z.string()).max(2)), { ...params, assets: ['a'] })).toEqual([
      'unsupported-param-type@params.assets.item',
    ])
    const nested = z.array(z.object({ xs: z.array(z.string()) })).max(2)
    expect(codes(strategy(ok, nested), { ...params, assets: [{ xs: ['a'] }] })).toEqual([
      'unsupported-param-type@params.assets.item.xs',
    ])
    const d = compile(strategy(ok, asset.array().max(9)), params).diagnostics[0]
    expect(formatDiagnostic(d)).toMatchInlineSnapshot(`
      "error list-too-long at params.assets: a list param holds 1–8 items, this one up to 9
        hint: use .max(8) or less, or split the strategy"
    `)
    // the schema still bounds the values
    expect(
      codes(strategy(ok), { ...params, assets: Array.from({ length: 9 }, (_, i) => item(`a${i}`)) }),
    ).toEqual(['invalid-params@params.assets'])
  })

  it('ring buffers hold 1–256 integers', () => {
    const s = defineStrategy({
      id: 'r',
      params: z.object({ base: processId(), quote: processId(), amount: quantity() }),
      tokens: ['base', 'quote'],
      context: { big: ring(257), none: ring(0) },
      machine: () => ({ initial: 'a', states: { a: {} } }),
    })
    expect(codes(s, { base: makeId('b'), quote: makeId('q'), amount: '1' })).toEqual([
      'list-too-long@context.big',
      'list-too-long@context.none',
    ])
  })

  it('iteration is bounded: a map cannot be iterated, an int is no list', () => {
    const s = strategy((x) =>
      idle({
        tick: [
          {
            guard: x.gt(
              x.sum(x.c.m, (v: any) => v),
              0,
            ),
          },
          { actions: x.forEach(x.c.m, () => x.log('x')) },
          { guard: x.gt(x.len(x.c.n), 0) },
        ],
      })(),
    )
    expect(codes(s)).toEqual([
      'unbounded-iteration@machine.states.a.on.tick.0.guard.gt[0].sum',
      'unbounded-iteration@machine.states.a.on.tick.1.actions.list',
      'type-mismatch@machine.states.a.on.tick.2.guard.gt[0].len',
    ])
    const d = compile(s, params).diagnostics[0]
    expect(d.hint).toBe('loop over a list param and read the map with get(map, item.key)')
  })

  it('wrong types: per-item bodies, fields, indexes, keys, push/set targets, assign to a collection', () => {
    const s = strategy((x) =>
      idle({
        tick: [
          {
            guard: x.gt(
              x.sum(x.p.assets, (a: any) => a.token),
              0,
            ),
          },
          {
            guard: x.gt(
              x.count(x.p.assets, (a: any) => a.weightBps),
              0,
            ),
          },
          { guard: x.gt(x.at(x.p.assets, 0, 'nope'), 0) },
          { guard: x.gt(x.at(x.c.w, 's'), 0) },
          { guard: x.gt(x.get(x.c.m, 1), 0) },
          { actions: x.push(x.c.m, 1) },
          { actions: x.set(x.c.w, 'k', 1) },
          { actions: x.assign({ w: 1 }) },
          { actions: x.assign({ n: x.c.w }) },
          { guard: x.eq(x.c.w, x.c.w) },
        ],
      })(),
    )
    expect(codes(s)).toEqual([
      'type-mismatch@machine.states.a.on.tick.0.guard.gt[0].sum.body',
      'type-mismatch@machine.states.a.on.tick.1.guard.gt[0].count.body',
      'invalid-expression@machine.states.a.on.tick.2.guard.gt[0]',
      'type-mismatch@machine.states.a.on.tick.3.guard.gt[0].index',
      'type-mismatch@machine.states.a.on.tick.4.guard.gt[0].key',
      'type-mismatch@machine.states.a.on.tick.5.actions.ring',
      'type-mismatch@machine.states.a.on.tick.6.actions.map',
      'type-mismatch@machine.states.a.on.tick.7.actions.w',
      'type-mismatch@machine.states.a.on.tick.8.actions.n',
      'type-mismatch@machine.states.a.on.tick.9.guard',
    ])
  })

  it('a loop item read outside its loop is reported', () => {
    let leaked: any
    const s = strategy((x) =>
      idle({
        tick: {
          actions: [
            x.forEach(x.p.assets, (a: any) => {
              leaked = a.weightBps
              return x.log('in', { w: a.weightBps })
            }),
            x.log('out', { w: leaked }),
          ],
        },
      })(),
    )
    expect(codes(s)).toEqual(['invalid-expression@machine.states.a.on.tick.actions.1.w'])
  })

  it('a valid use compiles, links the collection helpers, and keeps them out otherwise', () => {
    const s = strategy((x) =>
      idle({
        tick: {
          actions: x.forEach(x.p.assets, (a: any, i: any) => [
            x.push(x.c.w, x.add(a.weightBps, i)),
            x.set(x.c.m, a.token, x.clamp(x.isqrt(a.weightBps), 0, 5)),
          ]),
        },
      })(),
    )
    const r = compile(s, params)
    expect(r.diagnostics).toEqual([])
    expect(r.manifest!.modules).toEqual(expect.arrayContaining(['afk.coll', 'afk.actions.for_each']))
    expect(r.ir!.paramSpec.assets).toBeUndefined()
    expect(r.ir!.listParams!.assets).toMatchObject({ kind: 'list', min: 1, max: 8 })
    const plain = compile(
      strategy(() => idle({ tick: {} })()),
      params,
    )
    expect(plain.manifest!.modules).not.toContain('afk.coll')
  })

  it('afk check sees the actions inside a forEach (a swap per asset waits for its outcome)', () => {
    const s = strategy(() => ({
      initial: 'a',
      states: {
        a: { on: { tick: { target: 'b', actions: [] } } },
        b: { on: { tick: 'a' } },
      },
    }))
    const withSwap = strategy((x) => ({
      initial: 'a',
      states: {
        a: {
          on: {
            tick: {
              target: 'b',
              actions: x.forEach(x.p.assets, (a: any) =>
                x.swap({ pool: a.token, tokenIn: x.p.quote, tokenOut: a.token, amountIn: 1, minOut: 1 }),
              ),
            },
          },
        },
        b: { on: { tick: 'a' } },
      },
    }))
    const findings = (st: Strategy) => analyze(compile(st, params).ir!).map((f) => `${f.code}:${f.state}`)
    expect(findings(s)).not.toContain('unhandled-reply:b')
    expect(findings(withSwap)).toEqual(
      expect.arrayContaining(['waits-without-timeout:b', 'unhandled-reply:b']),
    )
  })
})
