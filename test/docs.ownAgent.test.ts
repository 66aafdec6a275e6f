import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { makeId } from '../src/ao/ids.ts'
import { compile } from '../src/compiler/compile.ts'
import dipBuyer from './fixtures/readmeOwnAgent.ts'
import { createPair } from './utils/pair.ts'
import { pending } from './utils/stimulus.ts'

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const FIXTURE = readFileSync(new URL('./fixtures/readmeOwnAgent.ts', import.meta.url), 'utf8')
const ids = { base: makeId('own:base'), quote: makeId('own:quote'), pool: makeId('own:pool') }
const params = { ...ids, amount: '1000', dipBps: 500, slippageBps: 100 }

describe('README: write your own agent', () => {
  it('shows the example verbatim, in under 60 lines, and it compiles without diagnostics', () => {
    const example = FIXTURE.split('\n').slice(2).join('\n')
    expect(README).toContain(`\`\`\`ts\n${example}\`\`\``)
    expect(example.trimEnd().split('\n').length).toBeLessThan(60)
    expect(compile(dipBuyer, params).diagnostics).toEqual([])
  })

  it('runs on both engines (TS and the compiled Lua on aos agree message by message and Status by Status)', async () => {
    const pair = await createPair(dipBuyer, params, ids)
    const { dual, ts, stim } = pair.fresh()
    await dual.handle(stim.deposit('quote', 5000n))
    // the first two prices set the average (no buy), the third is 5 % better: a dip
    for (const output of [1000n, 1000n]) {
      await dual.handle(stim.tick(3_600_000))
      await dual.handle(stim.quoteReply(pending(ts.runtime.state, 'quote')[0], output))
      expect((await dual.snapshot()).value).toBe('watching')
    }
    await dual.handle(stim.tick(3_600_000))
    const r = await dual.handle(stim.quoteReply(pending(ts.runtime.state, 'quote')[0], 1050n))
    const swap = r.Messages.find((m) => m.Tags.some((t) => t.name === 'X-Action' && t.value === 'Swap'))!
    expect(swap.Tags.find((t) => t.name === 'X-Expected-Min-Output')?.value).toBe('1039')
    const [s] = pending(ts.runtime.state, 'swap')
    await dual.handle(stim.debit(s))
    await dual.handle(stim.fill(s, 1045n))
    const snap = await dual.snapshot()
    expect(snap).toMatchObject({ value: 'watching', balances: { base: '1045', quote: '4000' } })
    expect(snap.context).toMatchObject({ buys: '1', bought: '1045', outputs: ['1000', '1000', '1050'] })
    // a pool that never answers: the timeout brings the agent back
    await dual.handle(stim.tick(3_600_000))
    const [unanswered] = pending(ts.runtime.state, 'quote')
    expect((await dual.snapshot()).value).toBe('pricing')
    await dual.handle(stim.tick(3_600_000))
    // the timeout fired, then this tick asked again (the new quote supersedes the unanswered one)
    expect((await dual.snapshot()).value).toBe('pricing')
    expect(pending(ts.runtime.state, 'quote').map((o) => o.id)).not.toContain(unanswered.id)
    expect(pending(ts.runtime.state, 'quote').length).toBe(1)
  })
})
