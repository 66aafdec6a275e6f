import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import dca from '../../agents/dca.ts'
import { makeId } from '../../src/ao/ids.ts'
import { compile } from '../../src/compiler/compile.ts'
import { formatDiagnostic } from '../../src/compiler/diagnostics.ts'
import { defineStrategy, type MachineSpec } from '../../src/strategy/defineStrategy.ts'
import { processId, quantity } from '../../src/strategy/params.ts'

const params = { base: makeId('b'), quote: makeId('q'), pool: makeId('p'), amount: '1000', slippageBps: 100 }

const tiny = (machine: (x: any) => MachineSpec) =>
  defineStrategy({
    id: 'tiny',
    params: z.object({
      base: processId(),
      quote: processId(),
      pool: processId(),
      amount: quantity(),
      slippageBps: z.number().int(),
    }),
    tokens: ['base', 'quote'],
    context: { n: 0n },
    machine,
  })

const codes = (s: ReturnType<typeof tiny>) =>
  compile(s, params).diagnostics.map((d) => `${d.code}@${d.path.join('.')}`)

describe('compiler diagnostics name the problem, the state path and a fix', () => {
  it('rejects invoke, parallel, history, after, always and spawn with the state path', () => {
    const s = tiny(() => ({
      initial: 'a',
      states: {
        a: { invoke: { src: 'x' }, on: { tick: 'b' } },
        b: { type: 'parallel', states: { x: {}, y: {} } },
        c: { type: 'history' },
        d: { after: { 1000: 'a' } },
        e: { always: { target: 'a' } },
        f: { entry: [{ type: 'xstate.spawnChild', id: 'c' }] },
      },
    }))
    expect(codes(s)).toEqual(
      expect.arrayContaining([
        'unsupported-invoke@machine.states.a.invoke',
        'unsupported-parallel@machine.states.b.type',
        'unsupported-history@machine.states.c.type',
        'unsupported-after@machine.states.d.after',
        'unsupported-always@machine.states.e.always',
        'unsupported-spawn@machine.states.f.entry.0',
      ]),
    )
    expect(compile(s, params).lua).toBeUndefined()
  })

  it('rejects inline functions in guards and actions instead of dropping them', () => {
    const s = tiny((x) => ({
      initial: 'idle',
      states: {
        idle: {
          on: {
            tick: {
              guard: () => true,
              target: 'busy',
              actions: [x.assign({ n: 1 }), () => console.log('hi')],
            },
          },
        },
        busy: { entry: ({ context }: any) => context },
      },
    }))
    const r = compile(s, params)
    expect(r.diagnostics.map((d) => `${d.code}@${d.path.join('.')}`).sort()).toEqual([
      'inline-function-action@machine.states.busy.entry',
      'inline-function-action@machine.states.idle.on.tick.actions.1',
      'inline-function-guard@machine.states.idle.on.tick.guard',
    ])
    expect(
      formatDiagnostic(r.diagnostics.find((d) => d.code === 'inline-function-guard')!),
    ).toMatchInlineSnapshot(`
      "error inline-function-guard at machine.states.idle.on.tick.guard: inline guard functions cannot be compiled to Lua
        hint: write the condition with the DSL, e.g. guard: ge(bal("quote"), p.amount)"
    `)
  })

  it('type-checks expressions, event fields, targets and params', () => {
    const s = tiny((x) => ({
      initial: 'idle',
      states: {
        idle: {
          entry: x.assign({ n: x.ev.quantity }),
          on: {
            tick: { guard: x.add(1, 2), target: 'nowhere' },
            credit: {
              actions: [
                x.assign({ n: x.ev.nope, m: 1 }),
                x.swap({
                  pool: x.p.pool,
                  tokenIn: x.p.quote,
                  tokenOut: x.p.base,
                  amountIn: x.p.pool,
                  minOut: 1,
                }),
              ],
            },
            'made.up': 'idle',
          },
        },
      },
    }))
    expect(codes(s)).toEqual(
      expect.arrayContaining([
        'unknown-event-field@machine.states.idle.entry.n',
        'type-mismatch@machine.states.idle.on.tick.guard',
        'unknown-target@machine.states.idle.on.tick.target',
        'unknown-event-field@machine.states.idle.on.credit.actions.0.n',
        'unknown-context@machine.states.idle.on.credit.actions.0.m',
        'type-mismatch@machine.states.idle.on.credit.actions.1.amountIn',
        'unknown-event@machine.states.idle.on.made.up',
      ]),
    )
    expect(
      compile(dca, { ...params, amount: '-5', slippageBps: 9000 }).diagnostics.map((d) => d.code),
    ).toEqual(['invalid-params', 'invalid-params'])
  })

  it('is deterministic: the same input gives byte-identical Lua with a header', () => {
    const a = compile(dca, params)
    const b = compile(dca, { ...params })
    expect(a.lua).toBe(b.lua)
    expect(a.lua!.split('\n').slice(0, 3).join('\n')).toMatch(
      /^-- afk 0\.1\.0 \| strategy dca\n-- strategy-hash: sha256:[0-9a-f]{64}\n-- params-hash: sha256:[0-9a-f]{64}$/,
    )
    const other = compile(dca, { ...params, amount: '2000' })
    expect(other.manifest!.strategyHash).toBe(a.manifest!.strategyHash)
    expect(other.manifest!.paramsHash).not.toBe(a.manifest!.paramsHash)
    // only the runtime modules the strategy uses are linked
    expect(a.manifest!.modules).not.toContain('afk.actions.transfer')
    expect(a.manifest!.modules).toContain('afk.actions.swap')
  })
})
