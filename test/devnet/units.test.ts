import { createHash, generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { addressOf, createDataItem, deepHash, parseDataItem } from '../../src/ao/ans104.ts'
import { cronFirings, parseCrons } from '../../src/devnet/cron.ts'
import { DevnetClock } from '../../src/devnet/DevnetClock.ts'
import { Scheduler } from '../../src/devnet/Scheduler.ts'
import { InvalidCronError, InvalidDataItemError } from '../../src/errors/devnet.ts'

const jwk = generateKeyPairSync('rsa', { modulusLength: 4096, publicExponent: 65537 }).privateKey.export({
  format: 'jwk',
})

describe('ANS-104 data items', () => {
  it('round-trips target, anchor, tags (with non-ASCII) and data; id = sha256(signature)', () => {
    const target = addressOf(jwk)
    const item = createDataItem(jwk, {
      target,
      anchor: '7',
      tags: [
        { name: 'Action', value: 'Transfer' },
        { name: 'Memo', value: 'café ☕' },
      ],
      data: 'hello',
    })
    const again = parseDataItem(item.raw)
    expect(again).toMatchObject({
      id: item.id,
      target,
      anchor: '00000000000000000000000000000007',
      ownerAddress: target,
    })
    expect(again.tags).toEqual([
      { name: 'Action', value: 'Transfer' },
      { name: 'Memo', value: 'café ☕' },
    ])
    expect(Buffer.from(again.data).toString()).toBe('hello')
  })

  it('rejects a tampered item (a changed data byte breaks the signature)', () => {
    const item = createDataItem(jwk, { tags: [{ name: 'A', value: 'b' }], data: 'amount=1' })
    const bad = new Uint8Array(item.raw)
    bad[bad.length - 1] = '2'.charCodeAt(0)
    expect(() => parseDataItem(bad, 'test item')).toThrowError(InvalidDataItemError)
    expect(() => parseDataItem(bad, 'test item')).toThrow(/signature does not verify[\s\S]*in: test item/)
  })

  it('deep-hash distinguishes lists from blobs and lengths', () => {
    const a = deepHash([Buffer.from('ab')])
    const b = deepHash(Buffer.from('ab'))
    const c = deepHash([Buffer.from('a'), Buffer.from('b')])
    expect(new Set([a, b, c].map((x) => Buffer.from(x).toString('hex'))).size).toBe(3)
    expect(a.length).toBe(48)
  })
})

describe('CU-style cron generation', () => {
  const spawn = 1_700_000_000_400 // spawn second 1_700_000_000
  const crons = parseCrons(
    [
      { name: 'Cron-Interval', value: '1-minute' },
      { name: 'Cron-Tag-Action', value: 'Tick' },
      { name: 'Cron-Interval', value: '30-seconds' },
      { name: 'Cron-Tag-Action', value: 'Half' },
    ],
    'p',
  )

  it('groups Cron-Tag-* under the preceding Cron-Interval (in CU order: shorter interval first)', () => {
    expect(crons.map((c) => [c.value, c.tags])).toEqual([
      [30, [{ name: 'Action', value: 'Half' }]],
      [60, [{ name: 'Action', value: 'Tick' }]],
    ])
  })

  it('fires on whole seconds relative to the spawn second, never at spawn, shorter interval first on ties', () => {
    const f = cronFirings(crons, spawn, spawn, spawn + 60_000)
    expect(f.map((x) => [x.timestamp, x.cron.value])).toEqual([
      [1_700_000_030_000, 30],
      [1_700_000_060_000, 30],
      [1_700_000_060_000, 60],
    ])
    // (from, to] is half-open: resuming from the last firing does not repeat it
    expect(cronFirings(crons, spawn, 1_700_000_060_000, 1_700_000_089_999)).toEqual([])
  })

  it('rejects malformed declarations with the process named', () => {
    expect(() => parseCrons([{ name: 'Cron-Tag-Action', value: 'x' }], 'pid-1')).toThrowError(
      InvalidCronError,
    )
    expect(() => parseCrons([{ name: 'Cron-Interval', value: '5-fortnights' }], 'pid-1')).toThrow(
      /unknown unit[\s\S]*pid-1/,
    )
    expect(() => parseCrons([{ name: 'Cron-Interval', value: '500-milliseconds' }], 'pid-1')).toThrow(
      /less than 1 second/,
    )
    expect(() => parseCrons([{ name: 'Cron-Interval', value: '10-blocks' }], 'pid-1')).toThrow(/block crons/)
  })
})

describe('devnet clock', () => {
  it('advance(ms) moves time forward from the latest stamp, even when stamps ran ahead of a manual clock', () => {
    const clock = new DevnetClock({ mode: 'manual', start: 1_000_000 })
    const stamps = [clock.stamp(), clock.stamp(), clock.stamp()]
    expect(stamps).toEqual([1_000_000, 1_000_001, 1_000_002])
    clock.advance(90_001)
    expect(clock.stamp()).toBe(1_000_002 + 90_001)
    expect(() => clock.advance(-1)).toThrow(RangeError)
  })

  it('follows the real wall clock even when Date.now was replaced (ao-loader installs a counter)', async () => {
    const original = Date.now
    Date.now = () => 10_000
    try {
      const clock = new DevnetClock()
      const t0 = clock.stamp()
      expect(t0).toBeGreaterThan(1_600_000_000_000)
      await new Promise((r) => setTimeout(r, 200))
      expect(clock.stamp() - t0).toBeGreaterThanOrEqual(150)
    } finally {
      Date.now = original
    }
  })
})

describe('scheduler log', () => {
  it('assigns nonces, strictly increasing timestamps and a hash chain over the previous assignment', () => {
    const clock = new DevnetClock({ mode: 'manual', start: 1_800_000_000_000 })
    const su = new Scheduler(clock, 'su')
    const items = [0, 1, 2].map((i) =>
      createDataItem(jwk, { tags: [{ name: 'N', value: String(i) }], data: '' }),
    )
    const pid = items[0].id
    const a = items.map((it) => su.assign(pid, it))
    expect(a.map((x) => x.nonce)).toEqual([0, 1, 2])
    expect(a[1].timestamp).toBeGreaterThan(a[0].timestamp)
    expect(a[2].timestamp).toBeGreaterThan(a[1].timestamp)
    const expected = createHash('sha256')
      .update(Buffer.from(a[1].id, 'base64url'))
      .update(Buffer.from(a[1].hashChain, 'base64url'))
      .digest('base64url')
    expect(a[2].hashChain).toBe(expected)
    expect(su.page(pid, { fromNonce: -1, limit: 2 }).page_info.has_next_page).toBe(true)
    expect(su.page(pid, { from: a[0].timestamp, to: a[1].timestamp }).edges.map((e) => e.cursor)).toEqual([
      String(a[1].timestamp),
    ])
  })
})
