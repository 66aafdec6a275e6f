import { describe, expect, it } from 'vitest'
import { LEGACY_AUTHORITY } from '../../src/ao/constants.ts'
import { makeId } from '../../src/ao/ids.ts'
import { ModelConfigError } from '../../src/errors/protocol.ts'
import { BotegaFactoryModel } from '../../src/models/BotegaFactoryModel.ts'
import { BotegaPoolModel } from '../../src/models/BotegaPoolModel.ts'
import { TokenModel } from '../../src/models/TokenModel.ts'
import * as botega from '../../src/protocols/botega.ts'
import { parseMessage } from '../../src/protocols/parseMessage.ts'
import * as token from '../../src/protocols/token.ts'
import { createRouter, messageFactory, tagOf } from '../processes/fixtures.ts'

const OWNER = makeId('m-owner')
const USER = makeId('m-user')
const A = makeId('m-a')
const B = makeId('m-b')
const POOL = makeId('m-pool')
const FACTORY = makeId('m-factory')
const E18 = 10n ** 18n

describe('ModelProcess behaviour shared by all models', () => {
  it('drops process messages whose signer is not an authority, like aos', async () => {
    const f = messageFactory('trust')
    const t = new TokenModel({ id: A, owner: OWNER, balances: { [USER]: 10n } })
    const spoof = {
      ...f.wallet(USER, A, { Action: 'Transfer', Recipient: OWNER, Quantity: '5' }),
      From: makeId('other-process'),
    }
    expect((await t.handle(spoof)).Messages).toEqual([])
    const pushed = f.pushed(USER, { Target: A, Data: '', Tags: [{ name: 'Action', value: 'Balance' }] })
    expect(pushed.Owner).toBe(LEGACY_AUTHORITY)
    expect((await t.handle(pushed)).Messages).toHaveLength(1)
  })

  it('replies to Reply-To with X-Reference and normalizes incoming tag names', async () => {
    const f = messageFactory('reply')
    const t = new TokenModel({ id: A, owner: OWNER, balances: { [USER]: 10n } })
    const r = await t.handle(
      f.wallet(USER, A, {
        Action: 'Transfer',
        recipient: OWNER,
        quantity: '3',
        'Reply-To': B,
        'X-Reference': '42',
        'X-Order-ID': 'o',
      }),
    )
    const debit = r.Messages[0]
    expect(debit.Target).toBe(B)
    expect(tagOf(debit, 'X-Reference')).toBe('42')
    expect(parseMessage(token.debitNotice, debit)).toMatchObject({
      recipient: OWNER,
      quantity: 3n,
      xTags: { 'X-Order-Id': 'o' },
    })
    expect(t.balanceOf(USER)).toBe(7n)
  })

  it('rolls the state back and reports the error text on bad input', async () => {
    const f = messageFactory('rollback')
    const t = new TokenModel({ id: A, owner: OWNER, balances: { [USER]: 10n } })
    const r = await t.handle(f.wallet(USER, A, { Action: 'Transfer', Recipient: OWNER, Quantity: '2.5' }))
    expect(r.Error).toBe('Transfer: tag Quantity must be a non-negative integer string, got "2.5"')
    expect(r.Messages).toEqual([])
    const insufficient = await t.handle(
      f.wallet(USER, A, { Action: 'Transfer', Recipient: OWNER, Quantity: '11' }),
    )
    expect(parseMessage(token.transferError, insufficient.Messages[0]).error).toBe('Insufficient Balance!')
    expect(t.balances()).toEqual({ [USER]: 10n })
  })
})

