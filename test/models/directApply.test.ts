import { describe, expect, it } from 'vitest'
import { LEGACY_AUTHORITY } from '../../src/ao/constants.ts'
import type { AoMessage, Tag } from '../../src/ao/message.ts'
import { tagValue } from '../../src/ao/message.ts'
import { BotegaPoolModel } from '../../src/models/BotegaPoolModel.ts'
import { TokenModel } from '../../src/models/TokenModel.ts'

// The replay fast path applies recorded swaps and their payouts directly (`applyDirect`/`applyTransfer`). Each must
// leave the model exactly where the handler leaves it (reserves, ledger, Reference counter) and build the very
// outbox the handler sends; otherwise it must refuse and change nothing.
const A = 'A'.repeat(43)
const B = 'B'.repeat(43)
const POOL = 'P'.repeat(43)
const WALLET = 'W'.repeat(43)
const FACTORY = 'F'.repeat(43)
const MU = LEGACY_AUTHORITY
const everyoneUnseen = () => true

const pool = () =>
  new BotegaPoolModel({
    id: POOL,
    owner: 'O'.repeat(43),
    tokenA: A,
    tokenB: B,
    lpFeeBps: 25,
    protocolFeeBps: 5,
    factory: FACTORY,
    reserves: { a: 10n ** 24n, b: 3n * 10n ** 24n },
  })

const msg = (id: string, from: string, target: string, tags: Tag[], ts = 1_000): AoMessage => ({
  Id: id.repeat(43),
  Owner: MU,
  From: from,
  Target: target,
  Data: '',
  Tags: [...tags, { name: 'Pushed-For', value: 'Z'.repeat(43) }],
  Timestamp: ts,
  'Block-Height': 7,
  Cron: false,
})

const swap = (id: string, qty: string, minOut: string) =>
  msg(id, A, POOL, [
    { name: 'Action', value: 'Credit-Notice' },
    { name: 'Sender', value: WALLET },
    { name: 'Quantity', value: qty },
    { name: 'X-Action', value: 'Swap' },
    { name: 'X-Expected-Min-Output', value: minOut },
    { name: 'X-Note', value: 'forwarded' },
  ])

const reservesOf = async (p: BotegaPoolModel, id: string) =>
  (await p.handle(msg(id, WALLET, POOL, [{ name: 'Action', value: 'Get-Reserves' }]))).Messages[0]

describe('direct application (replay fast path)', () => {
  it('a recorded swap (fill, then refund) leaves the pool as the handler does and builds the same outbox', async () => {
    const full = pool()
    const direct = pool()
    for (const [id, m] of [
      ['1', swap('1', '1000000000000', '1')],
      // asks for more than the pool gives: refunded
      ['2', swap('2', '1000000000000', '999999999999999')],
      ['3', swap('3', '5000000000000000', '1')],
    ] as const) {
      const want = full.handleSync(m)
      expect(want.Error).toBeUndefined()
      const sends = direct.applyDirect(m, everyoneUnseen)
      expect(sends, `message ${id}`).toBeDefined()
      expect(sends?.map((s) => s.build?.())).toEqual(want.Messages)
      expect(sends?.map((s) => s.target)).toEqual(want.Messages.map((x) => x.Target))
      expect(sends?.map((s) => s.action)).toEqual(want.Messages.map((x) => tagValue(x.Tags, 'Action')))
      expect(sends?.[0].transfer).toEqual({
        recipient: tagValue(want.Messages[0].Tags, 'Recipient'),
        quantity: BigInt(tagValue(want.Messages[0].Tags, 'Quantity') as string),
      })
    }
    expect(direct.reserves).toEqual(full.reserves)
    expect(direct.protocolFeesAccrued).toEqual(full.protocolFeesAccrued)
    // the Reference counter moved the same: the next reply is identical
    expect(await reservesOf(direct, 'R')).toEqual(await reservesOf(full, 'R'))
  })

  it('sends built late still carry the reserves right after their own swap', () => {
    const full = pool()
    const direct = pool()
    const m1 = swap('1', '1000000000000', '1')
    const m2 = swap('2', '7000000000000', '1')
    const want1 = full.handleSync(m1).Messages
    full.handleSync(m2)
    const sends1 = direct.applyDirect(m1, everyoneUnseen)
    direct.applyDirect(m2, everyoneUnseen)
    expect(sends1?.map((s) => s.build?.())).toEqual(want1)
  })

  it('refuses, changing nothing, when the confirmation would be seen or the notice is not a plain swap', async () => {
    const p = pool()
    const before = await reservesOf(p, 'X')
    const seen = (target: string) => target !== FACTORY
    expect(p.applyDirect(swap('1', '1000000000000', '1'), seen)).toBeUndefined()
    const provide = msg('2', A, POOL, [
      { name: 'Action', value: 'Credit-Notice' },
      { name: 'Sender', value: WALLET },
      { name: 'Quantity', value: '5' },
      { name: 'X-Action', value: 'Provide' },
    ])
    expect(p.applyDirect(provide, everyoneUnseen)).toBeUndefined()
    expect(p.applyDirect(swap('3', 'not-a-number', '1'), everyoneUnseen)).toBeUndefined()
    // a wallet's own message (not from the MU, not from the token): aos drops it, so it is no direct swap either
    expect(p.applyDirect({ ...swap('4', '5', '1'), Owner: WALLET }, everyoneUnseen)).toBeUndefined()
    const after = await reservesOf(p, 'Y')
    expect(after.Tags.filter((t) => t.name !== 'Reference')).toEqual(
      before.Tags.filter((t) => t.name !== 'Reference'),
    )
    expect(Number(tagValue(after.Tags, 'Reference'))).toBe(Number(tagValue(before.Tags, 'Reference')) + 1)
  })

  it("a payout Transfer leaves the token's ledger as the handler does; refuses when a notice would be seen", async () => {
    const make = () =>
      new TokenModel({ id: B, owner: 'T'.repeat(43), balances: { [POOL]: 10n ** 30n }, authorities: [MU] })
    const full = make()
    const direct = make()
    const transfer = msg('5', POOL, B, [
      { name: 'Action', value: 'Transfer' },
      { name: 'Recipient', value: WALLET },
      { name: 'Quantity', value: '12345' },
      { name: 'X-Action', value: 'Swap-Output' },
    ])
    const want = full.handleSync(transfer)
    const sends = direct.applyTransfer(POOL, MU, { recipient: WALLET, quantity: 12345n }, everyoneUnseen)
    expect(sends?.map((s) => [s.target, s.action])).toEqual(
      want.Messages.map((x) => [x.Target, tagValue(x.Tags, 'Action')]),
    )
    expect(direct.balances()).toEqual(full.balances())
    // insufficient balance (the handler answers Transfer-Error) or a seen notice: refused, nothing changed
    expect(direct.applyTransfer(POOL, MU, { recipient: WALLET, quantity: 10n ** 31n }, everyoneUnseen)).toBe(
      undefined,
    )
    expect(direct.applyTransfer(POOL, MU, { recipient: WALLET, quantity: 1n }, (t) => t !== WALLET)).toBe(
      undefined,
    )
    expect(direct.balances()).toEqual(full.balances())
    const bal = (t: TokenModel) =>
      t.handleSync(msg('6', WALLET, B, [{ name: 'Action', value: 'Balance' }])).Messages[0]
    expect(bal(direct)).toEqual(bal(full))
  })
})
