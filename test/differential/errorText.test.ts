import { beforeAll, describe, expect, it } from 'vitest'
import dca from '../../agents/dca.ts'
import { makeId } from '../../src/ao/ids.ts'
import { DivergenceError } from '../../src/engine/DualEngine.ts'
import { createPair } from '../utils/pair.ts'

const ids = { base: makeId('token:base'), quote: makeId('token:quote'), pool: makeId('pool') }
const params = { ...ids, amount: '1000', slippageBps: 100 }

/** Agent-Error texts are part of the comparison: a Lua error worded differently from its TS twin is a divergence. */
describe('Agent-Error texts agree on both engines', () => {
  let pair: Awaited<ReturnType<typeof createPair>>
  beforeAll(async () => {
    pair = await createPair(dca, params, ids)
  })

  const strangerPauses = async (drift?: string) => {
    const { dual, lua, stim } = pair.fresh()
    if (drift) await lua.handle(stim.fromWallet(pair.owner, { Action: 'Eval' }, drift))
    const r = await dual.handle(stim.command('Pause', {}, '', stim.stranger))
    return r.Messages.flatMap((m) => m.Tags.filter((t) => t.name === 'Error').map((t) => t.value))
  }

  it('the same refusal carries the same text', async () => {
    expect(await strangerPauses()).toEqual(['Pause is owner-only'])
  })

  it('a malformed amount is quoted alike: quotes, backslashes, control bytes and DEL escaped as Status escapes them', async () => {
    const { dual, stim } = pair.fresh()
    const errs: string[] = []
    for (const q of ['1"0', 'a\\b', '1\n\t\u0001', '\u007f', 'é1']) {
      const r = await dual.handle(stim.command('Withdraw', { Token: 'quote', Quantity: q }))
      errs.push(...r.Messages.flatMap((m) => m.Tags.filter((t) => t.name === 'Error').map((t) => t.value)))
    }
    expect(errs).toHaveLength(5)
    expect(errs[0]).toContain('got "1\\"0"')
    expect(errs[2]).toContain('got "1\\n\\t\\u0001"')
    expect(errs[3]).toContain('got "\\u007f"')
  })

  it('planted drift: a reworded Lua error is caught', async () => {
    const drift = `local Q = package.loaded["afk.q"]; local f = Q.fail; Q.fail = function(c, m) f(c, m .. " (reworded)") end`
    await expect(strangerPauses(drift)).rejects.toThrow(DivergenceError)
  })
})