describe('Botega models wired together', () => {
  it('reproduce the documented golden swap with relayed confirmation', async () => {
    const f = messageFactory('golden-model')
    const router = createRouter(f)
    // The pool's token balances back its reserves, so its output transfer succeeds.
    router.add(new TokenModel({ id: A, owner: OWNER, balances: { [USER]: 100n * E18, [POOL]: 1000n * E18 } }))
    router.add(new TokenModel({ id: B, owner: OWNER, balances: { [POOL]: 1000n * E18 } }))
    const pool = new BotegaPoolModel({
      id: POOL,
      owner: OWNER,
      tokenA: A,
      tokenB: B,
      lpFeeBps: 20,
      protocolFeeBps: 5,
      factory: FACTORY,
      reserves: { a: 1000n * E18, b: 1000n * E18 },
    })
    router.add(pool)
    router.add(
      new BotegaFactoryModel({ id: FACTORY, owner: OWNER, pools: [{ id: POOL, tokenA: A, tokenB: B }] }),
    )
    const transfer = f.wallet(USER, A, {
      Action: 'Transfer',
      Recipient: POOL,
      Quantity: String(100n * E18),
      'X-Action': 'Swap',
      'X-Expected-Min-Output': '90702432370993407592',
      'X-Agent-Ref': 'r1',
    })
    await router.send(transfer)
    expect(router.errors).toEqual([])
    expect(pool.reserves).toEqual({ a: 1099950000000000000000n, b: 909297567629006592408n })
    expect(pool.protocolFeesAccrued.a).toBe(5n * 10n ** 16n)
    const fill = router.inbox.find((m) => m.from === B && tagOf(m.message, 'Action') === 'Credit-Notice')!
    expect(parseMessage(botega.swapOutputCredit, fill.message)).toMatchObject({
      quantity: 90702432370993407592n,
      sender: POOL,
      xTags: { 'X-Agent-Ref': 'r1' },
    })
    const conf = router.inbox.find((m) => tagOf(m.message, 'Action') === 'Order-Confirmation')!
    expect(conf.from).toBe(FACTORY)
    expect(parseMessage(botega.orderConfirmation, conf.message)).toMatchObject({
      relayedFrom: POOL,
      orderId: expect.any(String),
      toQuantity: 90702432370993407592n,
    })
    expect(tagOf(conf.message, 'Pushed-For')).toBeUndefined() // added by the MU on delivery, not by the factory
  })

  it('refuses impossible configurations with a typed error', () => {
    expect(() => new BotegaPoolModel({ id: POOL, owner: OWNER, tokenA: A, tokenB: A })).toThrow(
      ModelConfigError,
    )
    expect(
      () =>
        new BotegaPoolModel({
          id: POOL,
          owner: OWNER,
          tokenA: A,
          tokenB: B,
          lpFeeBps: 9000,
          protocolFeeBps: 1000,
        }),
    ).toThrow(/sum below 10000/)
  })

  it('factory refuses relays from unknown pools and answers Get-Pool in either token order', async () => {
    const f = messageFactory('factory')
    const factory = new BotegaFactoryModel({
      id: FACTORY,
      owner: OWNER,
      pools: [{ id: POOL, tokenA: A, tokenB: B, feeBps: 25 }],
    })
    const r = await factory.handle(
      f.wallet(USER, FACTORY, { Action: 'Get-Pool', 'Token-A': B, 'Token-B': A }),
    )
    expect(parseMessage(botega.getPoolResponse, r.Messages[0]).poolId).toBe(POOL)
    const none = await factory.handle(
      f.wallet(USER, FACTORY, { Action: 'Get-Pool', 'Token-A': B, 'Token-B': A, 'Fee-Bps': '100' }),
    )
    expect(parseMessage(botega.getPoolResponse, none.Messages[0]).poolId).toBeUndefined()
    const fake = f.pushed(makeId('not-a-pool'), {
      Target: FACTORY,
      Data: '',
      Tags: [
        { name: 'Action', value: 'Order-Confirmation' },
        { name: 'Relay-To', value: USER },
      ],
    })
    expect((await factory.handle(fake)).Error).toMatch(/not a registered pool/)
  })
})

describe('createReferenceModel', () => {
  it('configures models from the same spawn tags as the Lua and refuses bad ones', async () => {
    const { createReferenceModel } = await import('../../src/models/createReferenceModel.ts')
    const pool = createReferenceModel('botega_pool', {
      id: POOL,
      owner: OWNER,
      tags: { 'Token-A': A, 'Token-B': B, 'Fee-Bps': '30', 'AMM-Factory': FACTORY },
    })
    expect(pool).toBeInstanceOf(BotegaPoolModel)
    expect((pool as BotegaPoolModel).lpFeeBps).toBe(30)
    expect(() =>
      createReferenceModel('botega_pool', {
        id: POOL,
        owner: OWNER,
        tags: { 'Token-A': A, 'Token-B': B, 'Fee-Bps': 'x' },
      }),
    ).toThrow(/Fee-Bps must be an integer/)
    const tok = createReferenceModel('token', {
      id: A,
      owner: OWNER,
      tags: [{ name: 'Ticker', value: 'TA' }],
    }) as TokenModel
    expect(tok.ticker).toBe('TA')
  })
})
