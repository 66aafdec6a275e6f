import { beforeAll, describe, expect, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import type { AoMessage } from '../../src/ao/message.ts'
import { wireText } from '../../src/protocols/agentWire.ts'
import { type AttackScene, createAttackWorld, T0 } from '../utils/attackWorld.ts'

const HOUR = 3_600_000
const tag = (m: { Tags: AoMessage['Tags'] }, n: string) => m.Tags.find((t) => t.name === n)?.value

/**
 * Issue 10 item 5 (runtime part), on the compiled DCA (TS and Lua engines in lockstep) with our token and Botega pool
 * processes on aos: the owner withdraws any held token, partly or wholly, in every state — idle, with a quote in
 * flight, with a swap in flight, paused, halted, after a change of owner — and the books never exceed the ledgers.
 */
describe('Withdraw in every state, and Transfer-Ownership (real token and pool processes)', () => {
  let env: Awaited<ReturnType<typeof createAttackWorld>>
  beforeAll(async () => {
    env = await createAttackWorld()
  }, 120_000)

  function watch(s: AttackScene) {
    const seen = { violations: [] as string[], errors: [] as string[], states: new Set<string>() }
    s.world.onEvaluated(async (e) => {
      if (e.process !== s.ids.agent) return
      seen.states.add(s.state.value)
      try {
        await s.expectBooksWithinLedger()
      } catch (err) {
        seen.violations.push((err as Error).message)
      }
    })
    s.world.onExternal((m) => {
      if (m.From === s.ids.agent && tag(m, 'Action') === 'Agent-Error')
        seen.errors.push(`${tag(m, 'Code')}: ${tag(m, 'Error')}`)
    })
    return seen
  }

  it('partial and whole withdrawals while idle, quoting, swapping, paused and halted; books ≤ ledger throughout', async () => {
    const s = env.fresh()
    const seen = watch(s)
    const owner = s.ids.owner
    const start = await s.ledger('quote', owner)
    await s.deposit(5_000_000n)
    // idle: a partial withdrawal
    s.command('Withdraw', { Token: 'quote', Quantity: '1000' })
    await s.run(5_000)
    expect(s.books('quote')).toBe(4_999_000n)
    // the first tick asks for a quote; withdraw while it is in flight, then again once the swap is in flight
    let quoting = false
    let swapping = false
    s.world.onEvaluated((e) => {
      if (e.process !== s.ids.agent) return
      const kinds = Object.values(s.state.orders).map((o) => o.kind)
      if (!quoting && kinds.includes('quote')) {
        quoting = true
        s.command('Withdraw', { Token: 'quote', Quantity: '2000' })
      }
      if (!swapping && kinds.includes('swap')) {
        swapping = true
        // everything left, while 1,000,000 quote is on its way to the pool
        s.command('Withdraw', { Token: 'quote' })
      }
    })
    await s.world.run({ until: T0 + HOUR + 60_000 })
    expect([quoting, swapping]).toEqual([true, true])
    expect(s.state.context.buys).toBe(1n)
    expect(s.books('quote')).toBe(0n)
    const base = s.books('base')
    expect(base).toBeGreaterThan(0n)
    // paused: part of the base; halted: the rest, with nothing in flight
    s.command('Pause')
    s.command('Withdraw', { Token: 'base', Quantity: '7' })
    await s.run(5_000)
    s.command('Halt')
    s.command('Withdraw', { Token: s.ids.base })
    await s.run(5_000)
    expect([s.books('base'), await s.ledger('base')]).toEqual([0n, 0n])
    expect(await s.ledger('quote')).toBe(0n)
    // every unit deposited is back with the owner except what the swap spent, which came back as base
    expect((await s.ledger('quote', owner)) - start).toBe(-1_000_000n)
    // nothing more to withdraw is an error, not a silent no-op
    s.command('Withdraw', { Token: 'quote' })
    s.command('Withdraw', { Token: 'base', Quantity: '1' })
    await s.run(5_000)
    expect(seen.errors).toEqual([
      `INVALID_QUANTITY: ${wireText('nothingToWithdraw')}`,
      `INSUFFICIENT_FUNDS: ${wireText('withdrawTooMuch')}`,
    ])
    expect(seen.violations).toEqual([])
    for (const st of ['idle', 'quoting', 'swapping']) expect(seen.states).toContain(st)
  })

  it('Transfer-Ownership is owner-only, refuses unreachable owners, and moves the power to withdraw', async () => {
    const s = env.fresh()
    const seen = watch(s)
    await s.deposit(3_000_000n)
    const next = makeId('atk:new-owner')
    // a stranger cannot take the agent, and the owner cannot hand it to an address that cannot act
    s.send(s.ids.attacker, s.ids.agent, { Action: 'Transfer-Ownership', 'New-Owner': s.ids.attacker })
    for (const to of [s.ids.agent, s.ids.pool, s.ids.quote, 'not-an-id'])
      s.command('Transfer-Ownership', { 'New-Owner': to })
    await s.run(5_000)
    expect(s.state.owner).toBe(s.ids.owner)
    // with a swap in flight, the owner hands over; the old owner loses every power at once
    let handed = false
    s.world.onEvaluated((e) => {
      if (e.process !== s.ids.agent || handed) return
      if (Object.values(s.state.orders).some((o) => o.kind === 'swap')) {
        handed = true
        s.command('Transfer-Ownership', { 'New-Owner': next })
      }
    })
    await s.world.run({ until: T0 + HOUR + 60_000 })
    expect(s.state.owner).toBe(next)
    s.send(s.ids.owner, s.ids.agent, { Action: 'Withdraw', Token: 'quote' })
    s.send(s.ids.owner, s.ids.agent, { Action: 'Transfer-Ownership', 'New-Owner': s.ids.owner })
    await s.run(5_000)
    expect(seen.errors).toEqual([
      `UNAUTHORIZED: ${wireText('ownerOnly', { action: 'Transfer-Ownership' })}`,
      ...Array(3).fill(`INVALID_COMMAND: ${wireText('unreachableOwner')}`),
      `INVALID_COMMAND: ${wireText('badNewOwner')}`,
      `UNAUTHORIZED: ${wireText('ownerOnly', { action: 'Withdraw' })}`,
      `UNAUTHORIZED: ${wireText('ownerOnly', { action: 'Transfer-Ownership' })}`,
    ])
    // the new owner withdraws everything, checked against the token ledgers
    const { withdrawn } = await s.ownerWithdrawsEverything()
    expect(withdrawn.quote + 1_000_000n).toBe(3_000_000n)
    expect(withdrawn.base).toBeGreaterThan(0n)
    expect(await s.ledger('base', next)).toBe(withdrawn.base)
    expect(seen.violations).toEqual([])
  })
})
