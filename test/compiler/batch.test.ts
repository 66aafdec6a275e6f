import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { makeId } from '../../src/ao/ids.ts'
import { compile } from '../../src/compiler/compile.ts'
import { formatDiagnostic } from '../../src/compiler/diagnostics.ts'
import { map, ring } from '../../src/strategy/collections.ts'
import { defineStrategy, type MachineSpec, type Strategy } from '../../src/strategy/defineStrategy.ts'
import { basisPoints, processId } from '../../src/strategy/params.ts'

const asset = z.object({ token: processId(), pool: processId(), weightBps: basisPoints(), label: z.string() })
const item = (n: string) => ({ token: makeId(n), pool: makeId(`p${n}`), weightBps: 100, label: n })
const params = { quote: makeId('q'), assets: [item('x'), item('y')] }

// `any` on purpose: the compiler must report what the types stop (e.g. a strategy written in JS)
const strategy = (machine: (x: any) => MachineSpec, listTokens: any = { assets: 'token' }) =>
  defineStrategy({
    id: 'batch',
    params: z.object({ quote: processId(), assets: asset.array().min(1).max(8) }),
    tokens: ['quote'],
    listTokens,
    context: { n: 0n, s: '', w: ring(3), m: map() },
    machine,
  })
const codes = (s: Strategy) => compile(s, params).diagnostics.map((d) => `${d.code}@${d.path.join('.')}`)
const onTick =
  (actions: (x: any) => unknown) =>
  (x: any): MachineSpec => ({
    initial: 'a',
    states: { a: { on: { tick: { actions: actions(x) } } } },
  })
const quoteEach = (x: any, timeoutMs: unknown) =>
  x.quoteAll(x.p.assets, (a: any) => ({ pool: a.pool, tokenIn: a.token, amountIn: 5 }), { timeoutMs })

describe('batches: compiler diagnostics name the problem, the path and a fix', () => {
  it('a well-formed quoteAll/swapAll with listTokens compiles', () => {
    const s = strategy(
      onTick((x) => [
        quoteEach(x, 60_000),
        x.swapAll(
          x.p.assets,
          (a: any, i: any) => ({
            pool: a.pool,
            tokenIn: a.token,
            tokenOut: x.p.quote,
            amountIn: x.balOf(a.token),
            minOut: x.max(1, x.quoted(i, 'output')),
          }),
          { timeoutMs: 60_000 },
        ),
        x.assign({ n: x.valuation(x.p.assets, (a: any) => x.balOf(a.token)) }),
      ]),
    )
    expect(codes(s)).toEqual([])
    const c = compile(s, params)
    expect(c.ir?.listTokens).toEqual({ assets: 'token' })
  })

  it('a batch needs a list param and a positive integer timeout', () => {
    const overRing = onTick((x) =>
      x.quoteAll(x.c.w, () => ({ pool: x.p.quote, tokenIn: x.p.quote, amountIn: 1 }), { timeoutMs: 5 }),
    )
    expect(codes(strategy(overRing))).toContain('type-mismatch@machine.states.a.on.tick.actions.list')
    expect(codes(strategy(onTick((x) => quoteEach(x, 0))))).toEqual([
      'invalid-action-args@machine.states.a.on.tick.actions.timeoutMs',
    ])
    const d = compile(strategy(onTick((x) => quoteEach(x, 'soon'))), params).diagnostics[0]
    expect(formatDiagnostic(d)).toMatchInlineSnapshot(`
      "error invalid-action-args at machine.states.a.on.tick.actions.timeoutMs: quoteAll() needs an integer timeoutMs
        hint: every batch completes: pass { timeoutMs: 60_000 } or a param"
    `)
  })

  it('a batch built without the DSL is refused', () => {
    const handMade = onTick((x) => ({
      afk: 'swapAll',
      args: { list: x.p.assets, after: { k: 'lit', t: 'int', v: '5' } },
      static: { depth: '1' },
      body: [],
    }))
    expect(codes(strategy(handMade))).toEqual(['invalid-action-args@machine.states.a.on.tick.actions.body'])
  })

  it('gathered quotes are read by int index or str token, with a known field', () => {
    const bad = onTick((x) =>
      x.assign({
        n: x.quoted('first', 'output'),
        s: x.quotedFor(1, 'reason'),
      }),
    )
    expect(codes(strategy(bad))).toEqual([
      'type-mismatch@machine.states.a.on.tick.actions.n.key',
      'type-mismatch@machine.states.a.on.tick.actions.s.key',
    ])
    const field = onTick((x) => x.assign({ n: x.quoted(0, 'price') }))
    expect(codes(strategy(field))).toContain('invalid-expression@machine.states.a.on.tick.actions.n.field')
    const balOf = onTick((x) => x.assign({ n: x.balOf(3) }))
    expect(codes(strategy(balOf))).toEqual(['type-mismatch@machine.states.a.on.tick.actions.n.token'])
  })

  it('listTokens must name a processId() field of a list param', () => {
    const ok = onTick(() => [])
    expect(codes(strategy(ok, { assets: 'label' }))).toEqual(['invalid-token-param@listTokens.assets'])
    expect(codes(strategy(ok, { quote: 'token' }))).toEqual(['invalid-token-param@listTokens.quote'])
  })
})
