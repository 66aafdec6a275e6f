import { beforeAll, describe, expect, it } from 'vitest'
import type { AosProcess } from '../../src/ao/AosProcess.ts'
import { makeId } from '../../src/ao/ids.ts'
import { spawnReferenceProcess } from '../../src/processes/referenceProcess.ts'
import * as botega from '../../src/protocols/botega.ts'
import { parseMessage } from '../../src/protocols/parseMessage.ts'
import { createRouter, messageFactory, tagOf } from './fixtures.ts'

const OWNER = makeId('botega-owner')
const USER = makeId('botega-user')
const A = makeId('token-a')
const B = makeId('token-b')
const POOL = makeId('pool')
const FACTORY = makeId('factory')
const E18 = 10n ** 18n

describe('botega_pool + botega_factory on aos', () => {
  const f = messageFactory('botega')
  const router = createRouter(f)
  let pool: AosProcess

  beforeAll(async () => {
    const base = { owner: OWNER, timestamp: f.now(), blockHeight: 1000 }
    router.add(
      await spawnReferenceProcess('token', { ...base, id: A, tags: { Name: 'Token A', Ticker: 'TA' } }),
    )
    router.add(
      await spawnReferenceProcess('token', { ...base, id: B, tags: { Name: 'Token B', Ticker: 'TB' } }),
    )
    pool = await spawnReferenceProcess('botega_pool', {
      ...base,
      id: POOL,
      tags: { 'Token-A': A, 'Token-B': B, 'Fee-Bps': '20', 'Protocol-Fee-Bps': '5', 'AMM-Factory': FACTORY },
    })
    router.add(pool)
    router.add(await spawnReferenceProcess('botega_factory', { ...base, id: FACTORY }))
    await router.send(
      f.wallet(OWNER, FACTORY, {
        Action: 'Register-Pool',
        'Pool-Id': POOL,
        'Token-A': A,
        'Token-B': B,
        'Fee-Bps': '25',
      }),
    )
    for (const t of [A, B])
      await router.send(f.wallet(OWNER, t, { Action: 'Mint', Quantity: String(1000n * E18) }))
    await router.send(f.wallet(OWNER, A, { Action: 'Mint', Quantity: String(100n * E18), Recipient: USER }))
    for (const t of [A, B])
      await router.send(
        f.wallet(OWNER, t, {
          Action: 'Transfer',
          Recipient: POOL,
          Quantity: String(1000n * E18),
          'X-Action': 'Provide',
        }),
      )
    expect(router.errors).toEqual([])
  })

  it('seeded reserves by a two-leg provide and minted sqrt(a*b) LP tokens', async () => {
    const lp = router.inbox.find((m) => m.from === POOL && tagOf(m.message, 'Action') === 'Credit-Notice')
    expect(tagOf(lp!.message, 'Quantity')).toBe(String(1000n * E18))
    const conf = router.inbox.find((m) => tagOf(m.message, 'Action') === 'Provide-Confirmation')
    expect(conf?.from).toBe(FACTORY)
    expect(tagOf(conf!.message, 'Relayed-From')).toBe(POOL)
  })

  it('reproduces the documented golden swap (1e20 in, 0.20% LP + 0.05% protocol)', async () => {
    router.inbox.length = 0
    const transfer = f.wallet(USER, A, {
      Action: 'Transfer',
      Recipient: POOL,
      Quantity: String(100n * E18),
      'X-Action': 'Swap',
      'X-Expected-Min-Output': '1',
      'X-Swap-Nonce': 'n-1',
    })
    await router.send(transfer)
    expect(router.errors).toEqual([])
    const fill = router.inbox.find((m) => m.from === B && tagOf(m.message, 'Action') === 'Credit-Notice')!
    expect(fill.message.Target).toBe(USER)
    expect(tagOf(fill.message, 'Quantity')).toBe('90702432370993407592')
    expect(tagOf(fill.message, 'X-Action')).toBe('Swap-Output')
    expect(tagOf(fill.message, 'X-Swap-Nonce')).toBe('n-1')
    expect(tagOf(fill.message, 'X-Reserves-Token-A')).toBe('1099950000000000000000')
    expect(tagOf(fill.message, 'X-Reserves-Token-B')).toBe('909297567629006592408')
    const conf = router.inbox.find((m) => tagOf(m.message, 'Action') === 'Order-Confirmation')!
    expect(conf.from).toBe(FACTORY)
    expect(tagOf(conf.message, 'Relayed-From')).toBe(POOL)
    // The factory relays the names as aos normalized them on receipt (`LP-Fee` arrives as `Lp-Fee`); the spec copes.
    expect(tagOf(conf.message, 'Lp-Fee')).toBe(String(2n * 10n ** 17n))
    const parsed = parseMessage(botega.orderConfirmation, conf.message)
    expect(parsed).toMatchObject({
      lpFee: 2n * 10n ** 17n,
      protocolFee: 5n * 10n ** 16n,
      totalFee: 25n * 10n ** 16n,
      feePercentage: '0.25',
    })
    expect(parsed).toMatchObject({
      fromToken: A,
      toToken: B,
      fromQuantity: 100n * E18,
      toQuantity: 90702432370993407592n,
      user: USER,
      relayedFrom: POOL,
    })
    expect(parsed.xTags).toEqual({ 'X-Swap-Nonce': 'n-1' })
  })

  it('refunds the full input with the documented reason when min output is not met', async () => {
    router.inbox.length = 0
    await router.send(f.wallet(OWNER, A, { Action: 'Mint', Quantity: '1000', Recipient: USER }))
    const t = f.wallet(USER, A, {
      Action: 'Transfer',
      Recipient: POOL,
      Quantity: '1000',
      'X-Action': 'Swap',
      'X-Expected-Min-Output': '999999',
    })
    await router.send(t)
    const refund = router.inbox.find((m) => m.from === A && tagOf(m.message, 'Action') === 'Credit-Notice')!
    expect(tagOf(refund.message, 'Quantity')).toBe('1000')
    expect(tagOf(refund.message, 'X-Refund-Reason')).toBe('Could not swap with expected min output')
    expect(tagOf(refund.message, 'X-Refunded-Transfer')).toBe(t.Id)
    const err = router.inbox.find((m) => tagOf(m.message, 'Action') === 'Order-Error')!
    expect(tagOf(err.message, 'Result')).toBe('Could not swap with expected min output')
    expect(tagOf(err.message, 'To-Quantity')).toBe('999999')
  })
  it('answers Info with FeeBps = LP + protocol fee, as the real pool does (which writes it `25.0`)', async () => {
    router.inbox.length = 0
    await router.send(f.wallet(USER, POOL, { Action: 'Info' }))
    const info = router.inbox.find((m) => m.from === POOL && tagOf(m.message, 'Action') === 'Info-Response')!
    expect(parseMessage(botega.poolInfoResponse, info.message)).toMatchObject({
      tokenA: A,
      tokenB: B,
      feeBps: 25,
    })
    const real = {
      ...info.message,
      Tags: info.message.Tags.map((t) => (t.name === 'FeeBps' ? { ...t, value: '25.0' } : t)),
    }
    expect(parseMessage(botega.poolInfoResponse, real).feeBps).toBe(25)
  })
})
