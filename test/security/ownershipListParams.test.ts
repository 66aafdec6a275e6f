import { beforeAll, describe, expect, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import portfolioZoo from '../fixtures/portfolioZoo.ts'
import { createPair } from '../utils/pair.ts'

const ids = { base: makeId('own:base'), quote: makeId('own:quote'), pool: makeId('own:pool') }
const asset = (n: string) => ({
  token: makeId(`own:asset:${n}`),
  pool: makeId(`own:pool:${n}`),
  weightBps: 5000,
  label: n,
})
const assets = [asset('AR'), asset('AO')]
const tag = (m: { Tags: Array<{ name: string; value: string }> }, n: string) =>
  m.Tags.find((t) => t.name === n)?.value

/**
 * Found by the reactive attacker (issue 10 item 7) on a multi-pool agent: Transfer-Ownership refused the agent, its
 * token params and its pool param, but not a token or pool named inside a list param (a rebalancer's assets), where
 * funds sent would be unreachable. Both engines, in lockstep.
 */
describe('Transfer-Ownership refuses a token or pool named in a list param', () => {
  let pair: Awaited<ReturnType<typeof createPair>>
  beforeAll(async () => {
    pair = await createPair(portfolioZoo, { ...ids, amount: '1000', assets }, ids)
  })

  it.each([
    ['an asset token', assets[1].token],
    ['an asset pool', assets[0].pool],
    ['a top-level token param', ids.quote],
  ])('New-Owner = %s: INVALID_COMMAND, the owner unchanged', async (_what, to) => {
    const { dual, ts, stim } = pair.fresh()
    const r = await dual.handle(stim.command('Transfer-Ownership', { 'New-Owner': to }))
    const err = r.Messages.find((m) => tag(m, 'Action') === 'Agent-Error')
    expect(err && tag(err, 'Error')).toMatch(
      /^New-Owner must not be the agent itself or a token or pool it uses/,
    )
    expect(ts.runtime.state.owner).toBe(pair.owner)
  })

  it('a wallet that is no param is still accepted', async () => {
    const { dual, ts, stim } = pair.fresh()
    const heir = makeId('own:heir')
    const r = await dual.handle(stim.command('Transfer-Ownership', { 'New-Owner': heir }))
    expect(r.Messages.some((m) => tag(m, 'Action') === 'Agent-Error')).toBe(false)
    expect(ts.runtime.state.owner).toBe(heir)
  })
})
