import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import dca from '../../agents/dca.ts'
import { makeId } from '../../src/ao/ids.ts'
import { DivergenceError } from '../../src/engine/DualEngine.ts'
import { type WireErrorKey, wireText } from '../../src/protocols/agentWire.ts'
import { basisPoints, listKind, processId } from '../../src/strategy/params.ts'
import portfolioZoo from '../fixtures/portfolioZoo.ts'
import { createPair, dualWithLua, START } from '../utils/pair.ts'
import { pending, Stimulus } from '../utils/stimulus.ts'

const ids = { base: makeId('token:base'), quote: makeId('token:quote'), pool: makeId('pool') }
const tag = (m: { Tags: { name: string; value: string }[] }, n: string) =>
  m.Tags.find((t) => t.name === n)?.value
const errorOf = (r: { Messages: { Tags: { name: string; value: string }[] }[] }) =>
  r.Messages.length === 1 && tag(r.Messages[0], 'Action') === 'Agent-Error'
    ? `${tag(r.Messages[0], 'Code')} ${tag(r.Messages[0], 'Error')}`
    : 'accepted'
const expected = (key: WireErrorKey, vars: Record<string, string> = {}) =>
  `INVALID_PARAMS ${wireText(key, vars)}`

/** Update-Params on both engines; DualEngine compares every reply including the `Error` text of `Agent-Error`. */
describe('Update-Params: a process a pending order depends on cannot change under it', () => {
  let pair: Awaited<ReturnType<typeof createPair>>
  const params = { ...ids, amount: '1000', slippageBps: 100 }
  beforeAll(async () => {
    pair = await createPair(dca, params, ids)
  })

  it('refuses a new pool while a swap is in flight, accepts safe params, and the pool once the swap settled', async () => {
    const { dual, ts, stim } = pair.fresh()
    const update = (p: Record<string, string>) =>
      dual.handle(stim.command('Update-Params', {}, JSON.stringify(p)))
    await dual.handle(stim.deposit('quote', 5000n))
    await dual.handle(stim.tick())
    // only a quote in flight: it is asked again under the new params, so the pool may change
    expect(errorOf(await update({ pool: makeId('pool-2') }))).toBe('accepted')
    expect(errorOf(await update({ pool: ids.pool }))).toBe('accepted')
    // the stale quote's answer fails it (asked under older params); the next slot's tick asks again
    await dual.handle(stim.quoteReply(pending(ts.runtime.state, 'quote')[0], 2000n))
    await dual.handle(stim.tick(3_600_000))
    const q = pending(ts.runtime.state, 'quote').at(-1)!
    await dual.handle(stim.quoteReply(q, 2000n))
    const [s] = pending(ts.runtime.state, 'swap')
    expect(s).toBeDefined()
    const refused = await update({ pool: makeId('pool-2'), amount: '2000' })
    expect(errorOf(refused)).toBe(expected('paramInFlight', { key: 'pool', order: s.id }))
    expect((await dual.snapshot()).params).toMatchObject({ pool: ids.pool, amount: '1000' })
    // the same pool again is no change; other params are safe
    expect(errorOf(await update({ pool: ids.pool, amount: '2000' }))).toBe('accepted')
    await dual.handle(stim.debit(s))
    await dual.handle(stim.fill(s, 1990n))
    expect(errorOf(await update({ pool: makeId('pool-2') }))).toBe('accepted')
    expect((await dual.snapshot()).params.pool).toBe(makeId('pool-2'))
  })

  it('a withdrawal in flight also pins process params (any order but a quote)', async () => {
    const { dual, stim } = pair.fresh()
    await dual.handle(stim.deposit('quote', 5000n))
    await dual.handle(stim.command('Withdraw', { Token: 'quote', Quantity: '10' }))
    const r = await dual.handle(stim.command('Update-Params', {}, JSON.stringify({ pool: makeId('p3') })))
    expect(errorOf(r)).toBe(expected('paramInFlight', { key: 'pool', order: 'afk-1' }))
  })
})

