import { beforeAll, describe, expect, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import { permaswapAmountOut } from '../../src/models/permaswapAmountOut.ts'
import { spawnReferenceProcess } from '../../src/processes/referenceProcess.ts'
import { encodeMessage } from '../../src/protocols/encodeMessage.ts'
import { matchesMessage, parseMessage } from '../../src/protocols/parseMessage.ts'
import * as permaswap from '../../src/protocols/permaswap.ts'
import { createRouter, messageFactory, tagOf } from './fixtures.ts'

const OWNER = makeId('ps-owner')
const USER = makeId('ps-user')
const X = makeId('ps-x')
const Y = makeId('ps-y')
const POOL = makeId('ps-pool')
const SETTLE = makeId('ps-settle')
const E12 = 10n ** 12n

describe('permaswap_pool + permaswap_settle on aos', () => {
  const f = messageFactory('permaswap')
  const router = createRouter(f)
  const last = (from: string, action: string) =>
    [...router.inbox].reverse().find((m) => m.from === from && tagOf(m.message, 'Action') === action)

  beforeAll(async () => {
    const base = { owner: OWNER, timestamp: f.now(), blockHeight: 1000 }
    router.add(await spawnReferenceProcess('token', { ...base, id: X, tags: { Ticker: 'X' } }))
    router.add(await spawnReferenceProcess('token', { ...base, id: Y, tags: { Ticker: 'Y' } }))
    router.add(
      await spawnReferenceProcess('permaswap_pool', {
        ...base,
        id: POOL,
        tags: { X, Y, Fee: '30', Settle: SETTLE },
      }),
    )
    router.add(await spawnReferenceProcess('permaswap_settle', { ...base, id: SETTLE }))
    for (const t of [X, Y]) {
      await router.send(f.wallet(OWNER, t, { Action: 'Mint', Quantity: String(1_000_000n * E12) }))
      await router.send(
        f.wallet(OWNER, t, { Action: 'Transfer', Recipient: POOL, Quantity: String(500_000n * E12) }),
      )
    }
    await router.send(f.wallet(OWNER, X, { Action: 'Mint', Quantity: String(1000n * E12), Recipient: USER }))
    expect(router.errors).toEqual([])
  })

  async function requestOrder(amountIn: bigint, amountOut?: bigint) {
    const tags = encodeMessage(permaswap.requestOrder, { tokenIn: X, tokenOut: Y, amountIn, amountOut })
    await router.send(f.wallet(USER, POOL, tags))
    const notice = last(POOL, 'OrderMade-Notice')!
    return parseMessage(permaswap.orderMadeNotice, notice.message)
  }

  it('quotes with GetAmountOut exactly as the TS model computes', async () => {
    await router.send(
      f.wallet(
        USER,
        POOL,
        encodeMessage(permaswap.getAmountOutRequest, { tokenIn: X, amountIn: 100n * E12 }),
      ),
    )
    const reply = parseMessage(
      permaswap.getAmountOutResponse,
      [...router.inbox].reverse().find((m) => m.from === POOL)!.message,
    )
    expect(reply.amountOut).toBe(permaswapAmountOut(500_000n * E12, 500_000n * E12, 100n * E12, 30))
    expect(reply.tokenOut).toBe(Y)
  })

  it('settles a note paid in time: Settled credit of the note amount from the output token', async () => {
    const note = await requestOrder(100n * E12, 1n)
    expect(note.noteSettle).toBe(SETTLE)
    expect(note.data.ExpireDate - note.data.IssueDate).toBe(permaswap.DEFAULT_NOTE_TIMEOUT_MS)
    const pay = encodeMessage(permaswap.settleTransfer, {
      settle: SETTLE,
      quantity: 100n * E12,
      ffpFor: 'Settle',
      noteIds: [note.noteId],
    })
    await router.send(f.wallet(USER, X, pay))
    expect(router.errors).toEqual([])
    const credit = last(Y, 'Credit-Notice')!
    expect(credit.message.Target).toBe(USER)
    expect(matchesMessage(permaswap.settledCredit, credit.message)).toBe(true)
    const settled = parseMessage(permaswap.settledCredit, credit.message)
    expect(settled).toMatchObject({ sender: SETTLE, quantity: BigInt(note.data.Amount), noteId: note.noteId })
  })

  it('refunds a payment that arrives after the note expired', async () => {
    const note = await requestOrder(10n * E12)
    // Push the clock past ExpireDate (90 s after issue).
    f.advance(95)
    await router.send(
      f.wallet(
        USER,
        X,
        encodeMessage(permaswap.settleTransfer, {
          settle: SETTLE,
          quantity: 10n * E12,
          ffpFor: 'Settle',
          noteIds: [note.noteId],
        }),
      ),
    )
    const credit = last(X, 'Credit-Notice')!
    expect(credit.message.Target).toBe(USER)
    expect(parseMessage(permaswap.refundCredit, credit.message)).toMatchObject({
      quantity: 10n * E12,
      error: 'err_note_expired',
      noteId: note.noteId,
    })
  })

  it('refunds a wrong amount and rejects an order below AmountOut', async () => {
    const note = await requestOrder(5n * E12)
    await router.send(
      f.wallet(
        USER,
        X,
        encodeMessage(permaswap.settleTransfer, {
          settle: SETTLE,
          quantity: 4n * E12,
          ffpFor: 'Settle',
          noteIds: [note.noteId],
        }),
      ),
    )
    expect(parseMessage(permaswap.refundCredit, last(X, 'Credit-Notice')!.message).error).toBe(
      'err_wrong_holder_amount',
    )
    await router.send(
      f.wallet(
        USER,
        POOL,
        encodeMessage(permaswap.requestOrder, {
          tokenIn: X,
          tokenOut: Y,
          amountIn: E12,
          amountOut: 10n ** 30n,
        }),
      ),
    )
    const err = [...router.inbox].reverse().find((m) => m.from === POOL)!
    expect(parseMessage(permaswap.errorResponse, err.message)).toMatchObject({
      error: 'err_amount_out_too_small',
      responseFor: 'RequestOrder',
    })
  })
})
