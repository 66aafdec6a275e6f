import { describe, expect, it } from 'vitest'
import { copyState } from '../../src/engine/runtime/copyState.ts'
import type { AgentState } from '../../src/engine/runtime/types.ts'

const state = (): AgentState =>
  ({
    value: 'idle',
    context: { n: 1n, ring: [1n, 2n], skips: { busy: 1n } },
    params: { amount: 5n, assets: [{ token: 'x', weight: 1n }] },
    orders: { 'afk-1': { kind: 'swap', amount: '5' } },
    timers: { t: 9n },
    balances: { base: 3n },
    settled: ['a'],
    aoRef: 1,
  }) as unknown as AgentState

describe('copyState (the TS runtime rollback copy)', () => {
  it('deep-copies what is changed in place, shares context and params values', () => {
    const S = state()
    const cp = copyState(S, false)
    ;(S.orders['afk-1'] as Record<string, string>).debited = 'true'
    S.settled = [...S.settled, 'b']
    S.balances.base = 0n
    S.context.n = 2n
    expect(cp.orders['afk-1']).toEqual({ kind: 'swap', amount: '5' })
    expect(cp.settled).toEqual(['a'])
    expect(cp.balances.base).toBe(3n)
    expect(cp.context.n).toBe(1n)
    expect(cp.context.ring).toBe(S.context.ring)
  })

  it('when checking, shared values are deep-frozen: an in-place change throws', () => {
    const S = state()
    copyState(S, true)
    expect(() => (S.context.ring as bigint[]).push(3n)).toThrow(TypeError)
    expect(() => {
      ;(S.context.skips as Record<string, bigint>).busy = 2n
    }).toThrow(TypeError)
    expect(() => {
      ;((S.params.assets as Array<Record<string, unknown>>)[0] as Record<string, unknown>).weight = 2n
    }).toThrow(TypeError)
    // replacing a value, as push/set/assign do, still works
    S.context.ring = [...(S.context.ring as bigint[]), 3n]
    expect(S.context.ring).toEqual([1n, 2n, 3n])
  })

  it('shares the params object and the settled list (both replaced); when checking, writing into them throws', () => {
    const S = state()
    const cp = copyState(S, true)
    expect(cp.params).toBe(S.params)
    expect(cp.settled).toBe(S.settled)
    expect(() => S.settled.push('b')).toThrow(TypeError)
    expect(() => {
      S.params.amount = 6n
    }).toThrow(TypeError)
    S.params = { ...S.params, amount: 6n }
    expect(cp.params.amount).toBe(5n)
  })

  it('planted drift: without the check an in-place change leaks into the copy (why tests run with it)', () => {
    const S = state()
    const cp = copyState(S, false)
    ;(S.context.ring as bigint[]).push(3n)
    expect(cp.context.ring).toEqual([1n, 2n, 3n])
  })

  it('keeps an own "__proto__" context key as data', () => {
    const S = state()
    Object.defineProperty(S.context, '__proto__', {
      value: 7n,
      enumerable: true,
      writable: true,
      configurable: true,
    })
    const cp = copyState(S, true)
    expect(Object.getPrototypeOf(cp.context)).toBe(Object.prototype)
    expect(Object.hasOwn(cp.context, '__proto__')).toBe(true)
  })

  it('deep-copies the syncs and the risk, gather and batch books', () => {
    const S = {
      ...state(),
      syncs: { base: { id: 'afk-2', armed: 'false' } },
      risk: { day: 1n, spent: { base: 2n }, slip: { base: { left: 1n, rem: 0n, at: 0n } } },
      gather: { id: 'afk-3', deadline: 5n, open: true, items: [{ order: 'afk-4', done: false }] },
      batch: { id: 'afk-5', open: true, filled: 0n },
    } as unknown as AgentState
    const cp = copyState(S, false)
    S.syncs.base.armed = 'true'
    S.risk!.slip.base.left = 0n
    S.risk!.spent.base = 3n
    ;(S.gather!.items[0] as { done: boolean }).done = true
    S.batch!.filled = 1n
    S.timers.t = 1n
    expect(cp.syncs.base.armed).toBe('false')
    expect(cp.risk!.slip.base.left).toBe(1n)
    expect(cp.risk!.spent.base).toBe(2n)
    expect(cp.gather!.items[0].done).toBe(false)
    expect(cp.batch!.filled).toBe(0n)
    expect(cp.timers.t).toBe(9n)
  })

  it('when checking, a state shape the copy does not know is refused (it would be shared, not copied)', () => {
    const extra = { ...state(), keeper: { slot: 1n } } as unknown as AgentState
    expect(() => copyState(extra, true)).toThrow(/state field "keeper" holds an object/)
    const nested = state()
    ;(nested.orders['afk-1'] as unknown as Record<string, unknown>).legs = ['a']
    expect(() => copyState(nested, true)).toThrow(/orders.afk-1.legs holds an object/)
    const timer = state()
    ;(timer.timers as unknown as Record<string, unknown>).t = { at: 1n }
    expect(() => copyState(timer, true)).toThrow(/timers.t is not an integer/)
  })

  it('tests run with the check on (vitest.config.ts sets AFK_CHECK_SHARED)', () => {
    expect(process.env.AFK_CHECK_SHARED).toBe('1')
  })
})