describe('Update-Params: list params are updatable, checked item by item as at spawn', () => {
  let pair: Awaited<ReturnType<typeof createPair>>
  const asset = (n: string, weightBps: number | string) => ({
    token: makeId(`asset:${n}`),
    pool: makeId(`pool:${n}`),
    weightBps: String(weightBps),
    label: n,
  })
  const params = {
    ...ids,
    amount: '1000',
    assets: [asset('AR', 5000), asset('AO', 3000)].map((a) => ({ ...a, weightBps: Number(a.weightBps) })),
  }
  beforeAll(async () => {
    pair = await createPair(portfolioZoo, params, ids)
  })

  it('accepts a valid list and shows it in Status; refuses each malformed one with the item path', async () => {
    const { dual, stim } = pair.fresh()
    const update = (data: string, json = false) =>
      dual.handle(stim.command('Update-Params', json ? { 'Content-Type': 'application/json' } : {}, data))
    const next = [asset('X', 7000), asset('Y', 3000), asset('Z', 0)]
    expect(errorOf(await update(JSON.stringify({ assets: next })))).toBe('accepted')
    expect((await dual.snapshot()).params.assets).toEqual(next)
    const cases: Array<[unknown, string]> = [
      ['x', expected('paramNotList', { key: 'assets' })],
      [{ a: 1 }, expected('paramNotList', { key: 'assets' })],
      [[], expected('paramLength', { key: 'assets', min: '1', max: '8' })],
      [{}, expected('paramLength', { key: 'assets', min: '1', max: '8' })],
      [Array(9).fill(asset('A', 1)), expected('paramLength', { key: 'assets', min: '1', max: '8' })],
      [[asset('A', 1), 'x'], expected('paramNotRecord', { key: 'assets[1]' })],
      [[asset('A', 1), ['x']], expected('paramNotRecord', { key: 'assets[1]' })],
      [[[]], expected('paramMissing', { key: 'assets[0].label' })],
      [[{ ...asset('A', 1), extra: '1' }], expected('unknownParam', { key: 'assets[0].extra' })],
      [
        [{ token: makeId('t'), pool: makeId('p'), weightBps: '1' }],
        expected('paramMissing', { key: 'assets[0].label' }),
      ],
      [[asset('A', 10_001)], expected('paramRange', { key: 'assets[0].weightBps' })],
      [[asset('A', '1.5')], expected('paramNotInt', { key: 'assets[0].weightBps' })],
      [[{ ...asset('A', 1), weightBps: 5 }], expected('paramNotString', { key: 'assets[0].weightBps' })],
      [[{ ...asset('A', 1), pool: 'short' }], expected('paramNotId', { key: 'assets[0].pool' })],
    ]
    for (const [value, want] of cases)
      expect(errorOf(await update(JSON.stringify({ assets: value })))).toBe(want)
    // aos decodes application/json Data before the agent sees it: JSON nulls vanish there, in both engines
    const trailing = `{"assets":[${JSON.stringify(asset('N', 1))},null]}`
    expect(errorOf(await update(trailing, true))).toBe('accepted')
    expect((await dual.snapshot()).params.assets).toEqual([asset('N', 1)])
    const nullField = `{"assets":[{"token":"${makeId('t')}","pool":"${makeId('p')}","weightBps":"1","label":null}]}`
    expect(errorOf(await update(nullField, true))).toBe(expected('paramMissing', { key: 'assets[0].label' }))
    expect(errorOf(await update(nullField))).toBe(expected('nullParam'))
    expect((await dual.snapshot()).params.assets).toEqual([asset('N', 1)])
  })

  it('Transfer-Ownership refuses a list item’s token or pool as the new owner', async () => {
    const { dual, stim } = pair.fresh()
    for (const to of [makeId('asset:AO'), makeId('pool:AR')]) {
      const r = await dual.handle(stim.command('Transfer-Ownership', { 'New-Owner': to }))
      expect(errorOf(r)).toBe(`INVALID_COMMAND ${wireText('unreachableOwner')}`)
    }
    expect((await dual.snapshot()).owner).toBe(pair.owner)
  })

  it('a list with a zod refinement the agent cannot re-run stays fixed at spawn', () => {
    const item = z.object({ token: processId(), weightBps: basisPoints() })
    expect(listKind(z.array(item).max(8)).kind).not.toHaveProperty('fixed')
    expect(
      listKind(
        z
          .array(item)
          .max(8)
          .refine((l) => l.length > 0),
      ).kind,
    ).toMatchObject({ fixed: true })
    expect(listKind(z.array(item.refine((i) => i.weightBps > 0)).max(8)).kind).toMatchObject({ fixed: true })
  })

  it('planted drift: a Lua item path counted from 1 is caught by the Error text comparison', async () => {
    const c = pair.compiled
    const good = "local at = key .. '[' .. tostring(i - 1) .. ']'"
    expect(c.lua).toContain(good)
    const agent = makeId('agent:list-drift')
    const dual = await dualWithLua(
      c,
      c.lua.replace(good, "local at = key .. '[' .. tostring(i) .. ']'"),
      agent,
      pair.owner,
    )
    const stim = new Stimulus(agent, pair.owner, { base: ids.base, quote: ids.quote }, ids.pool, START)
    const bad = JSON.stringify({ assets: [asset('A', 10_001)] })
    await expect(dual.handle(stim.command('Update-Params', {}, bad))).rejects.toThrow(DivergenceError)
  })
})
