import { describe, expect, it } from 'vitest'
import dca from '../../agents/dca.ts'
import { makeId } from '../../src/ao/ids.ts'
import { compileOrThrow } from '../../src/compiler/compile.ts'
import { DivergenceError } from '../../src/engine/DualEngine.ts'
import { WIRE_ERRORS } from '../../src/protocols/agentWire.ts'
import { dualWithLua, START } from '../utils/pair.ts'
import { Stimulus } from '../utils/stimulus.ts'

const ids = { base: makeId('token:base'), quote: makeId('token:quote'), pool: makeId('pool') }
const params = { ...ids, amount: '1000', slippageBps: 100, quoteTimeoutMs: '60000', swapTimeoutMs: '600000' }

/** The `Error` text of `Agent-Error` is compared by the differential runs: a Lua text that drifts is caught. */
describe('Agent-Error texts are part of the differential comparison (planted drift)', () => {
  async function run(lua: (src: string) => string) {
    const c = compileOrThrow(dca, params)
    const agent = makeId('agent:wire-drift')
    const owner = makeId('owner-wallet')
    const dual = await dualWithLua(c, lua(c.lua), agent, owner)
    const stim = new Stimulus(agent, owner, { base: ids.base, quote: ids.quote }, ids.pool, START)
    await dual.handle(stim.deposit('quote', 500n))
    return dual.handle(stim.command('Withdraw', { Token: 'quote', Quantity: '900' }))
  }

  it('agrees when both read the wire table', async () => {
    const r = await run((s) => s)
    expect(r.Messages[0].Tags.find((t) => t.name === 'Error')?.value).toBe(WIRE_ERRORS.withdrawTooMuch.text)
  })

  it('fails when one Lua error text drifts', async () => {
    const text = WIRE_ERRORS.withdrawTooMuch.text
    await expect(run((s) => s.replace(text, 'not enough money'))).rejects.toThrow(DivergenceError)
  })
})
