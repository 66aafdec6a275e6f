import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ACTION_PRIMITIVES, HALT_SKIPS } from '../../src/strategy/primitives/registry.ts'

const sources = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ f: `${dir}/${f}`, text: readFileSync(`${dir}/${f}`, 'utf8') }))

describe('action primitives own their facts (adding one touches its module, its Lua twin and the registry)', () => {
  it('the compiler and the engines never switch on an action name', () => {
    const files = [...sources('src/compiler'), ...sources('src/engine'), ...sources('src/strategy/runtime')]
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
    const READS = ['balance', 'info', 'info.failed', 'info.timeout']
    // a Balance request moves nothing and starts no order: a halted agent may still learn its balances
    // a pool Info read moves nothing and times out by itself (info.timeout): a halted agent may still read
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

  it('every declared Lua dependency and twin exists', () => {
    for (const a of Object.values(ACTION_PRIMITIVES))
      for (const f of [a.lua, ...(a.luaDeps ?? [])])
        expect(() => readFileSync(`lua/agent/${f}`), f).not.toThrow()
  })
})
