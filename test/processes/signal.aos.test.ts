import { beforeAll, describe, expect, it } from 'vitest'
import type { AosProcess } from '../../src/ao/AosProcess.ts'
import { makeId } from '../../src/ao/ids.ts'
import { spawnReferenceProcess } from '../../src/processes/referenceProcess.ts'
import { encodeMessage } from '../../src/protocols/encodeMessage.ts'
import { parseMessage } from '../../src/protocols/parseMessage.ts'
import * as signal from '../../src/protocols/signal.ts'
import { messageFactory, tagOf } from './fixtures.ts'

const OWNER = makeId('sig-owner')
const USER = makeId('sig-user')
const AGENT = makeId('sig-agent')
const S = makeId('sig')
const ASSET = makeId('sig-asset-token')

describe('signal.lua on aos', () => {
  const f = messageFactory('signal')
  let p: AosProcess
  const send = (from: string, tags: Record<string, string>) => p.handle(f.wallet(from, S, tags))

  beforeAll(async () => {
    p = await spawnReferenceProcess('signal', { id: S, owner: OWNER, timestamp: f.now(), blockHeight: 1 })
  })

  it('answers Get-Signal with the owner-set signal, echoing X-Reference to Reply-To', async () => {
    const set = await p.handle(
      f.wallet(OWNER, S, encodeMessage(signal.setSignalRequest, { asset: ASSET, signalBps: -2500 })),
    )
    expect(parseMessage(signal.setSignalResponse, set.Messages[0])).toMatchObject({
      asset: ASSET,
      signalBps: -2500,
    })
    const r = await send(USER, { Action: 'Get-Signal', Asset: ASSET, 'X-Reference': 'ref-42' })
    expect(r.Messages).toHaveLength(1)
    const reply = r.Messages[0]
    expect(reply.Target).toBe(USER)
    expect(tagOf(reply, 'X-Reference')).toBe('ref-42')
    expect(parseMessage(signal.getSignalResponse, reply)).toMatchObject({
      asset: ASSET,
      signalBps: -2500,
      data: { Asset: ASSET, 'Signal-Bps': -2500 },
    })
    // An aos caller's own Reference becomes the reply's X-Reference; Reply-To redirects the answer.
    const r2 = await send(USER, { Action: 'Get-Signal', Asset: ASSET, Reference: '9', 'Reply-To': AGENT })
    expect(r2.Messages[0].Target).toBe(AGENT)
    expect(tagOf(r2.Messages[0], 'X-Reference')).toBe('9')
  })

  it('uses the default asset without an Asset tag', async () => {
    await send(OWNER, { Action: 'Set-Signal', 'Signal-Bps': '007' })
    const r = await send(USER, { Action: 'Get-Signal', 'X-Reference': 'd' })
    expect(parseMessage(signal.getSignalResponse, r.Messages[0])).toMatchObject({
      asset: 'default',
      signalBps: 7,
      data: { Asset: 'default', 'Signal-Bps': 7 },
    })
  })

  it('answers an unknown or malformed asset with Get-Signal-Error carrying X-Reference', async () => {
    const r = await send(USER, { Action: 'Get-Signal', Asset: 'BTC', 'X-Reference': 'u1' })
    expect(tagOf(r.Messages[0], 'X-Reference')).toBe('u1')
    expect(parseMessage(signal.getSignalError, r.Messages[0])).toMatchObject({
      asset: 'BTC',
      error: 'Unknown asset BTC',
    })
    const bad = await send(USER, { Action: 'Get-Signal', Asset: 'a"b', 'X-Reference': 'u2' })
    expect(tagOf(bad.Messages[0], 'X-Reference')).toBe('u2')
    expect(parseMessage(signal.getSignalError, bad.Messages[0]).error).toContain('tag Asset must be')
  })

  it('lets only the owner set signals, and refuses malformed Signal-Bps without changing state', async () => {
    const r = await send(USER, { Action: 'Set-Signal', Asset: ASSET, 'Signal-Bps': '1' })
    expect(r.Error).toContain('Set-Signal: only the process owner may do this')
    for (const v of ['1.5', '', 'abc', '1e3', '+5', '1000001', '-1000001', String(2n ** 70n)]) {
      const bad = await send(OWNER, { Action: 'Set-Signal', Asset: ASSET, 'Signal-Bps': v })
      expect(bad.Error, v).toContain(
        'Set-Signal: tag Signal-Bps must be an integer between -1000000 and 1000000',
      )
    }
    const missing = await send(OWNER, { Action: 'Set-Signal', Asset: ASSET })
    expect(missing.Error).toContain('got nil')
    const badAsset = await send(OWNER, { Action: 'Set-Signal', Asset: 'a b', 'Signal-Bps': '1' })
    expect(badAsset.Error).toContain('Set-Signal: tag Asset must be')
    const g = await send(USER, { Action: 'Get-Signal', Asset: ASSET })
    expect(tagOf(g.Messages[0], 'Signal-Bps')).toBe('-2500')
    const edge = await send(OWNER, { Action: 'Set-Signal', Asset: ASSET, 'Signal-Bps': '-1000000' })
    expect(tagOf(edge.Messages[0], 'Signal-Bps')).toBe('-1000000')
  })

  it('goes silent on the owner switch (no reply to Get-Signal) and answers again after', async () => {
    const u = await send(USER, { Action: 'Set-Silent', Silent: 'true' })
    expect(u.Error).toContain('Set-Silent: only the process owner')
    const bad = await send(OWNER, { Action: 'Set-Silent', Silent: 'yes' })
    expect(bad.Error).toContain('Set-Silent: tag Silent must be "true" or "false", got yes')
    const on = await send(OWNER, { Action: 'Set-Silent', Silent: 'true' })
    expect(parseMessage(signal.setSilentResponse, on.Messages[0]).silent).toBe(true)
    const quiet = await send(USER, { Action: 'Get-Signal', Asset: ASSET, 'X-Reference': 's' })
    expect(quiet.Messages).toEqual([])
    expect(quiet.Error).toBeUndefined()
    // Silent ignores unknown assets too: a caller gets no error reply either.
    expect((await send(USER, { Action: 'Get-Signal', Asset: 'BTC' })).Messages).toEqual([])
    await send(OWNER, { Action: 'Set-Silent', Silent: 'false' })
    const back = await send(USER, { Action: 'Get-Signal', Asset: ASSET, 'X-Reference': 's2' })
    expect(tagOf(back.Messages[0], 'Signal-Bps')).toBe('-1000000')
  })
})
