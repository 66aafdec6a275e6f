import { describe, expect, expectTypeOf, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import { SchemaMismatchError } from '../../src/errors/protocol.ts'
import * as botega from '../../src/protocols/botega.ts'
import { encodeMessage } from '../../src/protocols/encodeMessage.ts'
import { matchesMessage, parseMessage, safeParseMessage } from '../../src/protocols/parseMessage.ts'
import * as permaswap from '../../src/protocols/permaswap.ts'
import * as token from '../../src/protocols/token.ts'

const TOKEN = makeId('token')
const POOL = makeId('pool')
const USER = makeId('user')

describe('token specs', () => {
  it('parses capitalised and lower-case Info replies to the same value', () => {
    const old = parseMessage(token.infoResponse, [
      { name: 'Name', value: 'Points' },
      { name: 'Ticker', value: 'PNTS' },
      { name: 'Denomination', value: '12' },
    ])
    const lc = parseMessage(token.infoResponse, {
      name: 'Points',
      ticker: 'PNTS',
      denomination: '12',
      supply: '1000',
    })
    expect(old).toMatchObject({ name: 'Points', ticker: 'PNTS', denomination: 12, totalSupply: undefined })
    expect(lc).toMatchObject({ name: 'Points', ticker: 'PNTS', denomination: 12, totalSupply: 1000n })
  })

  it('accepts Target for Recipient and collects forwarded X- tags with normalized names', () => {
    const t = parseMessage(token.transferRequest, {
      Action: 'Transfer',
      Target: POOL,
      Quantity: '5',
      'X-Order-ID': 'o1',
    })
    expectTypeOf(t.quantity).toEqualTypeOf<bigint>()
    expect(t.recipient).toBe(POOL)
    expect(t.quantity).toBe(5n)
    expect(t.xTags).toEqual({ 'X-Order-Id': 'o1' })
  })

  it('names process, action, tags and message id on a mismatch', () => {
    const msg = {
      Id: makeId('bad'),
      From: TOKEN,
      Tags: [
        { name: 'Action', value: 'Credit-Notice' },
        { name: 'Quantity', value: '1.5' },
      ],
      Data: '',
    }
    const r = safeParseMessage(token.creditNotice, msg, { process: TOKEN })
    expect(r.success).toBe(false)
    const err = (r as { error: SchemaMismatchError }).error
    expect(err).toBeInstanceOf(SchemaMismatchError)
    expect(err.issues.map((i) => i.tag)).toEqual(['Sender', 'Quantity'])
    expect(err.message).toContain(TOKEN)
    expect(err.message).toContain(makeId('bad'))
    expect(err.message).toContain('Tag Quantity: expected a non-negative integer string (got "1.5")')
    expect(err.message).toContain('Action:     Credit-Notice')
  })

  it('rejects negative, empty and float quantities', () => {
    for (const q of ['-1', '', '1e3', '0x10', ' 1'])
      expect(
        safeParseMessage(token.creditNotice, { Action: 'Credit-Notice', Sender: USER, Quantity: q }).success,
      ).toBe(false)
    expect(
      safeParseMessage(token.transferRequest, { Action: 'Transfer', Recipient: USER, Quantity: '0' }).success,
    ).toBe(false)
  })

  it('parses Balances JSON into bigints', () => {
    const r = parseMessage(token.balancesResponse, {
      Tags: [],
      Data: JSON.stringify({ [USER]: '123456789012345678901234567890' }),
    })
    expect(r.data[USER]).toBe(123456789012345678901234567890n)
  })
})

describe('botega specs', () => {
  it('encodes a swap transfer and round-trips it through parse', () => {
    const tags = encodeMessage(botega.swapTransfer, {
      pool: POOL,
      quantity: 10n ** 20n,
      xAction: 'Swap',
      expectedMinOutput: 1n,
      xTags: { 'X-Agent-Order': '7' },
    })
    expect(tags).toEqual([
      { name: 'Action', value: 'Transfer' },
      { name: 'Recipient', value: POOL },
      { name: 'Quantity', value: '100000000000000000000' },
      { name: 'X-Action', value: 'Swap' },
      { name: 'X-Expected-Min-Output', value: '1' },
      { name: 'X-Agent-Order', value: '7' },
    ])
    const back = parseMessage(botega.swapTransfer, tags)
    expect(back).toMatchObject({
      pool: POOL,
      quantity: 10n ** 20n,
      expectedMinOutput: 1n,
      xTags: { 'X-Agent-Order': '7' },
    })
  })

  it('refuses X- tags that a receiver would rename', () => {
    expect(() =>
      encodeMessage(botega.swapTransfer, {
        pool: POOL,
        quantity: 1n,
        xAction: 'Swap',
        expectedMinOutput: 1n,
        xTags: { 'X-Order-ID': '1' },
      }),
    ).toThrow(/X-Order-Id/)
  })

  it('tells a fill from a refund from a plain credit', () => {
    const fill = {
      Action: 'Credit-Notice',
      Sender: POOL,
      Quantity: '9',
      'X-Action': 'Swap-Output',
      'X-Reserves-Token-A': '1',
      'X-Reserves-Token-B': '2',
      'X-Token-A': TOKEN,
      'X-Token-B': USER,
      'X-Fee-Bps': '25',
    }
    const refund = {
      Action: 'Credit-Notice',
      Sender: POOL,
      Quantity: '9',
      'X-Refund-Reason': botega.BOTEGA_ERRORS.minOutput,
    }
    expect(matchesMessage(botega.swapOutputCredit, fill)).toBe(true)
    expect(matchesMessage(botega.refundCredit, fill)).toBe(false)
    expect(matchesMessage(botega.swapOutputCredit, refund)).toBe(false)
    expect(matchesMessage(botega.refundCredit, refund)).toBe(true)
    expect(parseMessage(botega.swapOutputCredit, fill).feeBps).toBe(25)
  })

  it('reads Get-Reserves by token id even after aos normalized the id tag', () => {
    const a = 'xU9zFkq3X2ZQ6olwNVvr1vUWIjc3kXTWr7xKQD6dh10'
    const b = '0syT13r0s0tgPmIed95bJnuSqaD29HQNN8D3ElLSrsc'
    const spec = botega.getReservesResponse(a, b)
    const seen = {
      Action: 'Get-Reserves-Response',
      Xu9zfkq3x2zq6olwnvvr1vuwijc3kxtwr7xkqd6dh10: '5',
      '0syt13r0s0tgpmied95bjnusqad29hqnn8d3ellsrsc': '7',
    }
    expect(parseMessage(spec, seen)).toMatchObject({ reserveA: 5n, reserveB: 7n })
  })
})

describe('permaswap specs', () => {
  it('parses OrderMade-Notice with its note and the settle transfer as a normalizing receiver sees it', () => {
    const note = {
      NoteID: 'n1',
      Issuer: POOL,
      Settle: USER,
      AssetID: TOKEN,
      Amount: '10',
      HolderAssetID: USER,
      HolderAmount: '11',
      IssueDate: 1,
      ExpireDate: 90001,
      Status: 'Open',
    }
    const r = parseMessage(permaswap.orderMadeNotice, {
      Tags: { Action: 'OrderMade-Notice', Noteid: 'n1', Notesettle: USER },
      Data: JSON.stringify(note),
    })
    expect(r.noteId).toBe('n1')
    expect(r.data.ExpireDate).toBe(90001)
    expect(permaswap.isNoteOpen(r.data, 90001)).toBe(true)
    expect(permaswap.isNoteOpen(r.data, 90002)).toBe(false)
    const tags = encodeMessage(permaswap.settleTransfer, {
      settle: USER,
      quantity: 11n,
      ffpFor: 'Settle',
      noteIds: ['n1'],
    })
    expect(tags.find((t) => t.name === 'X-FFP-NoteIDs')?.value).toBe('["n1"]')
    const seen = Object.fromEntries(
      tags.map((t) => [t.name.replace('FFP', 'Ffp').replace('NoteIDs', 'Noteids'), t.value]),
    )
    expect(parseMessage(permaswap.settleTransfer, seen).noteIds).toEqual(['n1'])
  })
})
