import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { makeId } from '../../src/ao/ids.ts'
import { compile } from '../../src/compiler/compile.ts'
import { defineStrategy, type MachineSpec } from '../../src/strategy/defineStrategy.ts'
import { processId } from '../../src/strategy/params.ts'

const params = { base: makeId('b'), quote: makeId('q'), oracle: makeId('o') }
// `any` on purpose: these are the mistakes the types stop; the compiler must report them too (e.g. from JS)
const strategy = (replies: any, machine?: (x: any) => MachineSpec) =>
  defineStrategy({
    id: 'replies',
    params: z.object({ base: processId(), quote: processId(), oracle: processId() }),
    tokens: ['base', 'quote'],
    replies,
    context: { n: 0n },
    machine:
      machine ??
      ((x: any) => ({
        initial: 'a',
        states: {
          a: {
            on: {
              tick: {
                actions: x.ask({
                  reply: Object.keys(replies)[0],
                  process: x.p.oracle,
                  action: 'Get',
                  timeoutMs: 9,
                }),
              },
            },
          },
        },
      })),
  } as any)
const codes = (replies: any, machine?: (x: any) => MachineSpec) =>
  compile(strategy(replies, machine), params).diagnostics.map((d) => `${d.code}@${d.path.join('.')}`)

describe('ask() reply schemas: only what both engines check identically compiles', () => {
  it('accepts bounded ints, safe integers, bounded strings, enums, literals and booleans', () => {
    const r = compile(
      strategy({
        s: z.object({
          'Signal-Bps': z.bigint().min(-5n).lt(10n),
          n: z.number().int().min(0),
          Asset: z.string().min(1).max(64),
          mood: z.enum(['up', 'down']),
          ok: z.literal('yes'),
          live: z.boolean(),
        }),
      }),
      params,
    )
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(r.ir!.replies!.s).toEqual([
      { name: 'Asset', type: 'str', minLen: 1, maxLen: 64 },
      { name: 'Signal-Bps', type: 'int', min: '-5', max: '9' },
      { name: 'live', type: 'bool' },
      { name: 'mood', type: 'str', minLen: 0, maxLen: 4, values: ['down', 'up'] },
      { name: 'n', type: 'int', min: '0', max: '9007199254740991' },
      { name: 'ok', type: 'str', minLen: 0, maxLen: 3, values: ['yes'] },
    ])
    expect(r.manifest!.modules).toContain('afk.events.ask_reply')
    expect(r.lua).toContain('replyText')
  })

  it('refuses every other shape with a code, a path and a hint', () => {
    expect(codes({ s: z.object({ Note: z.string() }) })).toEqual(['unsupported-reply-schema@replies.s.Note'])
    expect(codes({ s: z.object({ Note: z.string().max(5000) }) })).toEqual([
      'unsupported-reply-schema@replies.s.Note',
    ])
    expect(codes({ s: z.object({ P: z.number() }) })).toEqual(['unsupported-reply-schema@replies.s.P'])
    expect(codes({ s: z.object({ P: z.string().max(9).regex(/x/) }) })).toEqual([
      'unsupported-reply-schema@replies.s.P',
    ])
    expect(codes({ s: z.object({ L: z.array(z.string()).max(2) }) })).toEqual([
      'unsupported-reply-schema@replies.s.L',
    ])
    expect(codes({ s: z.object({ O: z.object({ a: z.boolean() }) }) })).toEqual([
      'unsupported-reply-schema@replies.s.O',
    ])
    expect(codes({ s: z.object({ P: z.bigint().optional() }) })).toEqual([
      'unsupported-reply-schema@replies.s.P',
    ])
    expect(codes({ s: z.object({ From: z.string().max(43) }) })).toEqual([
      'unsupported-reply-schema@replies.s.From',
    ])
    // a field named like afk's own event fields would be read with two meanings
    expect(codes({ s: z.object({ order: z.string().max(9) }) })).toEqual([
      'unsupported-reply-schema@replies.s.order',
    ])
    expect(codes({ s: z.string() })).toEqual(['unsupported-reply-schema@replies.s'])
    expect(codes({ 'bad.name': z.object({ A: z.boolean() }) })).toEqual([
      'invalid-reply-name@replies.bad.name',
    ])
    const d = compile(strategy({ s: z.object({ Note: z.string() }) }), params).diagnostics[0]
    expect(d.message).toContain("'Note'")
    expect(d.hint).toContain('.max(n)')
  })

  it('ask() must name a declared reply, a timeout, and echo only tags it sends', () => {
    const one = { s: z.object({ A: z.boolean() }) }
    const on = (a: (x: any) => unknown) => (x: any) => ({
      initial: 'a',
      states: { a: { on: { tick: { actions: a(x) } } } },
    })
    expect(
      codes(
        one,
        on((x) => x.ask({ reply: 'nope', process: x.p.oracle, action: 'G', timeoutMs: 1 })),
      ),
    ).toEqual(['unknown-reply@machine.states.a.on.tick.actions.reply'])
    expect(
      codes(
        one,
        on((x) => x.ask({ reply: 's', process: x.p.oracle, action: 'G' })),
      ),
    ).toEqual(['invalid-action-args@machine.states.a.on.tick.actions'])
    expect(
      codes(
        one,
        on((x) => x.ask({ reply: 's', process: x.p.oracle, action: 'G', timeoutMs: 1, echo: ['Asset'] })),
      ),
    ).toEqual(['invalid-action-args@machine.states.a.on.tick.actions.echo.Asset'])
    expect(
      codes(
        one,
        on((x) => x.ask({ reply: 's', process: x.p.oracle, action: 'G', timeoutMs: 'x' })),
      ),
    ).toEqual(['type-mismatch@machine.states.a.on.tick.actions.timeoutMs'])
    // a handler for an undeclared reply is an unknown event
    expect(codes(one, () => ({ initial: 'a', states: { a: { on: { 'reply.other': 'a' } } } }))).toEqual([
      'unknown-event@machine.states.a.on.reply.other',
    ])
  })

  it('a strategy without ask links no reply code', () => {
    const r = compile(
      strategy({}, () => ({ initial: 'a', states: { a: {} } })),
      params,
    )
    expect(r.manifest!.modules).not.toContain('afk.events.ask_reply')
    expect(r.lua).not.toContain('replyText')
  })
})
