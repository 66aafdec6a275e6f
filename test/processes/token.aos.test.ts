import { beforeAll, describe, expect, it } from 'vitest'
import { AosProcess } from '../../src/ao/AosProcess.ts'
import { makeId } from '../../src/ao/ids.ts'
import { ReferenceProcessError } from '../../src/errors/protocol.ts'
import {
  loadProcessSource,
  referenceBootSpawn,
  spawnReferenceProcess,
} from '../../src/processes/referenceProcess.ts'
import { parseMessage } from '../../src/protocols/parseMessage.ts'
import * as token from '../../src/protocols/token.ts'
import { messageFactory, tagOf } from './fixtures.ts'

const OWNER = makeId('tok-owner')
const USER = makeId('tok-user')
const T = makeId('tok')
const MAX = 2n ** 255n - 1n

describe('token.lua on aos', () => {
  const f = messageFactory('token')
  let p: AosProcess
  const send = (from: string, tags: Record<string, string>) => p.handle(f.wallet(from, T, tags))

  beforeAll(async () => {
    p = await spawnReferenceProcess('token', {
      id: T,
      owner: OWNER,
      timestamp: f.now(),
      blockHeight: 1,
      tags: { Name: 'Points', Ticker: 'PNTS', Denomination: '6', Logo: 'logo-tx' },
    })
  })

  it('answers Info with the spawn parameters and supply', async () => {
    await send(OWNER, { Action: 'Mint', Quantity: '1000', Recipient: USER })
    const r = await send(USER, { Action: 'Info' })
    expect(parseMessage(token.infoResponse, r.Messages[0])).toMatchObject({
      name: 'Points',
      ticker: 'PNTS',
      denomination: 6,
      logo: 'logo-tx',
      totalSupply: 1000n,
    })
  })

  it('transfers with notices that forward X- tags, and reports insufficient balance with Message-Id', async () => {
    const ok = await send(USER, {
      Action: 'Transfer',
      Recipient: OWNER,
      Quantity: '400',
      'X-Swap-Nonce': 'abc',
    })
    const [debit, credit] = ok.Messages
    expect(debit.Target).toBe(USER)
    expect(parseMessage(token.debitNotice, debit)).toMatchObject({
      recipient: OWNER,
      quantity: 400n,
      xTags: { 'X-Swap-Nonce': 'abc' },
    })
    expect(credit.Target).toBe(OWNER)
    expect(parseMessage(token.creditNotice, credit)).toMatchObject({
      sender: USER,
      quantity: 400n,
      xTags: { 'X-Swap-Nonce': 'abc' },
    })
    const m = f.wallet(USER, T, { Action: 'Transfer', Recipient: OWNER, Quantity: '601' })
    const bad = await p.handle(m)
    expect(parseMessage(token.transferError, bad.Messages[0])).toMatchObject({
      messageId: m.Id,
      error: 'Insufficient Balance!',
    })
    const bal = await send(USER, { Action: 'Balance' })
    expect(parseMessage(token.balanceResponse, bal.Messages[0])).toMatchObject({
      balance: 600n,
      account: USER,
    })
  })

  it('fails bad input with an error naming the tag, leaving balances untouched', async () => {
    const r = await send(USER, { Action: 'Transfer', Recipient: OWNER, Quantity: '-5' })
    expect(r.Error).toContain('Transfer: tag Quantity must be a non-negative integer string, got "-5"')
    const r2 = await send(USER, { Action: 'Transfer', Recipient: 'bob', Quantity: '5' })
    expect(r2.Error).toContain('tag Recipient must be a 43-character process/wallet id, got bob')
    const all = await send(USER, { Action: 'Balances' })
    expect(parseMessage(token.balancesResponse, all.Messages[0]).data).toEqual({
      [USER]: 600n,
      [OWNER]: 400n,
    })
  })

  it('refuses to mint past 2^255 - 1 instead of wrapping, and only the owner mints', async () => {
    const r = await send(OWNER, { Action: 'Mint', Quantity: String(MAX), Recipient: USER })
    expect(r.Error).toContain('amount overflow')
    const r2 = await send(OWNER, { Action: 'Mint', Quantity: String(MAX + 1n) })
    expect(r2.Error).toContain('Mint: tag Quantity is larger than 2^255 - 1')
    const r3 = await send(USER, { Action: 'Mint', Quantity: '1' })
    expect(tagOf(r3.Messages[0], 'Action')).toBe('Mint-Error')
    const supply = await send(USER, { Action: 'Total-Supply' })
    expect(supply.Messages[0].Data).toBe('1000')
  })

  it('Cast suppresses notices', async () => {
    const r = await send(USER, { Action: 'Transfer', Recipient: OWNER, Quantity: '1', Cast: 'true' })
    expect(r.Messages).toEqual([])
  })

  it('loadProcessSource expands includes and names unknown processes', () => {
    expect(loadProcessSource('token')).toContain('function Amount.parse')
    expect(() => loadProcessSource('nope')).toThrow(ReferenceProcessError)
  })

  it('deploys in one spawn message with On-Boot = Data', async () => {
    const boot = referenceBootSpawn('token')
    const id = makeId('tok-boot')
    const { process: q, result } = await AosProcess.spawn({
      id,
      owner: OWNER,
      timestamp: f.now(),
      blockHeight: 1,
      tags: [{ name: 'Ticker', value: 'BOOT' }, ...boot.tags],
      data: boot.data,
    })
    expect(result.Error).toBeUndefined()
    const r = await q.handle(f.wallet(USER, id, { Action: 'Info' }))
    expect(parseMessage(token.infoResponse, r.Messages[0]).ticker).toBe('BOOT')
  })
})
