import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  ACTION_RUNS,
  EVENT_MATCHERS,
  EVENT_MATCHES,
  unboundPrimitives,
} from '../../src/engine/runtime/primitives/registry.ts'
import { ACTION_PRIMITIVES, EVENT_PRIMITIVES, HALT_SKIPS } from '../../src/strategy/primitives/registry.ts'

/** Every .ts file under `dir`, subfolders included. */
const sources = (dir: string): Array<{ f: string; text: string }> =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ f: `${dir}/${f}`, text: readFileSync(`${dir}/${f}`, 'utf8') }))

describe('action primitives own their facts (adding one touches its module, its Lua twin and the registry)', () => {
  it('the compiler and the engines never switch on an action name', () => {
    // the engine's run halves included: a primitive's own module may name itself, nothing else may switch on it
    const files = [...sources('src/compiler'), ...sources('src/engine')]
    const offenders: string[] = []
    for (const name of Object.keys(ACTION_PRIMITIVES)) {
      // `o.kind === 'quote'` compares an order's kind, not an action name
      const pattern = new RegExp(
        `(?<!kind )(===|!==|case)\\s*['"\`]${name}['"\`]|['"\`]${name}['"\`]\\s*(===|!==|:)`,
      )
      for (const { f, text } of files) if (pattern.test(text)) offenders.push(`${f}: ${name}`)
    }
    expect(offenders).toEqual([])
  })

  it('every action that waits for a reply (an order, a quote, a request) is skipped while halted', () => {
    const READS = ['balance', 'info', 'info.failed', 'info.timeout', 'reserves', 'reserves.timeout']
    // a Balance request moves nothing and starts no order: a halted agent may still learn its balances
    // a pool Info or Get-Reserves read moves nothing and times out by itself (info.timeout, reserves.timeout): a
    // halted agent may still read
    // a batch (quoteAll, swapAll) is not skipped: halted, it sends nothing and completes at once with total 0, so the
    // state that waits for its completion moves on (test/differential/batchZoo.test.ts); its body's quote/swap halt
    const waiting = Object.values(ACTION_PRIMITIVES)
      .filter((a) => a.replies?.some((r) => !READS.includes(r)) && a.batchOf === undefined)
      .map((a) => a.name)
    expect(waiting.length).toBeGreaterThan(0)
    for (const name of waiting) expect(HALT_SKIPS, name).toContain(name)
    for (const a of Object.values(ACTION_PRIMITIVES))
      if (a.batchOf !== undefined) expect(HALT_SKIPS, a.batchOf).toContain(a.batchOf)
  })

  it('every definition has its TS run half in the engine, and every run half a definition', () => {
    expect(unboundPrimitives()).toEqual([])
    expect(Object.keys(ACTION_RUNS).sort()).toEqual(Object.keys(ACTION_PRIMITIVES).sort())
    expect(Object.keys(EVENT_MATCHES).sort()).toEqual(EVENT_PRIMITIVES.map((e) => e.name).sort())
    // the engine classifies in the definitions' priority order, which is the Lua runtime's link order
    expect(EVENT_MATCHERS.map((e) => e.name)).toEqual(EVENT_PRIMITIVES.map((e) => e.name))
    expect(EVENT_MATCHERS.every((e) => typeof e.match === 'function')).toBe(true)
  })

  it('planted drift: a definition without its run half, or a run half without a definition, is reported', () => {
    const defs = Object.keys(ACTION_PRIMITIVES)
    const events = { defs: EVENT_PRIMITIVES.map((e) => e.name), runs: Object.keys(EVENT_MATCHES) }
    expect(unboundPrimitives({ defs, runs: defs.filter((n) => n !== 'swap') }, events)).toEqual([
      'action swap: defined, but has no TS run half',
    ])
    expect(unboundPrimitives({ defs, runs: [...defs, 'liquidate'] }, events)).toEqual([
      'action liquidate: has a TS run half but no definition',
    ])
    expect(
      unboundPrimitives({ defs, runs: defs }, { defs: [...events.defs, 'info_reply'], runs: events.runs }),
    ).toEqual(['event info_reply: defined, but has no TS run half'])
  })

  it('every declared Lua dependency and twin exists', () => {
    for (const a of Object.values(ACTION_PRIMITIVES))
      for (const f of [a.lua, ...(a.luaDeps ?? [])])
        expect(() => readFileSync(`lua/agent/${f}`), f).not.toThrow()
  })
})
